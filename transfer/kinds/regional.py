"""What the regional Party-building kinds share: references resolved in batches, every write through a service.

Member units, committee members, pairings, the three lists and the unit reporting register are written
by ``regional``'s services (never saved here): they check the importer's permission and regions and write
the history, which carries the batch id (``regional.services.import_batch``). A row a service refuses
fails with the service's message in the column it concerns; as everywhere, one failed row writes nothing.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from communities.models import Organization, Project, Region
from core.privacy import mask_id_number, mask_phone
from history.models import Action, Source
from regional.models import MemberUnit, Pairing
from regional.services import import_batch
from volunteers.models import Person

from .. import columns as c
from ..parsing import clean_text
from ..references import CodeNameResolver, candidates_text
from .base import Kind, present_values
from .coded import org_resolver
from .people import clean_id_number, clean_phone

SOURCE = Source.IMPORT


def unit_resolver(ctx):
    return CodeNameResolver(
        MemberUnit,
        ctx.regions.scope_test,
        label=_("member unit"),
        unknown=_("No member unit “%(value)s”: give its code or its name."),
        ambiguous=_("More than one member unit is called “%(value)s”: %(candidates)s. Write its code."),
        outside=_("Member unit “%(value)s” is outside your regions."),
    )


def project_resolver(ctx):
    return CodeNameResolver(
        Project,
        ctx.regions.scope_test,
        label=_("project"),
        unknown=_("No project “%(value)s”: give its code or its name."),
        ambiguous=_("More than one project is called “%(value)s”: %(candidates)s. Write its code."),
        outside=_("Project “%(value)s” is outside your regions."),
    )


PHONE = c.identifier("phone", "手机", "phone", aliases=("手机号", "手机号码", "联系电话"), example="13812341234")
ID_NUMBER = c.identifier("id_number", "身份证号", "id_number", aliases=("身份证号码", "身份证"), example="")


def _masked(value):
    return "*" in (value or "")


def find_people(ctx, rows, *, required):
    """``row.person``: the person inside the user's regions that 身份证号 (else 手机) names, or None.

    A person outside the user's regions is not found (the row says no person has that number, as for one
    who does not exist). An export's masked cell (138****1234, for a user who may not see personal data)
    names the person of that 姓名 whose number it masks, so such an export imports back.
    """
    for row in rows:
        row.person = None
        v = row.values
        if not _masked(v.get("phone")):
            clean_phone(row)
        if not _masked(v.get("id_number")):
            clean_id_number(row)
        if required and not row.failed and not v.get("phone") and not v.get("id_number"):
            row.fail("phone", _("Give the person's phone or ID number."))
    wanted = [row for row in rows if not row.failed and (row.values.get("phone") or row.values.get("id_number"))]
    if not wanted:
        return
    ids, phones, names = set(), set(), set()
    for row in wanted:
        v = row.values
        number, field = (v["id_number"], "id_number") if v.get("id_number") else (v["phone"], "phone")
        if _masked(number):
            names.add(v.get("name", ""))
        else:
            (ids if field == "id_number" else phones).add(number)
    scope_test = ctx.regions.scope_test
    query = Person.objects.filter(Q(id_number__in=ids) | Q(phone__in=phones) | Q(name__in=names - {""}))
    by_id, by_phone, by_name = defaultdict(list), defaultdict(list), defaultdict(list)
    for person in query.select_related("region"):
        if not scope_test.inside(person.region.path):
            continue
        if person.id_number:
            by_id[person.id_number].append(person)
        if person.phone:
            by_phone[person.phone].append(person)
        by_name[person.name].append(person)
    for row in wanted:
        v = row.values
        if v.get("id_number"):
            field, number, index, mask = "id_number", v["id_number"], by_id, mask_id_number
        else:
            field, number, index, mask = "phone", v["phone"], by_phone, mask_phone
        if _masked(number):
            people = [p for p in by_name.get(v.get("name", ""), []) if mask(getattr(p, field)) == number]
        else:
            people = index.get(number, [])
        if len(people) == 1:
            row.person = people[0]
        elif people:
            message = (
                _("More than one person has the phone “%(value)s”: %(candidates)s. Give the ID number.")
                if field == "phone"
                else _("More than one person matches “%(value)s”: %(candidates)s. Give the whole ID number.")
            )
            candidates = "、".join(f"{p.name}（{p.region.full_name}）" for p in people)
            row.fail(field, message % {"value": number, "candidates": candidates})
        elif field == "id_number":
            row.fail(field, _("No person has the ID number “%(value)s”.") % {"value": number})
        else:
            row.fail(field, _("No person has the phone “%(value)s”; import them as people first.") % {"value": number})


def person_cells(person, *, personal):
    """The 手机 and 身份证号 cells of ``person`` (masked unless the user may see personal data)."""
    if person is None:
        return ["", ""]
    if personal:
        return [person.phone, person.id_number]
    return [mask_phone(person.phone), mask_id_number(person.id_number)]


class PairingLookup:
    """The pairing an activity row's 结对 names: by name, among the pairings inside the user's regions.

    Two pairings of one name (in two communities) are told apart by the activity's region: the pairing of
    that region or the nearest region above it. A pairing outside the user's regions is not found.
    """

    def __init__(self, ctx):
        self.scope_test = ctx.regions.scope_test
        self.by_name = {}  # name -> [(id, region path, region full name)]

    def prefetch(self, values):
        wanted = {clean_text(v) for v in values} - set(self.by_name) - {""}
        if not wanted:
            return
        for name in wanted:
            self.by_name[name] = []
        rows = (
            Pairing.objects.filter(name__in=wanted)
            .order_by("pk")
            .values_list("id", "name", "region__path", "region__full_name")
        )
        for pk, name, path, full_name in rows:
            if self.scope_test.inside(path):
                self.by_name[name].append((pk, path, full_name))

    def resolve_row(self, row, field="pairing"):
        """The pairing's id for ``row`` (its region told apart two of one name), or None after failing it."""
        value = clean_text(row.values.get(field))
        if not value:
            return None
        self.prefetch([value])
        found = self.by_name[value]
        if len(found) > 1 and row.region is not None:
            above = [p for p in found if row.region.path.startswith(p[1])]
            nearest = max((len(p[1]) for p in above), default=0)
            found = [p for p in above if len(p[1]) == nearest] or found
        if len(found) == 1:
            return found[0][0]
        if found:
            row.fail(
                field,
                _(
                    "More than one pairing is called “%(value)s”: %(candidates)s. Give them different names, or "
                    "choose the pairing on the activity's page."
                )
                % {"value": value, "candidates": candidates_text(p[2] for p in found)},
            )
        else:
            row.fail(field, _("No pairing “%(value)s” in your regions.") % {"value": value})
        return None


