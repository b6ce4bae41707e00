"""The review workflow of activities: submit, approve, return, reopen.

    draft ──submit──▶ submitted ──approve──▶ approved
    returned ──submit──▶ submitted ──return──▶ returned ◀──reopen── approved
    submitted ──withdraw──▶ draft    (by the clerk who submitted it, before review)

Each step takes the ``expected_version`` the user saw and changes the row in
one conditional UPDATE that also checks that version and the status it starts
from. Two reviewers acting on the same record cannot both win: the second
UPDATE matches no row and raises ``ConflictError``, and nothing is written.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import scope_of
from evidence.services import HISTORY_KEY as EVIDENCE_KEY
from evidence.services import files_of, files_purge, files_texts
from history.models import Action, Source
from history.services import change_record, change_row, changes_record, json_safe, snapshot

from . import rollups
from .four_eyes import check_four_eyes
from .measures import format_qualifiers
from .models import Activity, IndicatorValue, Participation, Status
from .signals import workflow_step

CHANGE_PERMISSION = "activities.change_activity"
APPROVE_PERMISSION = "activities.approve_activity"
REASON_REQUIRED = gettext_lazy("Give the reason for returning, so the clerk knows what to correct.")


class ConflictError(Exception):
    """The record was changed by someone else after the user loaded it; nothing was written."""

    message = gettext_lazy("Someone else changed this activity in the meantime. Reload it and try again.")

    def __init__(self, message=None):
        self.message = message or self.message
        super().__init__(self.message)

    def __str__(self):
        return str(self.message)


@dataclass(frozen=True)
class Step:
    """One transition of the workflow: where it may start, where it ends, and who may take it."""

    sources: tuple
    target: str
    action: str  # the history action it records
    permission: str
    stamp: str  # "submitted", "reviewed" or "": the step records its actor and time in <stamp>_by, <stamp>_at
    wrong_state: str  # said when the record is in none of ``sources``
    no_permission: str


SUBMIT = Step(
    action=Action.SUBMIT,
    sources=(Status.DRAFT, Status.RETURNED),
    target=Status.SUBMITTED,
    permission=CHANGE_PERMISSION,
    stamp="submitted",
    wrong_state=gettext_lazy("Only draft and returned activities can be submitted for review."),
    no_permission=gettext_lazy("You do not have permission to submit activities for review."),
)
APPROVE = Step(
    action=Action.APPROVE,
    sources=(Status.SUBMITTED,),
    target=Status.APPROVED,
    permission=APPROVE_PERMISSION,
    stamp="reviewed",
    wrong_state=gettext_lazy("Only submitted activities can be approved."),
    no_permission=gettext_lazy("You do not have permission to review activities."),
)
RETURN = Step(
    action=Action.RETURN,
    sources=(Status.SUBMITTED,),
    target=Status.RETURNED,
    permission=APPROVE_PERMISSION,
    stamp="reviewed",
    wrong_state=gettext_lazy("Only submitted activities can be returned."),
    no_permission=gettext_lazy("You do not have permission to review activities."),
)
REOPEN = Step(
    action=Action.REOPEN,
    sources=(Status.APPROVED,),
    target=Status.RETURNED,
    permission=APPROVE_PERMISSION,
    stamp="reviewed",
    wrong_state=gettext_lazy("Only approved activities can be reopened."),
    no_permission=gettext_lazy("You do not have permission to review activities."),
)

WITHDRAW = Step(
    action=Action.WITHDRAW,
    sources=(Status.SUBMITTED,),
    target=Status.DRAFT,
    permission=CHANGE_PERMISSION,
    # No stamp: the submission it takes back stays recorded in history, and the next submit stamps anew.
    stamp="",
    wrong_state=gettext_lazy("Only a submitted activity that is not reviewed yet can be withdrawn."),
    no_permission=gettext_lazy("You do not have permission to withdraw activities."),
)
NOT_YOUR_SUBMISSION = gettext_lazy("Only the person who submitted this activity can withdraw it.")


def check_step(*, actor, activity, step):
    """Raise ``ValidationError`` unless ``actor`` may take ``step`` on ``activity`` as loaded."""
    if not actor.has_perm(step.permission):
        raise ValidationError(str(step.no_permission), code="permission")
    if not scope_of(actor).allows(activity.region):
        raise ValidationError(_("This activity is outside your regions."), code="scope")
    if activity.status not in step.sources:
        raise ValidationError(str(step.wrong_state), code="status")
    if step is WITHDRAW and activity.submitted_by_id != actor.pk:
        raise ValidationError(str(NOT_YOUR_SUBMISSION), code="submitter")


def clean_reason(reason):
    """The reason for a return or reopen, stripped; a blank one is a ``ValidationError`` on "reason"."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ValidationError(str(REASON_REQUIRED), code="required")})
    return reason


