"""Writes of the three lists: resources listed, needs raised and matched, projects claimed and completed.

Same rules as ``regional.services``: keyword-only, one transaction, permission and scope
checked, history written beside the change, a refusal is a ``ValidationError`` by field.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from history.models import Action, Source
from history.services import snapshot

from .models import COMMITTEE_KINDS, ListProject, ListProjectStatus, Need, NeedStatus, Resource
from .services import check_in_scope, locked, refuse, require, save_and_record

OPEN_NEED = (NeedStatus.RAISED,)


ENTRY_FIELDS = {
    Resource: ("title", "description", "unit", "withdrawn_on"),
    Need: ("title", "topic", "raised_by"),
    ListProject: ("name",),
}


@transaction.atomic
def list_entry_update(*, actor, entry, data, source=Source.FORM):
    """Correct the descriptive fields of a list entry (``ENTRY_FIELDS``); its steps have their own services."""
    model = type(entry)
    require(actor, f"regional.change_{model._meta.model_name}")
    unknown = set(data) - set(ENTRY_FIELDS[model])
    if unknown:
        raise TypeError(f"list_entry_update() got unexpected fields {sorted(unknown)}")
    current = locked(model, entry)
    check_in_scope(actor, current.region, "region", _("This entry is outside your regions."))
    if data.get("unit") is not None:
        _check_unit(actor, data["unit"])
    before = snapshot(current)
    for field, value in data.items():
        setattr(current, field, value)
    return save_and_record(current, actor=actor, action=Action.UPDATE, before=before, source=source)


def _check_entry(actor, entry):
    """The entry's region is in the actor's scope and inside the committee's area; the committee is one."""
    committee = entry.committee
    check_in_scope(actor, entry.region, "region", _("This region is outside your regions."))
    if committee.kind not in COMMITTEE_KINDS:
        refuse("committee", _("%(name)s does not keep the three lists.") % {"name": committee.name}, "kind")
    if not entry.region.is_within(committee.region):
        refuse(
            "region",
            _("%(region)s is outside the area of %(committee)s.")
            % {"region": entry.region.full_name, "committee": committee.name},
            "area",
        )


def _check_date(field, day, earlier, message):
    if day is None:
        refuse(field, _("Give the date."), "required")
    if earlier is not None and day < earlier:
        refuse(field, message % {"date": earlier.isoformat()}, "date_order")


def _check_unit(actor, unit, field="unit"):
    if unit is None:
        refuse(field, _("Choose the unit."), "required")
    if not scope_for(actor).allows(unit.region):
        refuse(field, _("This member unit is outside your regions."), "scope")


