"""Writes of assessments: schemes, their weighted items, scores by branch or unit, star ratings.

Same rules as ``regional.services``. A score is recorded once per item and subject; recording it
again corrects it (an UPDATE in its history), so a scoring sheet can be entered twice safely.
"""

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from history.models import Action, Source
from history.services import snapshot

from .models import AssessmentItem, AssessmentRating, AssessmentScheme, AssessmentScore, MemberUnit, SupervisionCheck
from .services import check_in_scope, locked, refuse, require, save_and_record


def _points(value):
    """100.00 -> "100", 37.50 -> "37.5": points as people write them."""
    return format(value.normalize(), "f")


def _subject(subject):
    """{"organization": ..., "unit": ...} for a branch/organization or a member unit."""
    if isinstance(subject, MemberUnit):
        return {"organization": None, "unit": subject}
    return {"organization": subject, "unit": None}


def _check_subject(actor, subject):
    if subject is None:
        refuse("organization", _("Choose the branch or unit assessed."), "required")
    check_in_scope(
        actor, subject.region, "organization", _("%(subject)s is outside your regions.") % {"subject": subject}
    )


@transaction.atomic
def assessment_scheme_create(
    *, actor, region, name, year, full_marks=None, organization=None, notes="", source=Source.FORM
):
    """An assessment (考核) of ``year`` over ``region``, out of ``full_marks`` (百分制 by default)."""
    require(actor, "regional.add_assessmentscheme")
    check_in_scope(actor, region, "region", _("This region is outside your regions."))
    scheme = AssessmentScheme(region=region, name=name, year=year, organization=organization, notes=notes)
    if full_marks is not None:
        scheme.full_marks = full_marks
    return save_and_record(scheme, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def assessment_item_add(*, actor, scheme, name, weight, sort_order=0, source=Source.FORM):
    """Add an item carrying ``weight`` points; the items together cannot carry more than the full marks."""
    require(actor, "regional.add_assessmentitem")
    scheme = locked(AssessmentScheme, scheme)  # two items added at once cannot both pass the total check
    check_in_scope(actor, scheme.region, "scheme", _("This assessment is outside your regions."))
    carried = scheme.items.aggregate(total=Sum("weight"))["total"] or 0
    if weight is not None and carried + weight > scheme.full_marks:
        refuse(
            "weight",
            _("The items would carry %(total)s points, more than the full marks of %(full)s.")
            % {"total": _points(carried + weight), "full": _points(scheme.full_marks)},
            "over_full_marks",
        )
    item = AssessmentItem(scheme=scheme, name=name, weight=weight, sort_order=sort_order)
    return save_and_record(item, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def assessment_score_record(*, actor, item, subject, score, source=Source.FORM):
    """The points ``subject`` (a branch, organization or member unit) got on ``item``; again corrects it."""
    require(actor, "regional.add_assessmentscore")
    check_in_scope(actor, item.scheme.region, "item", _("This assessment is outside your regions."))
    _check_subject(actor, subject)
    if score is not None and score > item.weight:
        refuse(
            "score",
            _("%(item)s carries %(weight)s points; %(score)s is more.")
            % {"item": item.name, "weight": _points(item.weight), "score": _points(score)},
            "over_weight",
        )
    who = _subject(subject)
    existing = AssessmentScore.objects.select_for_update().filter(item=item, **who).order_by("pk").first()
    if existing is None:
        row = AssessmentScore(scheme=item.scheme, item=item, score=score, **who)
        return save_and_record(row, actor=actor, action=Action.CREATE, source=source)
    before = snapshot(existing)
    existing.score = score
    return save_and_record(existing, actor=actor, action=Action.UPDATE, before=before, source=source)


@transaction.atomic
def assessment_rate(*, actor, scheme, subject, stars, remarks="", source=Source.FORM):
    """The star rating (评星定级) of ``subject`` in ``scheme``; rating again changes it."""
    require(actor, "regional.add_assessmentrating")
    check_in_scope(actor, scheme.region, "scheme", _("This assessment is outside your regions."))
    _check_subject(actor, subject)
    who = _subject(subject)
    existing = AssessmentRating.objects.select_for_update().filter(scheme=scheme, **who).order_by("pk").first()
    if existing is None:
        row = AssessmentRating(scheme=scheme, stars=stars, remarks=remarks, **who)
        return save_and_record(row, actor=actor, action=Action.CREATE, source=source)
    before = snapshot(existing)
    existing.stars, existing.remarks = stars, remarks
    return save_and_record(existing, actor=actor, action=Action.UPDATE, before=before, source=source)


SUPERVISION_FIELDS = ("region", "organization", "subject", "start", "end", "groups", "areas", "areas_label")
SUPERVISION_FIELDS += ("places", "places_label", "findings")


@transaction.atomic
def supervision_check_create(*, actor, source=Source.FORM, **fields):
    """A supervision (督导) by ``groups`` groups of ``areas`` areas and ``places`` places, over ``region``."""
    require(actor, "regional.add_supervisioncheck")
    unknown = set(fields) - set(SUPERVISION_FIELDS)
    if unknown:
        raise TypeError(f"supervision_check_create() got unexpected fields {sorted(unknown)}")
    check = SupervisionCheck(**fields)
    check_in_scope(
        actor, check.region if check.region_id else None, "region", _("This region is outside your regions.")
    )
    if check.organization_id and not scope_for(actor).allows(check.organization.region):
        refuse("organization", _("This organization is outside your regions."), "scope")
    return save_and_record(check, actor=actor, action=Action.CREATE, source=source)