def _take(*, actor, activity, expected_version, step, source=Source.FORM, **changes):
    check_step(actor=actor, activity=activity, step=step)
    before = {"status": activity.status, "return_reason": activity.return_reason}
    if activity.version != expected_version:
        # The caller holds a newer row than the one the user decided on.
        raise ConflictError
    now = timezone.now()
    changes["updated_at"] = now
    if step.stamp:
        changes.update({f"{step.stamp}_by": actor, f"{step.stamp}_at": now})
    # One conditional UPDATE, no read-then-write: of two concurrent calls with the
    # same expected version, the database lets exactly one match the row.
    with rollups.refreshed(Activity.objects.filter(pk=activity.pk)):
        updated = Activity.objects.filter(pk=activity.pk, version=expected_version, status=activity.status).update(
            status=step.target, version=F("version") + 1, **changes
        )
    if not updated:
        raise ConflictError
    activity.status, activity.version = step.target, expected_version + 1
    for field, value in changes.items():
        setattr(activity, field, value)
    change_record(
        actor=actor,
        obj=activity,
        action=step.action,
        before=before,
        after={"status": activity.status, "return_reason": activity.return_reason},
        reason=changes.get("return_reason", ""),
        source=source,
        at=now,
    )
    workflow_step.send(
        sender=Activity,
        activity=activity,
        action=step.action,
        actor=actor,
        reason=changes.get("return_reason", ""),
        previous_status=before["status"],
    )
    return activity


MISSING_EVIDENCE = gettext_lazy(
    "“%(title)s” cannot be submitted yet: a record of %(category)s needs %(kinds)s. "
    "Upload it on the record's page, then submit."
)


def missing_evidence(activity):
    """The evidence kinds ``activity``'s category requires that none of its files is of, in the list's order."""
    required = list(activity.category.required_evidence.filter(is_active=True).order_by("sort_order", "pk"))
    if not required:
        return []
    present = set(files_of(activity).values_list("kind_id", flat=True))
    return [kind for kind in required if kind.pk not in present]


def check_required_evidence(activity):
    """Refuse (``ValidationError``, naming what is missing) a submission without the category's required evidence."""
    missing = missing_evidence(activity)
    if missing:
        names = {
            "title": activity.title,
            "category": activity.category.name,
            "kinds": _("、").join(kind.name for kind in missing),
        }
        raise ValidationError(str(MISSING_EVIDENCE) % names, code="evidence")


@transaction.atomic
def activity_submit(*, actor, activity, expected_version, source=Source.FORM):
    """Submit a draft or returned ``activity`` for review, if it carries the evidence its category requires."""
    check_step(actor=actor, activity=activity, step=SUBMIT)
    check_required_evidence(activity)
    return _take(actor=actor, activity=activity, expected_version=expected_version, step=SUBMIT, source=source)


@transaction.atomic
def activity_withdraw(*, actor, activity, expected_version, source=Source.FORM):
    """Take a submitted ``activity`` back to draft, by the clerk who submitted it, before a reviewer decides."""
    return _take(actor=actor, activity=activity, expected_version=expected_version, step=WITHDRAW, source=source)


@transaction.atomic
def activity_approve(*, actor, activity, expected_version, source=Source.FORM):
    """Approve a submitted ``activity``: from now on the totals count it."""
    check_step(actor=actor, activity=activity, step=APPROVE)
    check_four_eyes(actor=actor, activity=activity)
    return _take(
        actor=actor, activity=activity, expected_version=expected_version, step=APPROVE, source=source, return_reason=""
    )


