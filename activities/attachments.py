"""An activity's evidence files (佐证材料): added and removed under the activity's own rules.

The files themselves are kept by the ``evidence`` app (storage, content checks, the record's
history). What makes them an activity's business lives here, the one owner of its figures:

- a file is added or removed only while the activity may change (``services.check_can_change``:
  an approved record is locked until a reviewer reopens it);
- ``Activity.evidence_count`` follows, in the same transaction, with the monthly totals'
  "records with evidence" (``rollups.refreshed``) for submitted and approved records.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from evidence import services as evidence_services
from evidence.models import EvidenceFile
from history.models import Source

from . import rollups
from .models import Activity
from .services import CHANGE_PERMISSION, check_can_change


def _locked(activity_pk):
    """The activity, its row locked: two uploads to one record count one after the other."""
    return Activity.objects.select_for_update(of=("self",)).select_related("region", "category").get(pk=activity_pk)


def _check(actor, activity):
    if actor is not None and not actor.has_perm(CHANGE_PERMISSION):
        raise ValidationError(_("You do not have permission to change this activity's evidence."), code="permission")
    check_can_change(actor=actor, activity=activity)


def _recount(activity_ids):
    """Set ``evidence_count`` of ``activity_ids`` from their files, the monthly totals with it."""
    activities = Activity.objects.filter(pk__in=activity_ids)
    files = (
        EvidenceFile.objects.filter(content_type=evidence_services.content_type_of(Activity), object_id=OuterRef("pk"))
        .order_by()
        .values("object_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    with rollups.refreshed(activities):
        return activities.update(evidence_count=Coalesce(Subquery(files), Value(0)))


@transaction.atomic
def activity_evidence_add(*, actor, activity, kind, upload, source=Source.FORM):
    """Keep ``upload`` as evidence of ``kind`` for ``activity`` (see ``evidence.services.evidence_store``)."""
    current = _locked(activity.pk)
    _check(actor, current)
    evidence = evidence_services.evidence_store(actor=actor, record=current, kind=kind, upload=upload, source=source)
    _recount([current.pk])
    return evidence


@transaction.atomic
def activity_evidence_remove(*, actor, evidence, source=Source.FORM):
    """Remove one of an activity's evidence files; refused like any change of an approved record."""
    current = _locked(evidence.object_id)
    _check(actor, current)
    evidence_services.evidence_delete(actor=actor, evidence=evidence, record=current, source=source)
    _recount([current.pk])
    return current


@transaction.atomic
def activities_recount_evidence(*, activity_ids):
    """Count the evidence files of ``activity_ids`` again (after a bulk load that wrote files directly); how many."""
    return _recount(list(activity_ids))
