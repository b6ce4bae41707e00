"""Writes of participation (a person's hours at an activity), the recount, and person merges.

Participation is part of an activity's figures: an activity with participation records
carries, in ``volunteers`` and ``volunteer_hours``, the count (person-times, 人次) and the hour
sum of those records, written by ``activities_recount_participation`` after every change to
them. The figures typed before the first record are kept as the activity's reported figures
(填报数, ``reported_volunteers`` / ``reported_volunteer_hours``), never added to the counted
ones, and given back if every record goes.

Every function takes keyword arguments only, runs in one transaction, checks the actor's
permission and scope, refuses an activity whose figures are locked (approved, or under review
for a clerk: ``services.check_can_change``) before writing anything, and writes its history
rows and monthly totals beside its change.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from history.models import Action, Source
from history.services import change_record, change_row, changes_record, json_safe, snapshot
from volunteers.models import Person, TeamMembership
from volunteers.services import check_person_in_scope, refuse, require

from . import rollups
from .models import Activity, Participation
from .services import check_can_change

MAX_HOURS = Decimal(24)
RECOUNT_CHUNK = 5_000  # activity ids per UPDATE: well inside SQLite's limit on query parameters

ADD_PARTICIPATION = "activities.add_participation"
CHANGE_PARTICIPATION = "activities.change_participation"
DELETE_PARTICIPATION = "activities.delete_participation"
MERGE_PEOPLE = "volunteers.delete_person"

# The volunteer figures the recount writes, as history shows them.
_COUNTED = ("volunteers", "volunteer_hours", "volunteers_from_participation")
_REPORTED = ("reported_volunteers", "reported_volunteer_hours")


def clean_hours(value, field="hours"):
    """``value`` as a Decimal with at most two decimals, more than 0 and at most 24; else ``ValidationError``."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        refuse(field, _("Enter the hours as a number, for example 2 or 1.5."), "invalid")
    if not hours.is_finite():
        refuse(field, _("Enter the hours as a number, for example 2 or 1.5."), "invalid")
    if hours < 0:
        refuse(field, _("Hours cannot be negative."), "negative")
    if hours == 0:
        refuse(field, _("Hours must be more than 0; leave the person out if they did not serve."), "zero")
    if hours > MAX_HOURS:
        refuse(field, _("One person cannot serve more than 24 hours at one activity."), "too_many")
    if hours != hours.quantize(Decimal("0.01")):
        refuse(field, _("Give the hours with at most two decimals."), "decimals")
    return hours


def check_activity_open(actor, activity, field="activity"):
    """Refuse unless ``activity`` is in ``actor``'s scope and its figures may change now (see ``check_can_change``)."""
    if not scope_of(actor).allows(activity.region):
        refuse(field, _("This activity is outside your regions."), "scope")
    try:
        check_can_change(actor=actor, activity=activity)
    except ValidationError as error:
        refuse(field, error.messages[0], error.code)


def _current(activity):
    """``activity`` as stored now, locked for this transaction (a review cannot slip in between check and write)."""
    return Activity.objects.select_for_update(of=("self",)).select_related("region").get(pk=activity.pk)


@transaction.atomic
def participation_record(*, actor, person, activity, hours, source=Source.FORM):
    """Record that ``person`` served ``hours`` at ``activity``; returns the new ``Participation``.

    A refusal is keyed "hours" (the hours) or "person" (scope, already recorded), or "activity" (locked).
    """
    return _record(actor, activity, {person: hours}, source, field=lambda person, what: what)[0]


@transaction.atomic
def participations_record(*, actor, activity, hours_by_person, source=Source.FORM):
    """Record several people's hours at one ``activity`` at once (``{person: hours}``); all or nothing.

    Errors are collected per person (``ValidationError`` keyed "person-<pk>") so a form can
    show each beside its row; nothing is written unless every row is right.
    """
    return _record(actor, activity, hours_by_person, source, field=lambda person, what: f"person-{person.pk}")


