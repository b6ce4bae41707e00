"""The six importable lists: their columns, how rows resolve, match and write, and how they export.

Each ``Kind`` works on chunks of parsed rows (``importer.Row``) in three steps the
importer calls in order — ``resolve`` (references by natural key), ``match``
(the existing record, by natural key) and ``write`` — and marks a row failed
with ``row.fail(column, reason)``. Every write records history through
``history.services`` with the batch id and ``Source.IMPORT``.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from activities import rollups
from activities.measures import MEASURES
from activities.models import EARLIEST_DATE, Activity, Category, Indicator, IndicatorValue, Participation, Status
from activities.services import lock_message
from communities.models import Organization, OrganizationKind, Region, RegionLevel, code_validator
from communities.services import region_ids_reserve, region_planned, region_update, regions_create_many
from core.privacy import mask_id_number, mask_phone
from history.models import Action, Source
from history.services import change_row, changes_record, creations_record, snapshot
from volunteers.models import PERSON_ID_NUMBER_TAKEN, Gender, Person, PoliticalStatus, Team, TeamKind, TeamMembership
from volunteers.validators import validate_id_number, validate_phone

from . import columns as c
from .models import Kind as KindName
from .parsing import CellError, parse_list
from .references import CodeNameResolver, RegionRecord

APPROVE_PERMISSION = "activities.approve_activity"
APPROVED_UNCHANGEABLE = gettext_lazy(
    "This activity is approved and cannot be changed by an import; a reviewer must reopen it first."
)
# Row messages both activity paths (batched here, set-based in ``staged``) give, word for word.
START_AFTER_DATE = gettext_lazy("The start date must not be after the date.")


def field_of(name):
    """The import column a model attribute belongs to: ``region_id`` is the region column, ``external_id`` itself."""
    return name if name == "external_id" else name.removesuffix("_id")


def row_repeats(first):
    return _("This row repeats row %(first)d of the same file.") % {"first": first}


def row_same_record(first):
    """Two rows naming one stored record by different keys (its external id, then its date, title and region)."""
    return _("This row and row %(first)d of the same file are the same stored record; keep one of them.") % {
        "first": first
    }


def quoting(value, reason):
    """A cell's refusal that quotes the cell: “资料暂缺”：请只用字母……"""
    return _("“%(value)s”: %(reason)s") % {"value": value, "reason": reason}


def category_unknown(value, names):
    return _("No category “%(value)s”. The categories are: %(choices)s.") % {
        "value": value,
        "choices": "、".join(sorted(set(names))),
    }


def external_id_outside(value):
    return _("External id “%(value)s” is used by an activity outside your regions.") % {"value": value}


class Kind:
    name = ""
    model = None
    columns = ()
    import_permissions = ()
    export_permissions = ()
    # Rows per chunk: resolved and matched in a few batched queries, written in bulk.
    chunk_size = 2000

    def __init__(self, ctx):
        self.ctx = ctx

    @classmethod
    def all_columns(cls):
        return list(cls.columns)

    @classmethod
    def may_import(cls, user):
        return user is None or user.has_perms(cls.import_permissions)

    @classmethod
    def may_export(cls, user):
        return user is None or user.has_perms(cls.export_permissions)

    def history(self, obj, action, before=None):
        ctx = self.ctx
        return change_row(
            actor=ctx.user,
            obj=obj,
            action=action,
            before=before,
            source=Source.IMPORT,
            batch_id=ctx.batch.pk,
            at=ctx.now,
        )

    def region(self, row, field="region"):
        """Resolve ``field`` as a region inside the scope; its record, or None after failing the row."""
        value = row.values.get(field)
        if not value:
            return None
        try:
            return self.ctx.regions.resolve(value)
        except CellError as error:
            row.fail(field, error.message)
            return None

    def resolve_ref(self, row, field, resolver):
        value = row.values.get(field)
        try:
            return resolver.resolve(value) if value else None
        except CellError as error:
            row.fail(field, error.message)
            return None

    def changed(self, obj, values):
        """The fields of ``values`` that differ from ``obj``."""
        return [name for name, value in values.items() if getattr(obj, name) != value]

    # Hooks the importer calls per chunk.
    def resolve(self, rows):
        pass

    def match(self, rows):
        pass

    def write(self, rows):
        raise NotImplementedError

    def key(self, row):
        return None

    # Export
    def export_queryset(self, scope, *, region=None, date_from=None, date_to=None):
        queryset = scope.filter(self.model._default_manager.all())
        if region is not None:
            queryset = queryset.filter(**{f"{self.model.scope_path}__startswith": region.path})
        return queryset.order_by("pk")

    def export_values(self, obj, *, personal):
        raise NotImplementedError


def _region_path(region):
    return region.full_name if region else ""


def _present(row, values):
    """Only the columns the file has: a sheet without 地点 leaves every location as it was."""
    return {
        name: value
        for name, value in values.items()
        if name in row.present or (name.endswith("_id") and name[:-3] in row.present)
    }


# ---------------------------------------------------------------- regions


REGION_KEYS = ("code", "name", "level")


