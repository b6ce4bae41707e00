"""What activities do when an app below them tells of a change (see ``communities.signals``)."""

from django.dispatch import receiver

from communities.models import Region
from communities.signals import post_region_move, pre_region_move

from . import rollups
from .models import Activity


@receiver(pre_region_move, sender=Region, dispatch_uid="activities.region_move.subtract")
def take_subtree_out_of_monthly_totals(*, path, **kwargs):
    """Before a region moves (or changes level): its subtree's records leave the totals of its old ancestors."""
    rollups.subtract(Activity.objects.filter(region__path__startswith=path))


@receiver(post_region_move, sender=Region, dispatch_uid="activities.region_move.add")
def count_subtree_into_monthly_totals(*, path, **kwargs):
    """After the move: the subtree's records count in the totals of its new ancestors."""
    rollups.add(Activity.objects.filter(region__path__startswith=path))