def _record(actor, activity, hours_by_person, source, *, field):
    require(actor, ADD_PARTICIPATION)
    activity = _current(activity)
    check_activity_open(actor, activity)
    errors, cleaned = {}, {}
    already = set(
        Participation.objects.filter(activity=activity, person__in=list(hours_by_person)).values_list(
            "person_id", flat=True
        )
    )
    for person, hours in hours_by_person.items():
        try:
            cleaned[person] = clean_hours(hours, field=field(person, "hours"))
            check_person_in_scope(actor, person, field=field(person, "person"))
            if person.pk in already:
                refuse(
                    field(person, "person"),
                    _("%(name)s's service at this activity is already recorded; change its hours instead.")
                    % {"name": person.name},
                    "duplicate",
                )
        except ValidationError as error:
            errors.update(error.message_dict)
    if not hours_by_person:
        errors["__all__"] = [_("Choose at least one person who served.")]
    if errors:
        raise ValidationError(errors)
    rows = Participation.objects.bulk_create(
        [Participation(person=person, activity=activity, hours=hours) for person, hours in cleaned.items()]
    )
    if rows and rows[0].pk is None:  # databases that do not return ids from a bulk insert
        rows = list(Participation.objects.filter(activity=activity, person__in=list(cleaned)).order_by("pk"))
    rollups.add_participations(Participation.objects.filter(pk__in=[row.pk for row in rows]))
    now = timezone.now()
    changes_record(change_row(actor=actor, obj=row, action=Action.CREATE, source=source, at=now) for row in rows)
    activities_recount_participation(activity_ids=[activity.pk], actor=actor, source=source)
    return rows


@transaction.atomic
def participation_update(*, actor, participation, hours, person=None, activity=None, source=Source.FORM):
    """Change the ``hours`` of one ``participation`` and, when given, move it to another ``person`` or ``activity``.

    Both the activity it leaves and the one it joins must be open to change; both are recounted.
    """
    require(actor, CHANGE_PARTICIPATION)
    hours = clean_hours(hours)
    stored = Participation.objects.select_related("person__region", "activity").get(pk=participation.pk)
    person = person or stored.person
    leaving = _current(stored.activity)
    check_activity_open(actor, leaving)
    # A move locks and checks the activity it joins too; a change of hours reads its one activity once.
    target = leaving if activity is None or activity.pk == leaving.pk else _current(activity)
    if target is not leaving:
        check_activity_open(actor, target)
    check_person_in_scope(actor, stored.person)
    check_person_in_scope(actor, person)
    if (person.pk, target.pk) != (stored.person_id, stored.activity_id) and (
        Participation.objects.filter(person=person, activity=target).exists()
    ):
        refuse(
            "person",
            _("%(name)s's service at this activity is already recorded; change its hours instead.")
            % {"name": person.name},
            "duplicate",
        )
    before = snapshot(stored)
    with rollups.participations_refreshed(Participation.objects.filter(pk=stored.pk)):
        Participation.objects.filter(pk=stored.pk).update(person=person, activity=target, hours=hours)
    participation.person, participation.activity, participation.hours = person, target, hours
    change_record(actor=actor, obj=participation, action=Action.UPDATE, before=before, source=source)
    activities_recount_participation(activity_ids={stored.activity_id, target.pk}, actor=actor, source=source)
    return participation


@transaction.atomic
def participation_delete(*, actor, participation, source=Source.FORM):
    """Delete one ``participation`` record."""
    participations_delete(actor=actor, participations=[participation], source=source)