@transaction.atomic
def resource_list(*, actor, committee, region, title, listed_on, unit=None, description="", source=Source.FORM):
    """Put a resource on ``committee``'s resource list (资源清单)."""
    require(actor, "regional.add_resource")
    resource = Resource(
        committee=committee, region=region, unit=unit, title=title, description=description, listed_on=listed_on
    )
    _check_entry(actor, resource)
    if unit is not None:
        _check_unit(actor, unit)
    return save_and_record(resource, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def need_raise(*, actor, committee, region, title, raised_on, topic="", raised_by="", source=Source.FORM):
    """Put a need on ``committee``'s needs list (需求清单), raised on ``raised_on``."""
    require(actor, "regional.add_need")
    need = Need(committee=committee, region=region, title=title, topic=topic, raised_by=raised_by, raised_on=raised_on)
    _check_entry(actor, need)
    return save_and_record(need, actor=actor, action=Action.CREATE, source=source)


def _open_need(actor, need):
    current = locked(Need, need)
    check_in_scope(actor, current.region, "region", _("This need is outside your regions."))
    if current.status not in OPEN_NEED:
        refuse(
            "status",
            _("This need is already “%(status)s”.") % {"status": current.get_status_display()},
            "not_open",
        )
    return current


@transaction.atomic
def need_match(*, actor, need, resource, matched_on, source=Source.FORM):
    """Answer a raised need with a resource of the same committee's list."""
    require(actor, "regional.change_need")
    current = _open_need(actor, need)
    if resource is None or resource.committee_id != current.committee_id:
        refuse("resource", _("Choose a resource on the same committee's list."), "committee")
    check_in_scope(actor, resource.region, "resource", _("This resource is outside your regions."))
    _check_date("matched_on", matched_on, current.raised_on, _("A need is matched after it is raised (%(date)s)."))
    before = snapshot(current)
    current.status, current.resource, current.matched_on = NeedStatus.MATCHED, resource, matched_on
    save_and_record(
        current, actor=actor, action=Action.UPDATE, before=before, reason=NeedStatus.MATCHED.label, source=source
    )
    return current


@transaction.atomic
def need_resolve(*, actor, need, resolved_on, outcome, source=Source.FORM):
    """Record that a matched (or still raised) need was resolved, and how."""
    require(actor, "regional.change_need")
    current = locked(Need, need)
    check_in_scope(actor, current.region, "region", _("This need is outside your regions."))
    if current.status not in (NeedStatus.RAISED, NeedStatus.MATCHED):
        refuse(
            "status",
            _("This need is “%(status)s”: a claimed one is resolved by completing its project.")
            % {"status": current.get_status_display()},
            "not_open",
        )
    return _close(actor, current, NeedStatus.RESOLVED, resolved_on, outcome, source)


@transaction.atomic
def need_close(*, actor, need, closed_on, outcome, source=Source.FORM):
    """Close a need that will not be answered, with the reason."""
    require(actor, "regional.change_need")
    current = _open_need(actor, need)
    return _close(actor, current, NeedStatus.CLOSED, closed_on, outcome, source)


def _close(actor, need, status, day, outcome, source):
    field = "resolved_on"
    _check_date(field, day, need.matched_on or need.raised_on, _("The need cannot be closed before %(date)s."))
    if not (outcome or "").strip():
        refuse("outcome", _("Say what came of the need."), "required")
    before = snapshot(need)
    need.status, need.resolved_on, need.outcome = status, day, outcome.strip()
    save_and_record(need, actor=actor, action=Action.UPDATE, before=before, reason=status.label, source=source)
    return need


@transaction.atomic
def list_project_create(*, actor, committee, region, name, listed_on, need=None, source=Source.FORM):
    """Put a project on ``committee``'s project list (项目清单), optionally answering a raised need."""
    require(actor, "regional.add_listproject")
    project = ListProject(committee=committee, region=region, name=name, listed_on=listed_on)
    _check_entry(actor, project)
    if need is not None:
        current = _open_need(actor, need)
        if current.committee_id != committee.pk:
            refuse("need", _("Choose a need on the same committee's list."), "committee")
        _check_date(
            "listed_on", listed_on, current.raised_on, _("The project is listed after its need is raised (%(date)s).")
        )
        project.need = current
    return save_and_record(project, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def list_project_claim(*, actor, project, unit, claimed_on, source=Source.FORM):
    """A member unit claims a listed project (单位报到, 认领项目); the need behind it is claimed too."""
    require(actor, "regional.change_listproject")
    current = locked(ListProject, project)
    check_in_scope(actor, current.region, "region", _("This project is outside your regions."))
    if current.status != ListProjectStatus.LISTED:
        refuse(
            "unit",
            _("This project is already claimed by %(unit)s.") % {"unit": current.unit},
            "claimed",
        )
    _check_unit(actor, unit)
    _check_date("claimed_on", claimed_on, current.listed_on, _("A project is claimed after it is listed (%(date)s)."))
    before = snapshot(current)
    current.status, current.unit, current.claimed_on = ListProjectStatus.CLAIMED, unit, claimed_on
    label = ListProjectStatus.CLAIMED.label
    save_and_record(current, actor=actor, action=Action.UPDATE, before=before, reason=label, source=source)
    if current.need_id is not None:
        need = _open_need(actor, current.need)
        need_before = snapshot(need)
        need.status = NeedStatus.CLAIMED
        save_and_record(
            need, actor=actor, action=Action.UPDATE, before=need_before, reason=NeedStatus.CLAIMED.label, source=source
        )
    return current


@transaction.atomic
def list_project_complete(*, actor, project, completed_on, outcome, source=Source.FORM):
    """A claimed project is completed; the need it came from is resolved with the same date and outcome."""
    require(actor, "regional.change_listproject")
    current = locked(ListProject, project)
    check_in_scope(actor, current.region, "region", _("This project is outside your regions."))
    if current.status != ListProjectStatus.CLAIMED:
        refuse(
            "completed_on",
            _("Only a claimed project can be completed; this one is “%(status)s”.")
            % {"status": current.get_status_display()},
            "not_claimed",
        )
    _check_date(
        "completed_on", completed_on, current.claimed_on, _("A project is completed after it is claimed (%(date)s).")
    )
    if not (outcome or "").strip():
        refuse("outcome", _("Say what the project achieved."), "required")
    before = snapshot(current)
    current.status, current.completed_on, current.outcome = ListProjectStatus.COMPLETED, completed_on, outcome.strip()
    label = ListProjectStatus.COMPLETED.label
    save_and_record(current, actor=actor, action=Action.UPDATE, before=before, reason=label, source=source)
    if current.need_id is not None:
        need = locked(Need, current.need)
        need_before = snapshot(need)
        need.status, need.resolved_on, need.outcome = NeedStatus.RESOLVED, completed_on, current.outcome
        save_and_record(
            need, actor=actor, action=Action.UPDATE, before=need_before, reason=NeedStatus.RESOLVED.label, source=source
        )
    return current
