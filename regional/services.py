"""Writes of regional Party-building: member units (named, or counted), committee members and their procedure,
pairings.

Every function takes keyword arguments only, runs in one transaction, checks the actor's
permission and scope (``accounts.scope``) and writes its history row beside its change.
A refused call raises ``ValidationError`` keyed by the field it concerns, with a message
a clerk can act on, and changes nothing.
"""

import contextlib
import contextvars
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from history.models import Action, Source
from history.services import change_record, snapshot

from .models import (
    COMMITTEE_KINDS,
    SIDE_LINKS,
    STEP_DATE,
    STEP_ORDER,
    CommitteeMembership,
    MemberUnit,
    Pairing,
    PartyKind,
    Step,
    UnitCount,
)

UNIT_FIELDS = ("code", "name", "kind", "region", "party_organization", "contact_name", "contact_phone")
UNIT_FIELDS += ("party_members", "notes")
MEMBER_FIELDS = ("person", "title", "role", "duties", "term_start", "term_end")
UNIT_COUNT_FIELDS = ("region", "committee", "label", "count", "qualifier", "as_of", "notes")
PAIRING_FIELDS = ("kind", "name", "region", "start", "end", "content", "frequency", "notes")


def refuse(field, message, code):
    raise ValidationError({field: ValidationError(message, code=code)})


def require(actor, permission):
    """Refuse unless ``actor`` has ``permission``; None is the operator (a command line import, the demo)."""
    if actor is not None and not actor.has_perm(permission):
        raise ValidationError(_("You do not have permission to change regional Party-building records."), "permission")


def check_in_scope(actor, region, field, message):
    if region is None or not scope_for(actor).allows(region):
        refuse(field, message, "scope")


# The import batch writing through these services (``transfer``'s regional kinds): its id goes on each history row.
_batch = contextvars.ContextVar("regional_import_batch", default=None)


@contextlib.contextmanager
def import_batch(batch_id):
    """Within this block every history row these services write carries ``batch_id``."""
    token = _batch.set(batch_id)
    try:
        yield
    finally:
        _batch.reset(token)


def save_and_record(obj, *, actor, action, before=None, reason="", source=Source.FORM):
    """Validate ``obj`` (fields and constraints, messages in the user's language), save it, write its history."""
    obj.full_clean()
    obj.save()
    change_record(
        actor=actor, obj=obj, action=action, before=before, reason=reason, source=source, batch_id=_batch.get()
    )
    return obj


def _apply(obj, data, allowed, name):
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"{name}() got unexpected fields {sorted(unknown)}")
    for field, value in data.items():
        setattr(obj, field, value)


def locked(model, obj):
    """The stored row of ``obj``, locked until the transaction ends, so two steps cannot interleave."""
    return model.objects.select_for_update().get(pk=obj.pk)


def _open_for_change(actor, obj, field, region_of, message):
    """(the stored row of ``obj`` locked, its snapshot) once ``actor`` may change it and ``region_of(row)`` is in scope.

    What every update here starts with: the permission, the lock (two changes cannot interleave), the scope
    of the row as stored (not as the caller holds it), the history's "before".
    """
    model = type(obj)
    require(actor, f"regional.change_{model._meta.model_name}")
    current = locked(model, obj)
    check_in_scope(actor, region_of(current), field, message)
    return current, snapshot(current)


# --- member units -----------------------------------------------------------------------------------------


def _check_unit(actor, unit):
    check_in_scope(actor, unit.region, "region", _("This region is outside your regions."))
    organization = unit.party_organization
    if organization is not None and not scope_for(actor).allows(organization.region):
        refuse("party_organization", _("This organization is outside your regions."), "scope")