@transaction.atomic
def participations_delete(*, actor, participations, source=Source.BULK):
    """Delete ``participations`` (rows or a queryset); all or nothing, refused if any activity is locked."""
    require(actor, DELETE_PARTICIPATION)
    rows = list(
        Participation.objects.filter(pk__in=[p.pk for p in participations])
        # The activity too: each history row names it (``Participation.__str__``).
        .select_related("person__region", "activity")
        .order_by("pk")
    )
    activities = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("region")
        .filter(pk__in={r.activity_id for r in rows})
    )
    for activity in activities.order_by("pk"):
        check_activity_open(actor, activity)
    for row in rows:
        check_person_in_scope(actor, row.person)
    now = timezone.now()
    changes_record(
        change_row(actor=actor, obj=row, action=Action.DELETE, before=snapshot(row), source=source, at=now)
        for row in rows
    )
    doomed = Participation.objects.filter(pk__in=[row.pk for row in rows])
    with rollups.participations_refreshed(doomed):
        doomed.delete()
    activities_recount_participation(activity_ids={row.activity_id for row in rows}, actor=actor, source=source)
    return len(rows)


def participations_import(*, actor, batch_id, at, creates, updates):
    """An import's participation writes: ``creates`` (unsaved records), ``updates`` ((record, new hours)).

    The import has checked each record's activity (``check_can_change``) and person; this writes them
    in bulk with their history rows (``Source.IMPORT``) and counts the new ones into the monthly
    totals. The caller recounts the activities after its last chunk (``activities_recount_participation``).
    """
    Participation.objects.bulk_create(creates)
    # New records count in the monthly volunteers; so do the hours of the records updated (below).
    rollups.add_participations(Participation.objects.filter(pk__in=[p.pk for p in creates]))
    history = [
        change_row(actor=actor, obj=p, action=Action.CREATE, source=Source.IMPORT, batch_id=batch_id, at=at)
        for p in creates
    ]
    changed = []
    for participation, hours in updates:
        before = snapshot(participation)
        participation.hours, participation.import_batch_id = hours, batch_id
        changed.append(participation)
        history.append(
            change_row(
                actor=actor,
                obj=participation,
                action=Action.UPDATE,
                before=before,
                source=Source.IMPORT,
                batch_id=batch_id,
                at=at,
            )
        )
    with rollups.participations_refreshed(Participation.objects.filter(pk__in=[p.pk for p in changed])):
        Participation.objects.bulk_update(changed, ["hours", "import_batch"])
    changes_record(history)


@transaction.atomic
def activities_recount_participation(*, activity_ids, actor=None, source=Source.COMMAND, batch_id=None):
    """Make each of ``activity_ids`` with participation records carry their count and hour sum.

    One set-based UPDATE per chunk of ids: ``volunteers`` = the number of records
    (person-times), ``volunteer_hours`` = their hours, ``volunteers_from_participation``
    set; the figures typed before the first record move to the reported figures (填报数).
    An activity whose records have all gone gets its reported figures back; an activity
    that never had records keeps its typed figures. Only rows whose figures change are
    updated (and their ``version`` bumped, so a reviewer's decision on the old figures
    conflicts); each gets a history row. Returns how many activities changed.

    Callers check that the activities are open to change (``check_can_change``) before
    writing the participation; this only brings the figures in line with the records.
    Call it inside the transaction that wrote the participation (imports do, after
    their bulk writes).
    """
    ids = sorted({int(pk) for pk in activity_ids})
    changed = 0
    for start in range(0, len(ids), RECOUNT_CHUNK):
        changed += _recount_chunk(ids[start : start + RECOUNT_CHUNK], actor=actor, source=source, batch_id=batch_id)
    return changed


def _recounted(activity, sums):
    """The figures ``activity`` should carry given ``sums`` ({activity id: (count, hours)}), as a dict."""
    if activity.pk in sums:
        count, hours = sums[activity.pk]
        reported = (
            (activity.reported_volunteers, activity.reported_volunteer_hours)
            if activity.volunteers_from_participation
            else (activity.volunteers, activity.volunteer_hours)
        )
        counted = (count, Decimal(hours).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), True)
        return dict(zip(_COUNTED + _REPORTED, counted + reported, strict=True))
    # Every record has gone: the typed figures come back.
    typed = (activity.reported_volunteers, activity.reported_volunteer_hours, False)
    return dict(zip(_COUNTED + _REPORTED, typed + (None, None), strict=True))