# RegionRecord's fields, in order, as attribute names of a region.
RECORD_FIELDS = ("id", "code", "name", "full_name", "path", "parent_id", "level")


class Regions(Kind):
    name = KindName.REGIONS
    model = Region
    import_permissions = ("transfer.import_reference",)
    export_permissions = ("transfer.export_reference",)
    chunk_size = 5000
    columns = (
        c.text("code", "代码", "code", 32, required=True, example="410102001"),
        c.text("name", "名称", "name", 100, required=True, example="西站东社区"),
        c.choice("level", "级别", "level", RegionLevel, required=True, example="社区"),
        c.ref("parent", "上级", "parent", aliases=("上级区域",), example="中原区/桐柏路街道"),
    )

    def key(self, row):
        return row.values["code"]

    def match(self, rows):
        pass  # row by row in write(): a parent may be created by an earlier row of the same file

    def write(self, rows):
        """New regions in one bulk insert per chunk (keys drawn first: the path holds them); moves one by one.

        Rows are checked in file order against the index, which learns each new region as its row
        passes: a later row may name it as its parent. A region that exists and changes goes through
        ``region_update`` (a move rewrites its subtree), after the new regions above it are inserted.
        """
        index = self.ctx.regions
        creates, history = [], []
        keys = iter(region_ids_reserve(sum(row.values["code"] not in index.by_code for row in rows)))
        for row in rows:
            values = row.values
            parent = self.region(row, "parent")
            if values.get("parent") and parent is None:
                continue
            if parent is None and not index.scope_test.is_global:
                row.fail("parent", _("Only users with access to every region may import a top-level region."))
                continue
            existing = index.by_code.get(values["code"])
            if parent is not None and existing is not None and parent.path.startswith(existing.path):
                reason = _("A region cannot be placed under itself or under one of its own sub-regions.")
                row.fail("parent", quoting(values["parent"], reason))
                continue
            full_name = f"{parent.full_name}/{values['name']}" if parent else values["name"]
            clash = index.by_full_name.get(full_name)
            if clash is not None and (existing is None or clash.id != existing.id):
                row.fail("name", _("There is already a region “%(name)s”.") % {"name": full_name})
                continue
            try:
                code_validator(values["code"])
            except ValidationError as error:
                row.fail("code", quoting(values["code"], " ".join(error.messages)))
                continue
            if existing is not None and not index.scope_test.inside(existing.path):
                row.fail("code", _("Region code “%(code)s” belongs to a region outside your regions.") % values)
                continue
            if existing is None:
                keys_values = {k: values[k] for k in REGION_KEYS}
                region = region_planned(pk=next(keys), parent=parent, import_batch_id=self.ctx.batch.pk, **keys_values)
                creates.append(region)
                index.add(RegionRecord(*(region[name] for name in RECORD_FIELDS)))
                self.ctx.count(Action.CREATE)
                continue
            data = {"name": values["name"], "level": values["level"], "parent_id": parent.id if parent else None}
            if {"name": existing.name, "level": existing.level, "parent_id": existing.parent_id} == data:
                self.ctx.count_skipped()
                continue
            self.create(creates)  # the new parent may be one of them
            creates = []
            try:
                region, before = self.move(existing, values, parent)
            except ValidationError as error:
                row.fail("code", quoting(values["code"], " ".join(error.messages)))
                continue
            history.append(self.history(region, Action.UPDATE, before))
            self.ctx.count(Action.UPDATE)
        self.create(creates)
        changes_record(history)

    def create(self, regions):
        ctx = self.ctx
        regions_create_many(regions=regions)
        creations_record(
            model=Region,
            records=((r["id"], r["full_name"], r) for r in regions),
            actor=ctx.user,
            source=Source.IMPORT,
            batch_id=ctx.batch.pk,
            at=ctx.now,
        )

    def move(self, existing, values, parent):
        """(region, snapshot before) after ``region_update``; the index's view of its subtree brought up to date."""
        index = self.ctx.regions
        region = Region.objects.get(pk=existing.id)
        before = snapshot(region)
        region = region_update(
            region=region,
            data={
                "name": values["name"],
                "level": values["level"],
                "parent": Region.objects.get(pk=parent.id) if parent else None,
            },
        )
        Region.objects.filter(pk=region.pk).update(import_batch=self.ctx.batch)
        region.import_batch_id = self.ctx.batch.pk
        index.forget(existing)
        if existing.full_name != region.full_name:
            # The subtree's paths moved with it; reload the index's view of them.
            for code, path, full_name in Region.objects.filter(path__startswith=region.path).values_list(
                "code", "path", "full_name"
            ):
                record = index.by_code.get(code)
                if record and record.id != region.pk:
                    index.forget(record)
                    record.path, record.full_name = path, full_name
                    index.add(record)
        index.add(RegionRecord(*(getattr(region, name) for name in RECORD_FIELDS)))
        return region, before

    def export_queryset(self, scope, *, region=None, date_from=None, date_to=None):
        return super().export_queryset(scope, region=region).select_related("parent").order_by("path")

    def export_values(self, obj, *, personal):
        return [obj.code, obj.name, obj.level, _region_path(obj.parent)]


