"""Writes of the registers: unit reporting, elections and office holders, talent pools, surveys and suggestions.

Same rules as ``regional.services``. Each record is checked the same way: the actor's
permission for the model, and every linked record (region, organization, unit, person,
pool, survey) inside the actor's regions.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from history.models import Action, Source
from history.services import snapshot

from .models import (
    Election,
    OfficeHolder,
    Suggestion,
    SuggestionStatus,
    Survey,
    TalentPool,
    TalentPoolMember,
    UnitReporting,
)
from .services import locked, refuse, require, save_and_record

# The fields a correction may change, per register (the rest are set once, or by their own service).
UPDATE_FIELDS = {
    UnitReporting: ("commitment", "services_done", "service_notes"),
    Election: ("kind", "held_on", "on_or_before", "notes"),
    OfficeHolder: ("name", "person", "position", "term_start", "term_end", "election"),
    TalentPool: ("name", "kind", "established_on", "reported_count", "count_approximate"),
    TalentPoolMember: ("joined_on", "speciality"),
    Survey: (
        "title",
        "conducted_on",
        "organization",
        "unit",
        "respondents_label",
        "respondents",
        "respondents_approximate",
        "result",
        "topics",
        "suggestions_reported",
        "suggestions_approximate",
        "answered_reported",
        "answered_approximate",
    ),
    Suggestion: ("topic", "content"),
}


def _check_links(actor, obj):
    """Every linked record that lives in the region tree is inside the actor's regions."""
    scope = scope_for(actor)
    for field in obj._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        value = getattr(obj, field.name)
        path = getattr(field.related_model, "scope_path", None)
        if value is None or path is None:
            continue
        if not scope.filter(field.related_model._default_manager.filter(pk=value.pk)).exists():
            refuse(field.name, _("%(record)s is outside your regions.") % {"record": value}, "scope")


def _create(model, *, actor, source, **fields):
    require(actor, f"regional.add_{model._meta.model_name}")
    obj = model(**fields)
    _check_links(actor, obj)
    return save_and_record(obj, actor=actor, action=Action.CREATE, source=source)


@transaction.atomic
def register_update(*, actor, record, data, source=Source.FORM):
    """Correct ``record`` with ``data`` (the fields of ``UPDATE_FIELDS`` for its model)."""
    model = type(record)
    require(actor, f"regional.change_{model._meta.model_name}")
    unknown = set(data) - set(UPDATE_FIELDS[model])
    if unknown:
        raise TypeError(f"register_update() got unexpected fields {sorted(unknown)}")
    current = locked(model, record)
    if not scope_for(actor).filter(model.objects.filter(pk=current.pk)).exists():
        raise ValidationError(_("This record is outside your regions."), code="scope")
    before = snapshot(current)
    for field, value in data.items():
        setattr(current, field, value)
    _check_links(actor, current)
    return save_and_record(current, actor=actor, action=Action.UPDATE, before=before, source=source)


@transaction.atomic
def unit_reporting_register(*, actor, unit, community, reported_on, commitment="", source=Source.FORM):
    """A member unit reports to a community (单位报到) on ``reported_on`` with what it promises to do."""
    return _create(
        UnitReporting,
        actor=actor,
        source=source,
        unit=unit,
        community=community,
        reported_on=reported_on,
        commitment=commitment,
    )


@transaction.atomic
def unit_reporting_record_service(*, actor, reporting, services_done, service_notes="", source=Source.FORM):
    """The service a reported unit has done so far: how many times, and what."""
    return register_update(
        actor=actor,
        record=reporting,
        data={"services_done": services_done, "service_notes": service_notes},
        source=source,
    )


@transaction.atomic
def election_record(*, actor, organization, held_on, kind=None, on_or_before=False, notes="", source=Source.FORM):
    """An organization held an election (换届, 补选, 成立大会) on ``held_on`` (or by then, ``on_or_before``)."""
    fields = {"organization": organization, "held_on": held_on, "on_or_before": on_or_before, "notes": notes}
    if kind:
        fields["kind"] = kind
    return _create(Election, actor=actor, source=source, **fields)


@transaction.atomic
def office_holder_add(
    *,
    actor,
    organization,
    name,
    position,
    term_start=None,
    term_end=None,
    person=None,
    election=None,
    source=Source.FORM,
):
    """Add a member of an organization's leadership (班子成员), elected at ``election`` where known."""
    if election is not None and election.organization_id != organization.pk:
        refuse("election", _("Choose an election of the same organization."), "organization")
    return _create(
        OfficeHolder,
        actor=actor,
        source=source,
        organization=organization,
        name=name,
        position=position,
        term_start=term_start,
        term_end=term_end,
        person=person,
        election=election,
    )


@transaction.atomic
def talent_pool_create(
    *,
    actor,
    region,
    name,
    kind,
    established_on=None,
    reported_count=None,
    count_approximate=False,
    source=Source.FORM,
):
    """A talent pool; ``reported_count`` is the head count a report gives where the people are not listed."""
    return _create(
        TalentPool,
        actor=actor,
        source=source,
        region=region,
        name=name,
        kind=kind,
        established_on=established_on,
        reported_count=reported_count,
        count_approximate=count_approximate,
    )


@transaction.atomic
def talent_pool_add(*, actor, pool, person, joined_on=None, speciality="", source=Source.FORM):
    """Put ``person`` in ``pool``."""
    return _create(
        TalentPoolMember,
        actor=actor,
        source=source,
        pool=pool,
        person=person,
        joined_on=joined_on,
        speciality=speciality,
    )


@transaction.atomic
def survey_record(*, actor, region, title, conducted_on, respondents_label, source=Source.FORM, **figures):
    """A survey: who was surveyed and how many, its result, and the suggestions and answers it collected."""
    allowed = set(UPDATE_FIELDS[Survey]) - {"title", "conducted_on", "respondents_label"}
    unknown = set(figures) - allowed
    if unknown:
        raise TypeError(f"survey_record() got unexpected fields {sorted(unknown)}")
    return _create(
        Survey,
        actor=actor,
        source=source,
        region=region,
        title=title,
        conducted_on=conducted_on,
        respondents_label=respondents_label,
        **figures,
    )


@transaction.atomic
def suggestion_record(*, actor, region, topic, content, raised_on, survey=None, source=Source.FORM):
    """One suggestion (意见建议) with its topic, from a survey where it came from one."""
    return _create(
        Suggestion,
        actor=actor,
        source=source,
        region=region,
        topic=topic,
        content=content,
        raised_on=raised_on,
        survey=survey,
    )


@transaction.atomic
def suggestion_handle(*, actor, suggestion, status, handled_on, response, source=Source.FORM):
    """How a suggestion was handled: answered on the spot, referred, or handled, with the date and the answer."""
    require(actor, "regional.change_suggestion")
    current = locked(Suggestion, suggestion)
    if not scope_for(actor).allows(current.region):
        refuse("region", _("This suggestion is outside your regions."), "scope")
    if status == SuggestionStatus.RECEIVED:
        refuse("status", _("Choose how the suggestion was handled."), "required")
    if not (response or "").strip():
        refuse("response", _("Say how the suggestion was answered or handled."), "required")
    before = snapshot(current)
    current.status, current.handled_on, current.response = status, handled_on, response.strip()
    label = SuggestionStatus(status).label
    return save_and_record(current, actor=actor, action=Action.UPDATE, before=before, reason=label, source=source)