# A reference column's kind: (the model it names, the resolver's cache name, the resolver).
ORGANIZATION = (Organization, "organization", org_resolver)
UNIT = (MemberUnit, "member_unit", unit_resolver)
PROJECT = (Project, "project", project_resolver)
REGION = (Region, "region", None)  # through the importer's region index


class RegionalKind(Kind):
    """A regional list: ``references`` {column: ORGANIZATION | UNIT | PROJECT | REGION}; rows written one by one."""

    chunk_size = 500
    references = {}
    import_permissions = ()  # each kind: add and change of its model (the services check them again)
    # Where a service's refusal about a model field belongs when the field is not a column of its own name.
    error_columns = {}

    def match_from(self, rows, queryset, key_of):
        """Each row's record: the one of ``queryset`` whose ``key_of(record)`` is the row's ``key`` (the last of
        several: ``queryset``'s order decides)."""
        existing = {key_of(obj): obj for obj in queryset}
        for row in rows:
            row.obj = existing.get(self.key(row))

    def resolve(self, rows):
        resolvers = {}
        for column, (_model, name, factory) in self.references.items():
            if factory is not None:
                resolvers[column] = self.ctx.resolver(name, factory)
                resolvers[column].prefetch(row.values.get(column) for row in rows)
        for row in rows:
            row.refs = {}
            for column, (_model, _name, factory) in self.references.items():
                if factory is None:
                    record = self.region(row, column)
                    row.refs[column] = record.id if record else None
                else:
                    row.refs[column] = self.resolve_ref(row, column, resolvers[column])
            self.resolve_row(row)

    def resolve_row(self, row):
        """What a kind resolves beyond its reference columns (a pairing's sides)."""

    def load(self, rows):
        """Replace each resolved primary key in ``row.refs`` by its record (one query per model and chunk)."""
        wanted = {}
        for row in rows:
            for column, pk in row.refs.items():
                if pk is not None:
                    wanted.setdefault(self.model_of(row, column), set()).add(pk)
        found = {model: model.objects.in_bulk(pks) for model, pks in wanted.items()}
        for row in rows:
            row.refs = {
                column: (found[self.model_of(row, column)][pk] if pk is not None else None)
                for column, pk in row.refs.items()
            }

    def model_of(self, row, column):
        return self.references[column][0]

    def write(self, rows):
        live = [row for row in rows if not row.failed]
        self.load(live)
        batch = self.ctx.batch.pk if self.ctx.batch is not None else None
        with import_batch(batch):
            for row in live:
                try:
                    # A savepoint per row: a refusal half-way (a need raised, its resolution refused) leaves nothing.
                    with transaction.atomic():
                        action = self.write_row(row)
                except ValidationError as error:
                    self.refused(row, error)
                    continue
                if action is None:
                    self.ctx.count_skipped()
                else:
                    self.ctx.count(action)

    def write_row(self, row):
        """Write ``row`` through the services; the history Action, or None when nothing changed."""
        raise NotImplementedError

    def present(self, row, values):
        """Only the columns the file has (``present_values``)."""
        return present_values(row, values)

    def changes(self, obj, values):
        """{field: value} of ``values`` that differ from ``obj``."""
        return {name: value for name, value in values.items() if getattr(obj, name) != value}

    def refused(self, row, error):
        """Fail ``row`` with each message of the service's refusal, in the column it concerns."""
        fields = {column.field for column in self.columns}
        if not hasattr(error, "error_dict"):
            row.fail("", " ".join(error.messages))
            return
        for field, messages in error.message_dict.items():
            column = self.error_columns.get(field, field)
            row.fail(column if column in fields else "", " ".join(messages))

    # Export
    export_select = ()  # the relations an export row reads

    def export_queryset(self, scope, **filters):
        return super().export_queryset(scope, **filters).select_related(*self.export_select)


def code_of(record):
    """A record's code (a unit, organization, project) or a region's full name, for an export cell."""
    if record is None:
        return ""
    if isinstance(record, Region):
        return record.full_name
    return record.code


CREATE, UPDATE = Action.CREATE, Action.UPDATE