# ---------------------------------------------------------------- organizations and teams


def org_resolver(ctx):
    return CodeNameResolver(
        Organization,
        ctx.regions.scope_test,
        label=_("organization"),
        unknown=_("No organization “%(value)s”: give its code or its name."),
        ambiguous=_("More than one organization is called “%(value)s”: %(candidates)s. Write its code."),
        outside=_("Organization “%(value)s” is outside your regions."),
    )


def team_resolver(ctx):
    return CodeNameResolver(
        Team,
        ctx.regions.scope_test,
        label=_("volunteer team"),
        unknown=_("No volunteer team “%(value)s”: give its code or its name."),
        ambiguous=_("More than one volunteer team is called “%(value)s”: %(candidates)s. Write its code."),
        outside=_("Volunteer team “%(value)s” is outside your regions."),
    )


class CodedRecords(Kind):
    """Organizations and teams: matched on their code, written row by row (a file is hundreds of rows)."""

    chunk_size = 500
    ref_field = ""  # the column naming another record of a coded model
    refers_to_itself = False  # that record is of this same model

    def key(self, row):
        return row.values["code"]

    def resolve(self, rows):
        self.refs = self.ctx.resolver(self.ref_field, self.resolver_factory)
        self.refs.prefetch(row.values.get(self.ref_field) for row in rows)
        above = set()  # codes and names of this chunk's rows so far, not stored yet
        for row in rows:
            row.region = self.region(row)
            # A record may name one defined above it in the same file (a branch under its committee):
            # that one is stored, and learnt by ``refs``, just before this row is written.
            row.ref_later = self.refers_to_itself and row.values.get(self.ref_field) in above
            if not row.ref_later:
                row.ref_id = self.resolve_ref(row, self.ref_field, self.refs)
            above.update((row.values["code"], row.values["name"]))

    def match(self, rows):
        existing = self.model.objects.select_related("region").in_bulk(
            [row.values["code"] for row in rows], field_name="code"
        )
        for row in rows:
            row.obj = existing.get(row.values["code"])
            if row.obj is not None and not self.ctx.regions.scope_test.inside(row.obj.region.path):
                row.fail("code", _("Code “%(code)s” belongs to a record outside your regions.") % row.values)

    def field_values(self, row):
        """The columns organizations and teams share, then the kind's own (``extra_values``)."""
        v = row.values
        return {
            "name": v["name"],
            "kind": v["kind"],
            "region_id": row.region.id if row.region else None,
            f"{self.ref_field}_id": row.ref_id,
            "leader": v.get("leader", ""),
            "member_count": v.get("member_count"),
            **self.extra_values(row),
        }

    def extra_values(self, row):
        return {}

    def export_queryset(self, scope, **filters):
        return super().export_queryset(scope, **filters).select_related("region", self.ref_field)

    def export_values(self, obj, *, personal):
        ref = getattr(obj, self.ref_field)
        return [
            obj.code,
            obj.name,
            obj.kind,
            obj.region.full_name,
            ref.code if ref else "",
            obj.leader,
            obj.member_count,
            *self.extra_export_values(obj),
        ]

    def extra_export_values(self, obj):
        return []

    def write(self, rows):
        history = []
        for row in rows:
            if row.ref_later:
                row.ref_id = self.resolve_ref(row, self.ref_field, self.refs)
                if row.failed:
                    continue
            values = _present(row, self.field_values(row))
            obj = row.obj
            if obj is None:
                obj = self.model(code=row.values["code"], import_batch=self.ctx.batch, **values)
                action, before = Action.CREATE, None
            else:
                if not self.changed(obj, values):
                    self.ctx.count_skipped()
                    continue
                before = snapshot(obj)
                for name, value in values.items():
                    setattr(obj, name, value)
                obj.import_batch = self.ctx.batch
                action = Action.UPDATE
            if self.ref_field == "parent" and obj.pk and values.get("parent_id") == obj.pk:
                row.fail("parent", quoting(row.values["parent"], _("A record cannot be its own parent.")))
                continue
            obj.save()
            self.refs.learn(obj.pk, obj.code, obj.name, row.region.path if row.region else "")
            history.append(self.history(obj, action, before))
            self.ctx.count(action)
        changes_record(history)


