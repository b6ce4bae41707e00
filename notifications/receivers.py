"""What notifications do when activities' workflow takes a step (see ``activities.signals``)."""

from django.dispatch import receiver

from activities.models import Activity
from activities.signals import workflow_step

from .services import notify_step


@receiver(workflow_step, sender=Activity, dispatch_uid="notifications.workflow_step")
def tell_of_workflow_step(*, activity, action, actor, reason, **kwargs):
    """Inside the step's transaction: the clerk hears of a return, approval or reopening; reviewers of a submission."""
    notify_step(activity=activity, action=action, actor=actor, reason=reason)