@transaction.atomic
def activity_return(*, actor, activity, expected_version, reason, source=Source.FORM):
    """Return a submitted ``activity`` to its clerk with the ``reason`` to correct."""
    # Who and where before what: someone who may not return records is told so, not asked for a reason.
    check_step(actor=actor, activity=activity, step=RETURN)
    return _take(
        actor=actor,
        activity=activity,
        expected_version=expected_version,
        step=RETURN,
        return_reason=clean_reason(reason),
        source=source,
    )


@transaction.atomic
def activity_reopen(*, actor, activity, expected_version, reason, source=Source.FORM):
    """Turn an approved ``activity`` back to returned with the ``reason``, so its clerk can correct it."""
    check_step(actor=actor, activity=activity, step=REOPEN)
    return _take(
        actor=actor,
        activity=activity,
        expected_version=expected_version,
        step=REOPEN,
        return_reason=clean_reason(reason),
        source=source,
    )


# What a person edits; the workflow and bookkeeping columns are written only by this module.
CONTENT_FIELDS = frozenset(
    f.name for f in Activity._meta.concrete_fields if f.editable and f.name not in {"id", "status", "created_by"}
)


def _indicator_snapshot(activity):
    """{"indicator:<code>": value} of the activity's indicator values, as history keeps them, and
    {"indicator:<code>:qualifier": "多"} beside an approximate one."""
    rows = IndicatorValue.objects.filter(activity=activity).values_list("indicator__code", "value", "qualifier")
    found = {}
    for code, value, qualifier in rows:
        found[f"indicator:{code}"] = value
        if qualifier:
            found[f"indicator:{code}:qualifier"] = qualifier
    return json_safe(found)


def _set_indicator_values(activity, indicator_values, qualifiers=None):
    """Apply {Indicator: value, or None to remove it} to ``activity``'s indicator values.

    ``qualifiers``: {Indicator: qualifier, "" for exact} as the user chose them beside the values (the form);
    without one, a value typed anew is exact.
    """
    qualifiers = qualifiers or {}
    removed = [indicator for indicator, value in indicator_values.items() if value is None]
    if removed:
        IndicatorValue.objects.filter(activity=activity, indicator__in=removed).delete()
    existing = {v.indicator_id: v for v in IndicatorValue.objects.filter(activity=activity)}
    for indicator, value in indicator_values.items():
        if value is None:
            continue
        current = existing.get(indicator.pk)
        qualifier = qualifiers.get(indicator)
        if current is None:
            IndicatorValue.objects.create(
                activity=activity, indicator=indicator, value=value, qualifier=qualifier or ""
            )
        elif current.value != value or (qualifier is not None and qualifier != current.qualifier):
            # A figure typed anew is exact unless its qualifier was chosen: "50多" changed to 52 loses its 多.
            IndicatorValue.objects.filter(pk=current.pk).update(value=value, qualifier=qualifier or "")


@transaction.atomic
def activity_create(*, actor, activity, indicator_values=None, indicator_qualifiers=None, source=Source.FORM):
    """Save the new (validated, unsaved) ``activity`` as a draft entered by ``actor``, with its indicator values
    (and their ``indicator_qualifiers``: {Indicator: 余, 多, 约 …})."""
    scope = scope_of(actor)
    if not scope.allows(activity.region):
        raise ValidationError({"region": _("This region is outside your regions.")})
    if activity.pairing_id is not None and not scope.allows(activity.pairing.region):
        raise ValidationError({"pairing": _("This pairing is outside your regions.")})
    # A draft is in no total: the monthly totals take it in when it is submitted (``_take``).
    activity.status, activity.created_by = Status.DRAFT, actor
    activity.save()
    _set_indicator_values(activity, indicator_values or {}, indicator_qualifiers)
    change_record(
        actor=actor,
        obj=activity,
        action=Action.CREATE,
        after={**snapshot(activity), **_indicator_snapshot(activity)},
        source=source,
    )
    return activity