@transaction.atomic
def member_unit_create(*, actor, source=Source.FORM, **fields):
    """Register a member unit (驻区单位) with the fields of ``UNIT_FIELDS``."""
    require(actor, "regional.add_memberunit")
    unit = MemberUnit()
    _apply(unit, fields, UNIT_FIELDS, "member_unit_create")
    _check_unit(actor, unit)
    return save_and_record(unit, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def member_unit_update(*, actor, unit, data, source=Source.FORM):
    """Apply ``data`` (any of ``UNIT_FIELDS``) to ``unit``, which must stay inside the actor's regions."""
    current, before = _open_for_change(
        actor, unit, "region", lambda row: row.region, _("This member unit is outside your regions.")
    )
    _apply(current, data, UNIT_FIELDS, "member_unit_update")
    _check_unit(actor, current)
    return save_and_record(current, actor=actor, action=Action.UPDATE, before=before, source=source)


# --- member units counted, not named -----------------------------------------------------------------------


def _check_unit_count(actor, record):
    check_in_scope(actor, record.region, "region", _("This region is outside your regions."))
    committee = record.committee
    if committee is None:
        return
    check_in_scope(actor, committee.region, "committee", _("This committee is outside your regions."))
    if committee.kind not in COMMITTEE_KINDS:
        refuse(
            "committee",
            _(
                "%(name)s is not a subdistrict or community committee: member units join a Party working "
                "committee, Party committee, area Party committee or joint Party committee."
            )
            % {"name": committee.name},
            "kind",
        )


@transaction.atomic
def unit_count_create(*, actor, source=Source.FORM, **fields):
    """Record that ``count`` units (``label``) belong to the area's committees when a report gives no names."""
    require(actor, "regional.add_unitcount")
    record = UnitCount()
    _apply(record, fields, UNIT_COUNT_FIELDS, "unit_count_create")
    record.label = (record.label or "").strip()
    _check_unit_count(actor, record)
    return save_and_record(record, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def unit_count_update(*, actor, record, data, source=Source.FORM):
    """Apply ``data`` (any of ``UNIT_COUNT_FIELDS``) to ``record``, which must stay inside the actor's regions."""
    current, before = _open_for_change(
        actor, record, "region", lambda row: row.region, _("This count is outside your regions.")
    )
    _apply(current, data, UNIT_COUNT_FIELDS, "unit_count_update")
    current.label = (current.label or "").strip()
    _check_unit_count(actor, current)
    return save_and_record(current, actor=actor, action=Action.UPDATE, before=before, source=source)


@transaction.atomic
def unit_count_delete(*, actor, record, reason="", source=Source.FORM):
    """Delete ``record`` (entered by mistake); its history keeps what it said."""
    require(actor, "regional.delete_unitcount")
    current = locked(UnitCount, record)
    check_in_scope(actor, current.region, "region", _("This count is outside your regions."))
    before = snapshot(current)
    pk = current.pk
    current.delete()
    current.pk = pk
    change_record(
        actor=actor,
        obj=current,
        action=Action.DELETE,
        before=before,
        reason=reason,
        source=source,
        batch_id=_batch.get(),
    )


# --- committee members and their appointment procedure ------------------------------------------------------


def _check_member(actor, member):
    committee = member.committee
    check_in_scope(actor, committee.region, "committee", _("This committee is outside your regions."))
    if committee.kind not in COMMITTEE_KINDS:
        refuse(
            "committee",
            _(
                "%(name)s is not a subdistrict or community committee: part-time members sit on a Party working "
                "committee, Party committee, area Party committee or joint Party committee."
            )
            % {"name": committee.name},
            "kind",
        )
    check_in_scope(actor, member.unit.region, "unit", _("This member unit is outside your regions."))
    if member.person is not None:
        check_in_scope(actor, member.person.region, "person", _("This person is outside your regions."))


@transaction.atomic
def committee_member_survey(
    *, actor, committee, unit, title, surveyed_on, person=None, role=None, duties="", source=Source.FORM
):
    """Step 1, 摸底调查: record a candidate from ``unit`` for ``committee``, surveyed on ``surveyed_on``."""
    require(actor, "regional.add_committeemembership")
    if surveyed_on is None:
        refuse("surveyed_on", _("Give the date of the survey."), "required")
    member = CommitteeMembership(
        committee=committee, unit=unit, title=title, person=person, duties=duties, surveyed_on=surveyed_on
    )
    if role:
        member.role = role
    _check_member(actor, member)
    return save_and_record(member, actor=actor, action=Action.CREATE, reason=Step.SURVEYED.label, source=source)


@transaction.atomic
def committee_member_record_serving(
    *,
    actor,
    committee,
    unit,
    title,
    person=None,
    role=None,
    duties="",
    appointed_on=None,
    term_start=None,
    term_end=None,
    source=Source.FORM,
):
    """Record a member already serving whose procedure is not on record (appointed before this register)."""
    require(actor, "regional.add_committeemembership")
    member = CommitteeMembership(
        committee=committee,
        unit=unit,
        title=title,
        person=person,
        duties=duties,
        step=Step.APPOINTED,
        procedure_on_record=False,
        appointed_on=appointed_on,
        term_start=term_start or appointed_on,
        term_end=term_end,
    )
    if role:
        member.role = role
    _check_member(actor, member)
    return save_and_record(member, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def committee_member_update(*, actor, member, data, source=Source.FORM):
    """Apply ``data`` (any of person, title, role, duties, term_start, term_end); the steps have their own services."""
    current, before = _open_for_change(
        actor, member, "committee", lambda row: row.committee.region, _("This committee is outside your regions.")
    )
    _apply(current, data, MEMBER_FIELDS, "committee_member_update")
    _check_member(actor, current)
    return save_and_record(current, actor=actor, action=Action.UPDATE, before=before, source=source)


def _step(*, actor, member, step, day, source, **values):
    """Move ``member`` from the step before ``step`` to ``step`` on ``day``, setting ``values`` too."""
    require(actor, "regional.change_committeemembership")
    current = locked(CommitteeMembership, member)
    check_in_scope(actor, current.committee.region, "committee", _("This committee is outside your regions."))
    field = STEP_DATE[step]
    previous = STEP_ORDER[STEP_ORDER.index(step) - 1]
    if current.step != previous:
        refuse(
            field,
            _("%(member)s is at the step “%(current)s”; “%(step)s” follows “%(previous)s”.")
            % {
                "member": current,
                "current": current.get_step_display(),
                "step": step.label,
                "previous": previous.label,
            },
            "order",
        )
    if day is None:
        refuse(field, _("Give the date of this step."), "required")
    earlier = getattr(current, STEP_DATE[previous])
    if earlier is not None and day < earlier:
        refuse(
            field,
            _("This step cannot be dated before the previous step (“%(previous)s”, %(date)s).")
            % {"previous": previous.label, "date": earlier.isoformat()},
            "date_order",
        )
    before = snapshot(current)
    current.step = step
    setattr(current, field, day)
    for name, value in values.items():
        setattr(current, name, value)
    save_and_record(current, actor=actor, action=Action.UPDATE, before=before, reason=step.label, source=source)
    member.refresh_from_db()
    return current


@transaction.atomic
def committee_member_nominate(*, actor, member, nominated_on, source=Source.FORM):
    """Step 2, 协商确定初步人选: the candidate is agreed with the unit."""
    return _step(actor=actor, member=member, step=Step.NOMINATED, day=nominated_on, source=source)


@transaction.atomic
def committee_member_consult(*, actor, member, consulted_on, opinions="", source=Source.FORM):
    """Step 3, 征求组织部门、街道党工委等意见: opinions sought, and what they said."""
    return _step(
        actor=actor, member=member, step=Step.CONSULTED, day=consulted_on, source=source, opinions=opinions.strip()
    )


@transaction.atomic
def committee_member_publicize(*, actor, member, publicity_start, publicity_end, source=Source.FORM):
    """Step 4, 公示初步人选: the candidate is publicized from ``publicity_start`` to ``publicity_end`` (公示期)."""
    if publicity_start and (publicity_end is None or publicity_end < publicity_start):
        refuse("publicity_end", _("The publicity period must end on or after the day it starts."), "publicity_range")
    return _step(
        actor=actor,
        member=member,
        step=Step.PUBLICIZED,
        day=publicity_start,
        source=source,
        publicity_end=publicity_end,
    )


@transaction.atomic
def committee_member_appoint(
    *, actor, member, appointed_on, certificate_number, term_end=None, term_start=None, source=Source.FORM
):
    """Step 5, 聘任并颁发聘书: appointed after the publicity period, the letter numbered; the term starts that day."""
    if not (certificate_number or "").strip():
        refuse("certificate_number", _("Give the number of the appointment letter."), "required")
    publicity_end = CommitteeMembership.objects.get(pk=member.pk).publicity_end
    if appointed_on and publicity_end and appointed_on <= publicity_end:
        refuse(
            "appointed_on",
            _("The appointment must come after the publicity period, which ends on %(date)s.")
            % {"date": publicity_end.isoformat()},
            "publicity_running",
        )
    term_start = term_start or appointed_on
    if term_end and term_start and term_end < term_start:
        refuse("term_end", _("The term must end on or after the day it starts."), "term_range")
    return _step(
        actor=actor,
        member=member,
        step=Step.APPOINTED,
        day=appointed_on,
        source=source,
        certificate_number=certificate_number.strip(),
        term_start=term_start,
        term_end=term_end,
    )


@transaction.atomic
def committee_member_file(*, actor, member, filed_on, filed_with, source=Source.FORM):
    """Step 6, 报上级党组织备案: the appointment is filed with ``filed_with`` on ``filed_on``."""
    if not (filed_with or "").strip():
        refuse("filed_with", _("Name the higher Party organization the appointment was filed with."), "required")
    return _step(
        actor=actor, member=member, step=Step.FILED, day=filed_on, source=source, filed_with=filed_with.strip()
    )


@transaction.atomic
def committee_member_withdraw(*, actor, member, withdrawn_on, reason, source=Source.FORM):
    """A candidate not appointed (at any step before the appointment) is withdrawn, with the reason kept."""
    require(actor, "regional.change_committeemembership")
    current = locked(CommitteeMembership, member)
    check_in_scope(actor, current.committee.region, "committee", _("This committee is outside your regions."))
    if current.step in (Step.APPOINTED, Step.FILED, Step.WITHDRAWN):
        refuse(
            "withdrawn_on",
            _("Only a candidate not yet appointed can be withdrawn; %(member)s is at “%(step)s”.")
            % {"member": current, "step": current.get_step_display()},
            "order",
        )
    if withdrawn_on is None:
        refuse("withdrawn_on", _("Give the date of withdrawal."), "required")
    if not (reason or "").strip():
        refuse("withdrawal_reason", _("Give the reason for the withdrawal."), "required")
    before = snapshot(current)
    current.step, current.withdrawn_on, current.withdrawal_reason = Step.WITHDRAWN, withdrawn_on, reason.strip()
    save_and_record(
        current, actor=actor, action=Action.UPDATE, before=before, reason=Step.WITHDRAWN.label, source=source
    )
    member.refresh_from_db()
    return current


# --- pairings ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One side of an aggregate pairing: ``count`` things described by ``label`` (e.g. 408 无主管楼院)."""

    count: int
    label: str


_SIDE_MODELS = {
    "Organization": PartyKind.ORGANIZATION,
    "MemberUnit": PartyKind.UNIT,
    "Region": PartyKind.REGION,
    "Project": PartyKind.PROJECT,
    "Person": PartyKind.PERSON,
}


def _set_side(pairing, side, party):
    """Write ``party`` (a record, or a ``Group``) into the ``side`` fields of ``pairing``."""
    for link in SIDE_LINKS.values():
        setattr(pairing, f"{side}_{link}", None)
    if isinstance(party, Group):
        setattr(pairing, f"{side}_kind", PartyKind.GROUP)
        setattr(pairing, f"{side}_count", party.count)
        setattr(pairing, f"{side}_label", (party.label or "").strip())
        return
    kind = _SIDE_MODELS.get(type(party).__name__)
    if kind is None:
        raise TypeError(f"a pairing side is a record or a Group, not {party!r}")
    setattr(pairing, f"{side}_kind", kind)
    setattr(pairing, f"{side}_{SIDE_LINKS[kind]}", party)
    setattr(pairing, f"{side}_count", None)
    setattr(pairing, f"{side}_label", "")


def _side_region(party):
    if isinstance(party, Group):
        return None
    return party if type(party).__name__ == "Region" else party.region


def _check_pairing(actor, pairing, sides):
    check_in_scope(actor, pairing.region, "region", _("This region is outside your regions."))
    for side, party in sides.items():
        region = _side_region(party)
        if region is not None and not scope_for(actor).allows(region):
            refuse(f"{side}_kind", _("%(party)s is outside your regions.") % {"party": party}, "scope")


@transaction.atomic
def pairing_create(*, actor, a, b, source=Source.FORM, **fields):
    """Record a pairing between ``a`` and ``b`` (each a record or a ``Group``) with the fields of ``PAIRING_FIELDS``."""
    require(actor, "regional.add_pairing")
    pairing = Pairing()
    _apply(pairing, fields, PAIRING_FIELDS, "pairing_create")
    _set_side(pairing, "a", a)
    _set_side(pairing, "b", b)
    _check_pairing(actor, pairing, {"a": a, "b": b})
    return save_and_record(pairing, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def pairing_update(*, actor, pairing, data, a=None, b=None, source=Source.FORM):
    """Apply ``data`` (any of ``PAIRING_FIELDS``) and, when given, a new side ``a`` or ``b``."""
    current, before = _open_for_change(
        actor, pairing, "region", lambda row: row.region, _("This pairing is outside your regions.")
    )
    _apply(current, data, PAIRING_FIELDS, "pairing_update")
    sides = {}
    for side, party in (("a", a), ("b", b)):
        if party is not None:
            _set_side(current, side, party)
            sides[side] = party
    _check_pairing(actor, current, sides)
    return save_and_record(current, actor=actor, action=Action.UPDATE, before=before, source=source)


@transaction.atomic
def pairing_end(*, actor, pairing, end, source=Source.FORM):
    """The pairing ends on ``end`` (kept, with its dates, for the periods it was active in)."""
    if end is None:
        refuse("end", _("Give the date the pairing ended."), "required")
    return pairing_update(actor=actor, pairing=pairing, data={"end": end}, source=source)