def _recount_chunk(ids, *, actor, source, batch_id):
    sums = {
        row["activity_id"]: (row["n"], row["h"])
        for row in Participation.objects.filter(activity_id__in=ids)
        .order_by()
        .values("activity_id")
        .annotate(n=Count("pk"), h=Sum("hours"))
    }
    before = {
        activity.pk: activity
        for activity in Activity.objects.filter(
            Q(pk__in=list(sums)) | Q(pk__in=ids, volunteers_from_participation=True)
        )
        .order_by()
        .only("pk", "date", "title", *_COUNTED, *_REPORTED)
    }
    stale = {
        pk: figures
        for pk, activity in before.items()
        if (figures := _recounted(activity, sums)) != {f: getattr(activity, f) for f in _COUNTED + _REPORTED}
    }
    if not stale:
        return 0
    rows = Participation.objects.filter(activity_id=OuterRef("pk")).order_by().values("activity_id")
    has_rows = Exists(rows)
    was_counted = Q(volunteers_from_participation=True)
    now = timezone.now()
    # One UPDATE computes the figures in the database from the records as they are now; every
    # right-hand side reads the row as it was before the UPDATE, on SQLite as on PostgreSQL.
    changed = Activity.objects.filter(pk__in=list(stale))
    with rollups.refreshed(changed):
        changed.update(
            volunteers=Case(
                When(has_rows, then=Subquery(rows.annotate(n=Count("pk")).values("n")[:1])),
                default=F("reported_volunteers"),
                output_field=Activity._meta.get_field("volunteers"),
            ),
            # Rounded in SQL to the column's one decimal, half away from zero on every database.
            volunteer_hours=Case(
                When(has_rows, then=Subquery(rows.annotate(h=Round(Sum("hours"), 1)).values("h")[:1])),
                default=F("reported_volunteer_hours"),
                output_field=Activity._meta.get_field("volunteer_hours"),
            ),
            reported_volunteers=Case(
                When(has_rows & was_counted, then=F("reported_volunteers")),
                When(has_rows, then=F("volunteers")),
                default=Value(None),
                output_field=Activity._meta.get_field("volunteers"),
            ),
            reported_volunteer_hours=Case(
                When(has_rows & was_counted, then=F("reported_volunteer_hours")),
                When(has_rows, then=F("volunteer_hours")),
                default=Value(None),
                output_field=Activity._meta.get_field("volunteer_hours"),
            ),
            volunteers_from_participation=has_rows,
            version=F("version") + 1,
            updated_at=now,
        )
    history = []
    for pk, figures in stale.items():
        activity = before[pk]
        old = {field: getattr(activity, field) for field in _COUNTED + _REPORTED}
        for field, value in figures.items():
            setattr(activity, field, value)
        history.append(
            change_row(
                actor=actor,
                obj=activity,
                action=Action.UPDATE,
                before=json_safe(old),
                after=json_safe(figures),
                reason=_("Volunteer figures recounted from participation records"),
                source=source,
                batch_id=batch_id,
                at=now,
            )
        )
    changes_record(history)
    return len(stale)


# The fields a merge fills on the kept person when they are empty there.
_MERGE_FILL = ("phone", "id_number", "gender", "work_unit", "reporting_community_id", "reported_on")