@transaction.atomic
def activity_update(
    *, actor, activity, data, expected_version, indicator_values=None, indicator_qualifiers=None, source=Source.FORM
):
    """Change the content fields in ``data`` and the ``indicator_values`` of ``activity`` (with the
    ``indicator_qualifiers`` chosen beside them: {Indicator: qualifier, "" for exact}).

    Only if the row is still at ``expected_version`` (the one the user loaded) and
    editable by ``actor``; otherwise ``ConflictError`` and nothing is written.
    The version goes up by one even when nothing changed: the user's save is a
    decision on the content, and a review taken on the older page must conflict.
    """
    unknown = set(data) - CONTENT_FIELDS
    if unknown:
        raise TypeError(f"activity_update() cannot change {sorted(unknown)}")
    current = Activity.objects.select_related("region").get(pk=activity.pk)
    if current.version != expected_version:
        raise ConflictError
    scope = scope_of(actor)
    if not scope.allows(current.region) or ("region" in data and not scope.allows(data["region"])):
        raise ValidationError(_("This activity is outside your regions."), code="scope")
    if data.get("pairing") is not None and not scope.allows(data["pairing"].region):
        raise ValidationError({"pairing": _("This pairing is outside your regions.")})
    check_can_change(actor=actor, activity=current)
    if "qualifiers" not in data and current.qualifiers:
        # A figure typed anew is exact: 8000余 changed to 8100 loses its 余; the others keep theirs.
        kept = {f: q for f, q in current.qualifier_map.items() if f not in data or data[f] == getattr(current, f)}
        if format_qualifiers(kept) != current.qualifiers:
            data = {**data, "qualifiers": format_qualifiers(kept)}
    before = {**snapshot(current), **_indicator_snapshot(current)}
    now = timezone.now()
    # The conditional UPDATE is the guard against a race the check above cannot see:
    # of two saves made on the same version, exactly one matches the row.
    with rollups.refreshed(Activity.objects.filter(pk=activity.pk)):
        updated = Activity.objects.filter(pk=activity.pk, version=expected_version, status=current.status).update(
            **data, version=F("version") + 1, updated_at=now
        )
        if not updated:
            raise ConflictError
        _set_indicator_values(activity, indicator_values or {}, indicator_qualifiers)
    for field, value in data.items():
        setattr(current, field, value)
    current.version, current.updated_at = expected_version + 1, now
    change_record(
        actor=actor,
        obj=current,
        action=Action.UPDATE,
        before=before,
        after={**snapshot(current), **_indicator_snapshot(current)},
        source=source,
        at=now,
    )
    activity.version, activity.updated_at = current.version, now
    return current


DELETE_PERMISSION = "activities.delete_activity"


@transaction.atomic
def activities_delete(*, actor, activities, source=Source.FORM):
    """Delete ``activities`` (rows or a queryset) with their indicator values, participation and evidence files.

    All or nothing.

    Refused unless every one is in ``actor``'s scope and open to change: an approved record is
    reopened first, like any other change of its figures. Each deleted row leaves its history.
    Returns how many were deleted.
    """
    if not actor.has_perm(DELETE_PERMISSION):
        raise ValidationError(_("You do not have permission to delete activities."), code="permission")
    scope = scope_of(actor)
    doomed = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("region")
        .filter(pk__in=[a.pk for a in activities])
    )
    rows = list(doomed.order_by("pk"))
    for activity in rows:
        if not scope.allows(activity.region):
            raise ValidationError(_("This activity is outside your regions."), code="scope")
        check_can_change(actor=actor, activity=activity)
    now = timezone.now()
    participations = Participation.objects.filter(activity__in=rows).order_by("pk")
    history = [
        change_row(actor=actor, obj=row, action=Action.DELETE, before=snapshot(row), source=source, at=now)
        for row in participations
    ]
    evidence = files_texts(model=Activity, ids=[a.pk for a in rows])
    history += [
        change_row(
            actor=actor,
            obj=activity,
            action=Action.DELETE,
            before={
                **snapshot(activity),
                **_indicator_snapshot(activity),
                **({EVIDENCE_KEY: evidence[activity.pk]} if activity.pk in evidence else {}),
            },
            source=source,
            at=now,
        )
        for activity in rows
    ]
    changes_record(history)
    files_purge(model=Activity, ids=[a.pk for a in rows])
    # After the delete the queryset finds nothing, so ``refreshed`` only takes the old figures out.
    with rollups.refreshed(Activity.objects.filter(pk__in=[a.pk for a in rows])):
        participations.delete()
        IndicatorValue.objects.filter(activity__in=rows).delete()
        Activity.objects.filter(pk__in=[a.pk for a in rows]).delete()
    return len(rows)


def monthly_totals_rebuild():
    """Add up the monthly totals again from every record: after a bulk load that wrote rows directly
    (the demo, the benchmark province, a restore); the application's own writes keep them in step."""
    rollups.rebuild()