class Organizations(CodedRecords):
    name = KindName.ORGANIZATIONS
    model = Organization
    import_permissions = ("transfer.import_reference",)
    export_permissions = ("transfer.export_reference",)
    ref_field = "parent"
    refers_to_itself = True
    resolver_factory = staticmethod(org_resolver)
    columns = (
        c.text("code", "代码", "code", 32, required=True, example="ZY-TBL-001"),
        c.text("name", "名称", "name", 200, required=True, example="西站东社区党委"),
        c.choice("kind", "类型", "kind", OrganizationKind, required=True, example="党委"),
        c.ref("region", "所属区域", "region", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.ref("parent", "上级组织", "parent", example=""),
        c.text("leader", "负责人", "leader", 50, example="王芳"),
        c.number("member_count", "党员数", "members", maximum=10_000_000, example="56"),
        c.date("term_start", "本届开始", "term_start", example="2021-06-13"),
        c.number("term_years", "任期年限", "term_years", maximum=10, example="5"),
    )

    def extra_values(self, row):
        v = row.values
        if v.get("term_years") == 0:
            row.fail("term_years", quoting(v["term_years"], _("A term lasts 1 to 10 years.")))
        return {"term_start": v.get("term_start"), "term_years": v.get("term_years")}

    def extra_export_values(self, obj):
        return [obj.term_start, obj.term_years]


class Teams(CodedRecords):
    name = KindName.TEAMS
    model = Team
    import_permissions = ("transfer.import_reference",)
    export_permissions = ("transfer.export_reference",)
    ref_field = "organization"
    resolver_factory = staticmethod(org_resolver)
    columns = (
        c.text("code", "代码", "code", 32, required=True, example="ZY-QN-01"),
        c.text("name", "名称", "name", 200, required=True, example="青年志愿服务队"),
        c.choice("kind", "类型", "kind", TeamKind, required=True, example="青年志愿服务队"),
        c.ref("region", "所属区域", "region", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.ref("organization", "主管组织", "organization", example=""),
        c.text("leader", "队长", "leader", 50, example="李明"),
        c.number("member_count", "人数", "members", maximum=1_000_000, example="35"),
    )

    def write(self, rows):
        # Teams name organizations, not other teams: nothing created here is referenced by a later row.
        self.refs.learn = lambda *args: None
        super().write(rows)


# ---------------------------------------------------------------- people


def clean_phone(row, field="phone"):
    value = row.values.get(field)
    if value:
        try:
            validate_phone(value)
        except ValidationError as error:
            row.fail(field, quoting(value, " ".join(error.messages)))


def clean_id_number(row, field="id_number"):
    value = row.values.get(field)
    if value:
        try:
            validate_id_number(value)
        except ValidationError as error:
            row.fail(field, quoting(value, " ".join(error.messages)))


class People(Kind):
    name = KindName.PEOPLE
    model = Person
    import_permissions = ("transfer.import_people",)
    export_permissions = ("transfer.export_people",)
    columns = (
        c.text("name", "姓名", "name", 50, required=True, example="张三"),
        c.identifier(
            "phone", "手机", "phone", aliases=("手机号", "手机号码", "电话", "联系电话"), example="13812341234"
        ),
        c.identifier(
            "id_number", "身份证号", "id_number", aliases=("身份证号码", "身份证"), example="410102199001011237"
        ),
        c.choice("gender", "性别", "gender", Gender, example="男"),
        c.choice("political_status", "政治面貌", "political_status", PoliticalStatus, example="中共党员"),
        c.ref("region", "所属区域", "region", required=True, example="中原区/桐柏路街道/西站东社区"),
        c.ref("teams", "所属队伍", "teams", example="青年志愿服务队"),
    )

    def key(self, row):
        v = row.values
        return ("id", v["id_number"]) if v.get("id_number") else ("phone", v.get("phone"), v["name"])

    def resolve(self, rows):
        self.teams = self.ctx.resolver("team", team_resolver)
        self.teams.prefetch(name for row in rows for name in parse_list(row.values.get("teams")))
        for row in rows:
            clean_phone(row)
            clean_id_number(row)
            if not row.values.get("phone") and not row.values.get("id_number"):
                row.fail("phone", _("Give a phone or an ID number, so the person is not recorded twice."))
            row.region = self.region(row)
            row.team_ids = []
            for name in parse_list(row.values.get("teams")):
                try:
                    row.team_ids.append(self.teams.resolve(name))
                except CellError as error:
                    row.fail("teams", error.message)

    def match(self, rows):
        ids = {row.values["id_number"] for row in rows if row.values.get("id_number")}
        phones = {row.values["phone"] for row in rows if row.values.get("phone")}
        found = Person.objects.filter(Q(id_number__in=ids) | Q(phone__in=phones)).select_related("region")
        by_id, by_phone_name = {}, {}
        for person in found:
            if person.id_number:
                by_id[person.id_number] = person
            by_phone_name.setdefault((person.phone, person.name), person)
        inside = self.ctx.regions.scope_test.inside
        for row in rows:
            v = row.values
            person = by_id.get(v.get("id_number")) if v.get("id_number") else None
            if person is not None and not inside(person.region.path):
                # ID numbers are unique in the whole ledger, so this row cannot be written; the
                # message is the one the database constraint gives (Person.Meta), in scope or not,
                # and says nothing of where or whether the number is recorded.
                row.fail("id_number", str(PERSON_ID_NUMBER_TAKEN))
                row.obj = None
                continue
            if person is None and v.get("phone"):
                candidate = by_phone_name.get((v["phone"], v["name"]))
                # Phone and name match only a person without a (different) ID number, and only
                # one in scope: outside it the row is a new person, as if no one matched.
                if (
                    candidate is not None
                    and not (candidate.id_number and v.get("id_number"))
                    and inside(candidate.region.path)
                ):
                    person = candidate
            row.obj = person

    def write(self, rows):
        history, memberships = [], []
        new_people, updated, update_fields = [], [], set()
        for row in rows:
            v = row.values
            values = _present(
                row,
                {
                    "name": v["name"],
                    "phone": v.get("phone", ""),
                    "id_number": v.get("id_number", ""),
                    "gender": v.get("gender", ""),
                    "political_status": v.get("political_status") or PoliticalStatus.MASSES,
                    "region_id": row.region.id if row.region else None,
                },
            )
            person = row.obj
            if person is None:
                row.obj = Person(import_batch=self.ctx.batch, **values)
                new_people.append(row.obj)
                row.action = Action.CREATE
            elif self.changed(person, values):
                update_fields.update(self.changed(person, values))
                row.before = snapshot(person)
                for name, value in values.items():
                    setattr(person, name, value)
                person.import_batch = self.ctx.batch
                updated.append(person)
                row.action = Action.UPDATE
            else:
                row.action = None
        Person.objects.bulk_create(new_people)
        if updated:
            Person.objects.bulk_update(updated, sorted(update_fields | {"import_batch"}))
        person_ids = [row.obj.pk for row in rows]
        have = set(
            TeamMembership.objects.filter(person_id__in=person_ids).values_list("person_id", "team_id").order_by()
        )
        for row in rows:
            new_teams = [pk for pk in dict.fromkeys(row.team_ids) if (row.obj.pk, pk) not in have]
            if row.action is None and not new_teams:
                self.ctx.count_skipped()
                continue
            if row.action is not None:
                history.append(self.history(row.obj, row.action, getattr(row, "before", None)))
            self.ctx.count(row.action or Action.UPDATE)
            for team_id in new_teams:
                memberships.append(TeamMembership(person_id=row.obj.pk, team_id=team_id))
                have.add((row.obj.pk, team_id))
        TeamMembership.objects.bulk_create(memberships)
        history.extend(self.history(m, Action.CREATE) for m in memberships)
        changes_record(history)

    def export_queryset(self, scope, **filters):
        return super().export_queryset(scope, **filters).select_related("region").prefetch_related("teams")

    def export_values(self, obj, *, personal):
        return [
            obj.name,
            obj.phone if personal else mask_phone(obj.phone),
            obj.id_number if personal else mask_id_number(obj.id_number),
            obj.gender,
            obj.political_status,
            obj.region.full_name,
            "、".join(sorted(team.code for team in obj.teams.all())),
        ]


# ---------------------------------------------------------------- activities

ACTIVITY_CONTENT = (
    "external_id",
    "date",
    "start_date",
    "title",
    "category_id",
    "region_id",
    "organization_id",
    "team_id",
    *(m.field for m in MEASURES),
    "location",
    "notes",
)
MEASURE_HEADERS = {
    "sessions": ("场次", ("期数",)),
    "participants": ("参与人次", ("参与人数",)),
    "volunteers": ("志愿者人次", ("志愿者人数",)),
    "volunteer_hours": ("志愿服务时长", ("服务时长",)),
    "people_served": ("服务群众人次", ("服务群众", "服务人次")),
    "households": ("户数", ("走访户数", "服务户数")),
    "funds": ("资金", ("金额",)),
}


class Activities(Kind):
    name = KindName.ACTIVITIES
    model = Activity
    import_permissions = ("activities.import_activity",)
    export_permissions = ("activities.export_activity",)
    columns = (
        c.text("external_id", "外部编号", "external_id", 64, example="TBL-2020-0613-01"),
        c.date("date", "日期", "date", required=True, aliases=("活动日期", "结束日期"), example="2020-06-13"),
        c.date("start_date", "开始日期", "start_date", example=""),
        c.text(
            "title", "标题", "title", 200, required=True, aliases=("活动名称", "活动标题"), example="平安建设宣传走访"
        ),
        c.ref("category", "类别", "category", required=True, aliases=("活动类别",), example="平安建设"),
        c.ref("region", "所属区域", "region", required=True, aliases=("区域",), example="中原区/桐柏路街道/西站东社区"),
        c.ref("organization", "组织单位", "organization", example=""),
        c.ref("team", "志愿服务队", "team", example=""),
        *(
            c.number(
                m.field,
                MEASURE_HEADERS[m.field][0],
                m.field,
                decimal_places=m.decimal_places,
                maximum=m.maximum,
                aliases=MEASURE_HEADERS[m.field][1],
                example={"sessions": "1", "participants": "1,100", "volunteers": "8", "volunteer_hours": "16"}.get(
                    m.field, ""
                ),
            )
            for m in MEASURES
        ),
        c.text("location", "地点", "location", 200, example="西站路82号院"),
        c.text("notes", "备注", "notes", 5000, multiline=True, example=""),
    )

    @classmethod
    def all_columns(cls):
        indicators = Indicator.objects.filter(is_active=True).order_by("sort_order", "id")
        return [*cls.columns, *(c.indicator_column(indicator) for indicator in indicators)]

    @classmethod
    def extra_columns(cls):
        """Columns a header may name beyond the fixed ones: every indicator, active or not."""
        return [c.indicator_column(indicator) for indicator in Indicator.objects.order_by("sort_order", "id")]

    def key(self, row):
        v = row.values
        if v.get("external_id"):
            return ("external_id", v["external_id"].upper())
        return ("natural", v["date"], v["title"], row.region.id if row.region else v.get("region"))

    def resolve(self, rows):
        ctx = self.ctx
        self.orgs = ctx.resolver("organization", org_resolver)
        self.teams = ctx.resolver("team", team_resolver)
        self.orgs.prefetch(row.values.get("organization") for row in rows)
        self.teams.prefetch(row.values.get("team") for row in rows)
        categories = ctx.categories
        for row in rows:
            v = row.values
            row.region = self.region(row)
            name = v.get("category") or ""
            category = categories.get(name) or categories.get(name.lower())
            if category is None and name:
                row.fail("category", category_unknown(name, [c.name for c in categories.values()]))
            row.category_id = category.pk if category else None
            row.organization_id = self.resolve_ref(row, "organization", self.orgs)
            row.team_id = self.resolve_ref(row, "team", self.teams)
            if v.get("start_date") and v.get("date") and v["start_date"] > v["date"]:
                row.fail("start_date", str(START_AFTER_DATE))

    def match(self, rows):
        external = {row.values["external_id"].upper() for row in rows if row.values.get("external_id")}
        by_external = {}
        if external:
            for activity in Activity.objects.filter(external_id__in=external).select_related("region"):
                by_external[activity.external_id.upper()] = activity
            # Case variants ("tbl-1" for "TBL-1") the exact lookup missed.
            missing = external - set(by_external)
            if missing and len(missing) < 500:
                q = Q()
                for value in missing:
                    q |= Q(external_id__iexact=value)
                for activity in Activity.objects.filter(q).select_related("region"):
                    by_external[activity.external_id.upper()] = activity
        keys = [row for row in rows if row.region and row.values.get("external_id", "").upper() not in by_external]
        by_natural = {}
        if keys:
            for activity in Activity.objects.filter(
                date__in={row.values["date"] for row in keys},
                title__in={row.values["title"] for row in keys},
                region_id__in={row.region.id for row in keys},
                external_id="",
            ).order_by("pk"):
                by_natural.setdefault((activity.date, activity.title, activity.region_id), activity)
        for row in rows:
            v = row.values
            activity = by_external.get(v.get("external_id", "").upper()) if v.get("external_id") else None
            if activity is None and row.region:
                activity = by_natural.get((v["date"], v["title"], row.region.id))
            if activity is not None and not self.ctx.regions.scope_test.inside(activity.region.path):
                row.fail("external_id", external_id_outside(v.get("external_id")))
            row.obj = activity

    def content(self, row):
        v = row.values
        values = {
            "external_id": v.get("external_id", ""),
            "date": v["date"],
            "start_date": v.get("start_date"),
            "title": v["title"],
            "category_id": row.category_id,
            "region_id": row.region.id,
            "organization_id": row.organization_id,
            "team_id": row.team_id,
            "location": v.get("location", ""),
            "notes": v.get("notes", ""),
        }
        for m in MEASURES:
            values[m.field] = v.get(m.field)
        return _present(row, values)

    def write(self, rows):
        ctx = self.ctx
        status = Status.APPROVED if ctx.approve else Status.SUBMITTED
        stamps = {"status": status, "submitted_by": ctx.user, "submitted_at": ctx.now, "import_batch": ctx.batch}
        if ctx.approve:
            stamps.update(reviewed_by=ctx.user, reviewed_at=ctx.now)
        creates, updates, history = [], [], []
        update_fields = set()
        for row in rows:
            values = self.content(row)
            activity = row.obj
            if activity is None:
                row.obj = Activity(created_by=ctx.user, **values, **stamps)
                creates.append(row)
                continue
            changed = self.changed(activity, values)
            row.indicator_changes = None
            if not changed:
                row.action = None
                continue
            if activity.status == Status.APPROVED:
                row.fail(
                    field_of(changed[0]),
                    str(APPROVED_UNCHANGEABLE),
                )
                continue
            row.before = snapshot(activity)
            for name in changed:
                setattr(activity, name, values[name])
            for name, value in stamps.items():
                setattr(activity, name, value)
            activity.version += 1
            activity.updated_at = ctx.now
            update_fields.update(changed)
            updates.append(row)
            row.action = Action.UPDATE
        Activity.objects.bulk_create([row.obj for row in creates], batch_size=1000)
        # Pre-aggregated totals: take out what changes, put back what was written (activities.rollups).
        subtracted = {row.obj.pk for row in updates}
        if updates:
            rollups.subtract(Activity.objects.filter(pk__in=subtracted))
            fields = [*update_fields, *stamps, "version", "updated_at"]
            if ctx.approve:
                fields += ["reviewed_by", "reviewed_at"]
            Activity.objects.bulk_update([row.obj for row in updates], sorted(set(fields)), batch_size=1000)
        for row in creates:
            row.action = Action.CREATE
            history.append(self.history(row.obj, Action.CREATE))
        for row in updates:
            history.append(self.history(row.obj, Action.UPDATE, row.before))
        indicator_rows = self.write_indicators(rows, history, subtracted)
        if creates or subtracted:
            rollups.add(Activity.objects.filter(pk__in=subtracted | {row.obj.pk for row in creates}))
        for row in rows:
            if row.failed:
                continue
            if row.action is None and row.obj.pk not in indicator_rows:
                ctx.count_skipped()
            else:
                ctx.count(row.action or Action.UPDATE)
        changes_record(history)

    def write_indicators(self, rows, history, subtracted):
        """Write the indicator columns' values; returns the pks of activities whose values changed.

        Existing activities whose values change are taken out of the totals first and added to ``subtracted``.
        """
        fields = [f for f in self.ctx.present_fields if f.startswith("indicator:")]
        if not fields:
            return set()
        written = [row for row in rows if not row.failed and row.obj.pk]
        for row in written:
            row.pk = row.obj.pk
        existing = {
            (value.activity_id, value.indicator_id): value
            for value in IndicatorValue.objects.filter(activity_id__in=[row.pk for row in written]).select_related(
                "activity", "indicator"
            )
        }
        creates, updates, deletes, changed = [], [], [], set()
        for row in written:
            for field in fields:
                indicator_id = int(field.split(":")[1])
                value = row.values.get(field)
                current = existing.get((row.pk, indicator_id))
                if current is None and value is not None:
                    creates.append(IndicatorValue(activity=row.obj, indicator_id=indicator_id, value=value))
                elif current is not None and value is None:
                    deletes.append(current)
                elif current is not None and current.value != value:
                    before = snapshot(current)
                    current.value = value
                    updates.append((current, before))
                else:
                    continue
                changed.add(row.pk)
        changed_approved = {
            row.pk for row in written if row.pk in changed and row.obj.status == Status.APPROVED and row.action is None
        }
        if changed_approved:
            for row in written:
                if row.pk in changed_approved:
                    row.fail("title", str(APPROVED_UNCHANGEABLE))
            return changed
        created = {row.pk for row in written if row.action == Action.CREATE}
        existing_changed = changed - created - subtracted
        if existing_changed:
            rollups.subtract(Activity.objects.filter(pk__in=existing_changed))
            subtracted |= existing_changed
        IndicatorValue.objects.bulk_create(creates)
        IndicatorValue.objects.bulk_update([value for value, _before in updates], ["value"])
        for value in deletes:
            history.append(self.history(value, Action.DELETE, snapshot(value)))
        IndicatorValue.objects.filter(pk__in=[value.pk for value in deletes]).delete()
        history.extend(self.history(value, Action.CREATE) for value in creates)
        history.extend(self.history(value, Action.UPDATE, before) for value, before in updates)
        return changed

    def export_queryset(self, scope, *, region=None, date_from=None, date_to=None):
        queryset = (
            super().export_queryset(scope, region=region).select_related("region", "category", "organization", "team")
        )
        if date_from:
            queryset = queryset.filter(date__gte=date_from)
        if date_to:
            queryset = queryset.filter(date__lte=date_to)
        return queryset.prefetch_related("indicator_values")

    def export_values(self, obj, *, personal):
        values = [
            obj.external_id,
            obj.date,
            obj.start_date,
            obj.title,
            obj.category.name,
            obj.region.full_name,
            obj.organization.code if obj.organization else "",
            obj.team.code if obj.team else "",
            *(getattr(obj, m.field) for m in MEASURES),
            obj.location,
            obj.notes,
        ]
        by_indicator = {value.indicator_id: value.value for value in obj.indicator_values.all()}
        values.extend(by_indicator.get(int(col.field.split(":")[1])) for col in self.ctx.export_extra)
        return values


# ---------------------------------------------------------------- participation


class Participations(Kind):
    name = KindName.PARTICIPATION
    model = Participation
    import_permissions = ("transfer.import_people",)
    export_permissions = ("transfer.export_people",)
    columns = (
        c.text(
            "activity",
            "外部编号",
            "activity",
            64,
            required=True,
            aliases=("活动编号", "external_id"),
            example="TBL-2020-0613-01",
        ),
        c.text("name", "姓名", "name", 50, example="张三"),
        c.identifier("phone", "手机", "phone", aliases=("手机号", "手机号码", "电话"), example="13812341234"),
        c.identifier("id_number", "身份证号", "id_number", aliases=("身份证号码", "身份证"), example=""),
        c.number(
            "hours",
            "时长",
            "hours",
            required=True,
            decimal_places=2,
            maximum=24,
            aliases=("服务时长", "志愿服务时长"),
            example="2.5",
        ),
    )

    def key(self, row):
        v = row.values
        return (v["activity"].upper(), v.get("id_number") or v.get("phone"))

    def resolve(self, rows):
        for row in rows:
            clean_phone(row)
            clean_id_number(row)
            if not row.values.get("phone") and not row.values.get("id_number"):
                row.fail("phone", _("Give the person's phone or ID number."))
        live = [row for row in rows if not row.failed]
        external = {row.values["activity"] for row in live}
        activities = {
            a.external_id.upper(): a
            for a in Activity.objects.filter(external_id__in=external)
            .select_related("region")
            .only("pk", "external_id", "title", "date", "region__path", "status")
        }
        ids = {row.values["id_number"] for row in live if row.values.get("id_number")}
        phones = {row.values["phone"] for row in live if row.values.get("phone") and not row.values.get("id_number")}
        by_id, by_phone = {}, defaultdict(list)
        for person in Person.objects.filter(Q(id_number__in=ids) | Q(phone__in=phones)).select_related("region"):
            if person.id_number:
                by_id[person.id_number] = person
            by_phone[person.phone].append(person)
        scope_test = self.ctx.regions.scope_test
        for row in live:
            v = row.values
            activity = activities.get(v["activity"].upper())
            if activity is None or not scope_test.inside(activity.region.path):
                row.fail(
                    "activity",
                    _("No activity in your regions has the external id “%(value)s”.") % {"value": v["activity"]},
                )
            elif (locked := lock_message(actor=self.ctx.user, activity=activity)) is not None:
                # Approved (or, for a clerk, under review): its participation changes only after a reopen.
                row.fail("activity", locked)
            row.activity = activity
            row.person = None
            if v.get("id_number"):
                row.person = by_id.get(v["id_number"])
                if row.person is None:
                    row.fail("id_number", _("No person has the ID number “%(value)s”.") % {"value": v["id_number"]})
            else:
                people = by_phone.get(v["phone"], [])
                if len(people) > 1:
                    row.fail(
                        "phone",
                        _("More than one person has the phone “%(value)s”: %(candidates)s. Give the ID number.")
                        % {
                            "value": v["phone"],
                            "candidates": "、".join(f"{p.name}（{p.region.full_name}）" for p in people),
                        },
                    )
                elif not people:
                    row.fail(
                        "phone",
                        _("No person has the phone “%(value)s”; import them as people first.") % {"value": v["phone"]},
                    )
                else:
                    row.person = people[0]

    def match(self, rows):
        pairs = Participation.objects.filter(
            activity_id__in={row.activity.pk for row in rows}, person_id__in={row.person.pk for row in rows}
        )
        existing = {(p.activity_id, p.person_id): p for p in pairs}
        for row in rows:
            row.obj = existing.get((row.activity.pk, row.person.pk))

    def write(self, rows):
        ctx = self.ctx
        creates, updates, history = [], [], []
        for row in rows:
            hours = row.values["hours"]
            if row.obj is None:
                row.obj = Participation(activity=row.activity, person=row.person, hours=hours, import_batch=ctx.batch)
                creates.append(row.obj)
            elif row.obj.hours != hours:
                before = snapshot(row.obj)
                row.obj.hours, row.obj.import_batch = hours, ctx.batch
                updates.append((row.obj, before))
            else:
                ctx.count_skipped()
        Participation.objects.bulk_create(creates)
        # New records count in the monthly volunteers; an update changes only hours, which they do not hold.
        rollups.add_participations(Participation.objects.filter(pk__in=[p.pk for p in creates]))
        Participation.objects.bulk_update([p for p, _before in updates], ["hours", "import_batch"])
        history.extend(self.history(p, Action.CREATE) for p in creates)
        history.extend(self.history(p, Action.UPDATE, before) for p, before in updates)
        for _i in creates:
            ctx.count(Action.CREATE)
        for _i in updates:
            ctx.count(Action.UPDATE)
        changes_record(history)
        ctx.touched_activities.update(p.activity_id for p in creates)
        ctx.touched_activities.update(p.activity_id for p, _before in updates)

    def finish(self):
        recount_participation(self.ctx)

    def export_queryset(self, scope, *, region=None, date_from=None, date_to=None):
        queryset = super().export_queryset(scope, region=region).select_related("activity", "person")
        if date_from:
            queryset = queryset.filter(activity__date__gte=date_from)
        if date_to:
            queryset = queryset.filter(activity__date__lte=date_to)
        return queryset.filter(~Q(activity__external_id=""))

    def export_values(self, obj, *, personal):
        person = obj.person
        return [
            obj.activity.external_id,
            person.name,
            person.phone if personal else mask_phone(person.phone),
            person.id_number if personal else mask_id_number(person.id_number),
            obj.hours,
        ]


def recount_participation(ctx):
    """Bring the touched activities' volunteer figures in line with their participation records."""
    if not ctx.touched_activities:
        return
    from activities.participation import activities_recount_participation

    activities_recount_participation(
        activity_ids=ctx.touched_activities, actor=ctx.user, source=Source.IMPORT, batch_id=ctx.batch.pk
    )


KINDS = {kind.name: kind for kind in (Regions, Organizations, Teams, People, Activities, Participations)}
EARLIEST = EARLIEST_DATE
ALL_CATEGORIES = Category
