"""Writes of the volunteer ledger: participation, team membership, merging duplicates, and the recount.

Every function takes keyword arguments only, runs in one transaction, checks
the actor's permission and scope (``accounts.scope``) and writes its history
rows beside its change. A refused call raises ``ValidationError`` keyed by the
form field it concerns, with a message a clerk can act on, and changes nothing.

Activities with participation records carry, in ``volunteers`` and
``volunteer_hours``, the count (person-times, 人次) and the hour sum of those
records, written by ``activities_recount_participation`` after every change to
them; an activity without records keeps the figures typed for it. The two are
never added together.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from activities import rollups
from activities.models import Activity
from history.models import Action, Source
from history.services import change_record, change_row, changes_record, json_safe, snapshot

from .models import Participation, Person, TeamMembership

MIN_HOURS = Decimal(0)
MAX_HOURS = Decimal(24)
RECOUNT_CHUNK = 5_000  # activity ids per UPDATE: well inside SQLite's limit on query parameters

ADD_PARTICIPATION = "volunteers.add_participation"
CHANGE_PARTICIPATION = "volunteers.change_participation"
DELETE_PARTICIPATION = "volunteers.delete_participation"
ADD_MEMBERSHIP = "volunteers.add_teammembership"
CHANGE_MEMBERSHIP = "volunteers.change_teammembership"
MERGE_PEOPLE = "volunteers.delete_person"


def _refuse(field, message, code):
    raise ValidationError({field: ValidationError(message, code=code)})


def _require(actor, permission):
    if not actor.has_perm(permission):
        raise ValidationError(_("You do not have permission to change volunteer records."), code="permission")


def clean_hours(value, field="hours"):
    """``value`` as a Decimal with at most two decimals, more than 0 and at most 24; else ``ValidationError``."""
    try:
        hours = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        _refuse(field, _("Enter the hours as a number, for example 2 or 1.5."), "invalid")
    if not hours.is_finite():
        _refuse(field, _("Enter the hours as a number, for example 2 or 1.5."), "invalid")
    if hours < 0:
        _refuse(field, _("Hours cannot be negative."), "negative")
    if hours == 0:
        _refuse(field, _("Hours must be more than 0; leave the person out if they did not serve."), "zero")
    if hours > MAX_HOURS:
        _refuse(field, _("One person cannot serve more than 24 hours at one activity."), "too_many")
    if hours != hours.quantize(Decimal("0.01")):
        _refuse(field, _("Give the hours with at most two decimals."), "decimals")
    return hours


def check_person_in_scope(actor, person, field="person"):
    if not scope_of(actor).allows(person.region):
        _refuse(field, _("This person is outside your regions."), "scope")


def check_activity_in_scope(actor, activity, field="activity"):
    if not scope_of(actor).allows(activity.region):
        _refuse(field, _("This activity is outside your regions."), "scope")


@transaction.atomic
def participation_record(*, actor, person, activity, hours, source=Source.FORM):
    """Record that ``person`` served ``hours`` at ``activity``; returns the new ``Participation``.

    An activity not approved yet takes the record, but its hours count only once it is approved.
    """
    _require(actor, ADD_PARTICIPATION)
    hours = clean_hours(hours)
    check_person_in_scope(actor, person)
    check_activity_in_scope(actor, activity)
    if Participation.objects.filter(person=person, activity=activity).exists():
        _refuse(
            "person",
            _("%(name)s's service at this activity is already recorded; change its hours instead.")
            % {"name": person.name},
            "duplicate",
        )
    participation = Participation.objects.create(person=person, activity=activity, hours=hours)
    rollups.add_participations(Participation.objects.filter(pk=participation.pk))
    change_record(actor=actor, obj=participation, action=Action.CREATE, source=source)
    activities_recount_participation(activity_ids=[activity.pk], actor=actor, source=source)
    return participation


@transaction.atomic
def participations_record(*, actor, activity, hours_by_person, source=Source.FORM):
    """Record several people's hours at one ``activity`` at once (``{person: hours}``); all or nothing.

    Errors are collected per person (``ValidationError`` keyed "person-<pk>") so a form can
    show each beside its row; nothing is written unless every row is right.
    """
    _require(actor, ADD_PARTICIPATION)
    check_activity_in_scope(actor, activity)
    errors, cleaned = {}, {}
    already = set(
        Participation.objects.filter(activity=activity, person__in=list(hours_by_person)).values_list(
            "person_id", flat=True
        )
    )
    for person, hours in hours_by_person.items():
        key = f"person-{person.pk}"
        try:
            cleaned[person] = clean_hours(hours, field=key)
            check_person_in_scope(actor, person, field=key)
            if person.pk in already:
                _refuse(
                    key, _("%(name)s's service at this activity is already recorded.") % {"name": person.name}, "dup"
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
def participation_update(*, actor, participation, hours, source=Source.FORM):
    """Change the ``hours`` of one ``participation``."""
    _require(actor, CHANGE_PARTICIPATION)
    hours = clean_hours(hours)
    check_person_in_scope(actor, participation.person)
    check_activity_in_scope(actor, participation.activity)
    before = snapshot(participation)
    participation.hours = hours
    participation.save(update_fields=["hours"])
    change_record(actor=actor, obj=participation, action=Action.UPDATE, before=before, source=source)
    activities_recount_participation(activity_ids=[participation.activity_id], actor=actor, source=source)
    return participation


@transaction.atomic
def participation_delete(*, actor, participation, source=Source.FORM):
    """Delete one ``participation`` record."""
    _require(actor, DELETE_PARTICIPATION)
    check_person_in_scope(actor, participation.person)
    check_activity_in_scope(actor, participation.activity)
    before = snapshot(participation)
    change_record(actor=actor, obj=participation, action=Action.DELETE, before=before, source=source)
    activity_id = participation.activity_id
    with rollups.participations_refreshed(Participation.objects.filter(pk=participation.pk)):
        participation.delete()
    activities_recount_participation(activity_ids=[activity_id], actor=actor, source=source)


@transaction.atomic
def activities_recount_participation(*, activity_ids, actor=None, source=Source.COMMAND, batch_id=None):
    """Make each of ``activity_ids`` with participation records carry their count and hour sum.

    One set-based UPDATE per chunk of ids: ``volunteers`` = the number of records
    (person-times), ``volunteer_hours`` = their hours, ``volunteers_from_participation``
    set. An activity whose figures came from records that have all gone is cleared
    back to empty figures; an activity that never had records keeps its typed
    figures. Only rows whose figures change are updated (and their ``version``
    bumped, so a reviewer's decision on the old figures conflicts); each gets a
    history row. Returns how many activities changed.

    Call it inside the transaction that wrote the participation (imports do, after
    their bulk writes).
    """
    ids = sorted({int(pk) for pk in activity_ids})
    changed = 0
    for start in range(0, len(ids), RECOUNT_CHUNK):
        changed += _recount_chunk(ids[start : start + RECOUNT_CHUNK], actor=actor, source=source, batch_id=batch_id)
    return changed


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
        .only("pk", "date", "title", "volunteers", "volunteer_hours", "volunteers_from_participation")
    }

    def target(pk):
        if pk in sums:
            count, hours = sums[pk]
            return (count, Decimal(hours).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), True)
        return (None, None, False)

    stale = [
        pk
        for pk, activity in before.items()
        if (activity.volunteers, activity.volunteer_hours, activity.volunteers_from_participation) != target(pk)
    ]
    if not stale:
        return 0
    rows = Participation.objects.filter(activity_id=OuterRef("pk")).order_by().values("activity_id")
    now = timezone.now()
    # One UPDATE computes the figures in the database from the records as they are now.
    changed = Activity.objects.filter(pk__in=stale)
    with rollups.refreshed(changed):
        changed.update(
            volunteers=Subquery(rows.annotate(n=Count("pk")).values("n")[:1]),
            # Rounded in SQL to the column's one decimal, half away from zero on every database.
            volunteer_hours=Subquery(rows.annotate(h=Round(Sum("hours"), 1)).values("h")[:1]),
            volunteers_from_participation=Exists(rows),
            version=F("version") + 1,
            updated_at=now,
        )
    history = []
    for pk in stale:
        activity = before[pk]
        old = {
            "volunteers": activity.volunteers,
            "volunteer_hours": activity.volunteer_hours,
            "volunteers_from_participation": activity.volunteers_from_participation,
        }
        activity.volunteers, activity.volunteer_hours, activity.volunteers_from_participation = target(pk)
        new = {
            "volunteers": activity.volunteers,
            "volunteer_hours": activity.volunteer_hours,
            "volunteers_from_participation": activity.volunteers_from_participation,
        }
        history.append(
            change_row(
                actor=actor,
                obj=activity,
                action=Action.UPDATE,
                before=json_safe(old),
                after=json_safe(new),
                reason=_("Volunteer figures recounted from participation records"),
                source=source,
                batch_id=batch_id,
                at=now,
            )
        )
    changes_record(history)
    return len(stale)


def _check_membership_dates(joined_on, left_on):
    if joined_on and left_on and left_on < joined_on:
        _refuse("left_on", _("The leaving date cannot be before the joining date."), "left_before_joined")


@transaction.atomic
def membership_join(*, actor, team, person, joined_on=None, role=TeamMembership.Role.MEMBER, source=Source.FORM):
    """Add ``person`` to ``team`` from ``joined_on``; refused while they are still a member."""
    _require(actor, ADD_MEMBERSHIP)
    if not scope_of(actor).allows(team.region):
        _refuse("team", _("This team is outside your regions."), "scope")
    check_person_in_scope(actor, person)
    if TeamMembership.objects.filter(team=team, person=person, left_on__isnull=True).exists():
        _refuse(
            "person", _("%(name)s is already a member of %(team)s.") % {"name": person.name, "team": team.name}, "dup"
        )
    if TeamMembership.objects.filter(team=team, person=person, joined_on=joined_on).exists():
        _refuse("joined_on", _("This person already has a membership of this team from that date."), "dup_spell")
    membership = TeamMembership.objects.create(team=team, person=person, role=role, joined_on=joined_on)
    change_record(actor=actor, obj=membership, action=Action.CREATE, source=source)
    return membership


@transaction.atomic
def membership_leave(*, actor, membership, left_on, source=Source.FORM):
    """Record that the member left the team on ``left_on``; the membership is kept, with its dates."""
    _require(actor, CHANGE_MEMBERSHIP)
    if not scope_of(actor).allows(membership.team.region):
        _refuse("team", _("This team is outside your regions."), "scope")
    if left_on is None:
        _refuse("left_on", _("Give the date the member left."), "required")
    if membership.left_on is not None:
        _refuse("left_on", _("This member has already left the team."), "already_left")
    _check_membership_dates(membership.joined_on, left_on)
    before = snapshot(membership)
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    change_record(actor=actor, obj=membership, action=Action.UPDATE, before=before, source=source)
    return membership


# The fields a merge fills on the kept person when they are empty there.
_MERGE_FILL = ("phone", "id_number", "gender", "work_unit", "reporting_community_id", "reported_on")


@transaction.atomic
def person_merge(*, actor, keep, duplicate, source=Source.FORM):
    """Move ``duplicate``'s participation and memberships to ``keep``, then delete ``duplicate``.

    Where both served at the same activity, the kept person's record stays and the
    duplicate's is dropped (with its history). Empty fields of ``keep`` are filled
    from ``duplicate``. Every moved, dropped and changed row gets a history row
    with action "merged"; the activities concerned are recounted.
    """
    _require(actor, MERGE_PEOPLE)
    if keep.pk == duplicate.pk:
        _refuse("duplicate", _("A person cannot be merged into themselves; choose two different records."), "self")
    check_person_in_scope(actor, keep, field="keep")
    check_person_in_scope(actor, duplicate, field="duplicate")
    # Lock both rows in a fixed order, so two merges of the same pair cannot interleave.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk]).order_by("pk")}
    if len(locked) != 2:
        _refuse("duplicate", _("One of these people has been deleted or merged in the meantime."), "gone")
    now = timezone.now()
    reason = _("Merged person #%(duplicate)s (%(name)s) into #%(keep)s") % {
        "duplicate": duplicate.pk,
        "name": duplicate.name,
        "keep": keep.pk,
    }
    history = []

    kept_activities = set(Participation.objects.filter(person=keep).values_list("activity_id", flat=True))
    moved, dropped, touched = [], [], set()
    for row in Participation.objects.filter(person=duplicate).order_by("pk"):
        touched.add(row.activity_id)
        (dropped if row.activity_id in kept_activities else moved).append(row)
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
    activities_recount_participation(activity_ids=touched, actor=actor, source=source)
    return keep