def can_edit(*, user, activity):
    """True when ``user`` may edit ``activity``'s content in its current status.

    Clerks edit drafts and returned records; reviewers may also correct a
    submitted one before deciding. Nobody edits an approved record: a reviewer
    reopens it first, so the totals never change behind the reviewer's back.
    """
    if activity.status == Status.APPROVED:
        return False
    if activity.status == Status.SUBMITTED:
        # ``None`` is the operator at the command line (an import without --user).
        return user is None or user.has_perm(APPROVE_PERMISSION)
    return True


LOCKED = gettext_lazy(
    "The activity “%(title)s” (%(date)s) is approved: its figures, indicators and participation are locked. "
    "A reviewer or manager of its region can reopen it with a reason; then it can be corrected."
)
UNDER_REVIEW = gettext_lazy(
    "The activity “%(title)s” (%(date)s) is submitted for review and cannot be changed now. "
    "A reviewer can return it to you for correction."
)


def lock_message(*, actor, activity):
    """Why ``actor`` may not change ``activity``'s figures now (what ``check_can_change`` says), or None."""
    try:
        check_can_change(actor=actor, activity=activity)
    except ValidationError as error:
        return error.messages[0]
    return None


def check_can_change(*, actor, activity):
    """Refuse (``ValidationError``) unless ``actor`` may change ``activity``'s figures in its status.

    The one rule for every path that writes an activity's figures, indicator values or
    participation — form, admin, participation pages, imports, bulk actions — so an approved
    record changes only after a reviewer reopens it.
    """
    if can_edit(user=actor, activity=activity):
        return
    names = {"title": activity.title, "date": activity.date}
    if activity.status == Status.APPROVED:
        raise ValidationError(str(LOCKED) % names, code="locked")
    raise ValidationError(str(UNDER_REVIEW) % names, code="status")


def _each(activities, expected_versions, action):
    """Apply ``action(activity, expected_version)`` to each activity; return (done, skipped).

    ``skipped`` pairs each refused activity with the reason it was refused.
    """
    expected_versions = expected_versions or {}
    done, skipped = [], []
    # A fixed order: two people acting on overlapping selections lock rows in the same order.
    for activity in sorted(activities, key=lambda a: a.pk):
        try:
            # Each record in its own savepoint: one refused record leaves the others done.
            with transaction.atomic():
                action(activity, expected_versions.get(activity.pk, activity.version))
        except ValidationError as error:
            skipped.append((activity, " ".join(error.messages)))
        except ConflictError as error:
            skipped.append((activity, str(error)))
        else:
            done.append(activity)
    return done, skipped


@transaction.atomic
def activities_submit(*, actor, activities, expected_versions=None):
    """Submit each of ``activities``; return (done, skipped).

    ``expected_versions`` maps a pk to the version the user saw; by default the version each was loaded with.
    """
    return _each(
        activities,
        expected_versions,
        lambda a, version: activity_submit(actor=actor, activity=a, expected_version=version, source=Source.BULK),
    )


@transaction.atomic
def activities_approve(*, actor, activities, expected_versions=None):
    """Approve each of ``activities``; return (done, skipped). ``expected_versions`` as for ``activities_submit``."""
    return _each(
        activities,
        expected_versions,
        lambda a, version: activity_approve(actor=actor, activity=a, expected_version=version, source=Source.BULK),
    )


@transaction.atomic
def activities_return(*, actor, activities, reason, expected_versions=None):
    """Return each of ``activities`` with one ``reason``; return (done, skipped).

    A blank reason refuses the whole batch (``ValidationError`` on "reason") rather than skipping every record.
    """
    reason = clean_reason(reason)
    return _each(
        activities,
        expected_versions,
        lambda a, version: activity_return(
            actor=actor, activity=a, expected_version=version, reason=reason, source=Source.BULK
        ),
    )


@transaction.atomic
def activities_reopen(*, actor, activities, reason, expected_versions=None):
    """Reopen each of ``activities`` with one ``reason``; return (done, skipped). As ``activities_return``."""
    reason = clean_reason(reason)
    return _each(
        activities,
        expected_versions,
        lambda a, version: activity_reopen(
            actor=actor, activity=a, expected_version=version, reason=reason, source=Source.BULK
        ),
    )