@transaction.atomic
def person_merge(*, actor, keep, duplicate, source=Source.FORM):
    """Move ``duplicate``'s participation and memberships to ``keep``, then delete ``duplicate``.

    Where both served at the same activity, the kept person's record stays and the
    duplicate's is dropped (with its history): that activity's figures change, so it must be
    open to change (an approved one is reopened first). Empty fields of ``keep`` are filled
    from ``duplicate``. Every moved, dropped and changed row gets a history row with action
    "merged"; the activities concerned are recounted.
    """
    require(actor, MERGE_PEOPLE)
    if keep.pk == duplicate.pk:
        refuse("duplicate", _("A person cannot be merged into themselves; choose two different records."), "self")
    check_person_in_scope(actor, keep, field="keep")
    check_person_in_scope(actor, duplicate, field="duplicate")
    # Lock both rows in a fixed order, so two merges of the same pair cannot interleave.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")}
    if len(locked) != 2:
        refuse("duplicate", _("One of these people has been deleted or merged in the meantime."), "gone")
    now = timezone.now()
    reason = _("Merged person #%(duplicate)s (%(name)s) into #%(keep)s") % {
        "duplicate": duplicate.pk,
        "name": duplicate.name,
        "keep": keep.pk,
    }
    history = []

    kept_activities = set(Participation.objects.filter(person=keep).values_list("activity_id", flat=True))
    moved, dropped = [], []
    for row in Participation.objects.filter(person=duplicate).select_related("person", "activity").order_by("pk"):
        (dropped if row.activity_id in kept_activities else moved).append(row)
    # A moved record leaves its activity's figures as they are; a dropped one changes them.
    for activity in (
        Activity.objects.select_for_update().filter(pk__in={row.activity_id for row in dropped}).order_by("pk")
    ):
        check_activity_open(actor, activity, field="duplicate")
    for row in dropped:
        history.append(
            change_row(
                actor=actor, obj=row, action=Action.DELETE, before=snapshot(row), reason=reason, source=source, at=now
            )
        )
    for row in moved:
        before = snapshot(row)
        row.person_id = keep.pk
        history.append(
            change_row(actor=actor, obj=row, action=Action.MERGE, before=before, reason=reason, source=source, at=now)
        )
    with rollups.participations_refreshed(Participation.objects.filter(pk__in=[row.pk for row in dropped + moved])):
        Participation.objects.filter(pk__in=[row.pk for row in dropped]).delete()
        Participation.objects.filter(pk__in=[row.pk for row in moved]).update(person=keep)

    kept_spells = set(TeamMembership.objects.filter(person=keep).values_list("team_id", "joined_on"))
    for membership in TeamMembership.objects.filter(person=duplicate).order_by("pk"):
        if (membership.team_id, membership.joined_on) in kept_spells:
            history.append(
                change_row(
                    actor=actor,
                    obj=membership,
                    action=Action.DELETE,
                    before=snapshot(membership),
                    reason=reason,
                    source=source,
                    at=now,
                )
            )
            membership.delete()
            continue
        before = snapshot(membership)
        membership.person_id = keep.pk
        membership.save(update_fields=["person"])
        history.append(
            change_row(
                actor=actor, obj=membership, action=Action.MERGE, before=before, reason=reason, source=source, at=now
            )
        )

    duplicate_before = snapshot(duplicate)
    keep_before = snapshot(keep)
    filled = [f for f in _MERGE_FILL if getattr(keep, f) in (None, "") and getattr(duplicate, f) not in (None, "")]
    history.append(
        change_row(
            actor=actor,
            obj=duplicate,
            action=Action.DELETE,
            before=duplicate_before,
            reason=reason,
            source=source,
            at=now,
        )
    )
    Person.objects.filter(pk=duplicate.pk).delete()  # frees its ID number before the kept person takes it
    for field in filled:
        setattr(keep, field, getattr(duplicate, field))
    if filled:
        keep.save(update_fields=[f.removesuffix("_id") for f in filled])
    # A merge row on the kept person even when no field was filled: the merge itself is the change.
    history.append(
        change_row(actor=actor, obj=keep, action=Action.MERGE, before=keep_before, reason=reason, source=source, at=now)
    )
    changes_record(history)
    activities_recount_participation(activity_ids={row.activity_id for row in dropped}, actor=actor, source=source)
    return keep
