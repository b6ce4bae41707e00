"""Talent pools (乡土人才库, 村级后备干部库) and their members: a pool with the head count a report gives, or a person
on record put in a pool, through ``regional.registers``.

The pool is named by 人才库 and 所在区域; one not there yet is created when the row gives its 人才库类型. The
person is named by 身份证号 or 手机 (people are imported with the people kind first). Matched on pool and person;
a row imported again corrects 入库日期 and 专长. A pool known only by the head count a report gives (460人)
is imported with the talent pools kind (its 报告人数), with no invented members.
"""

from django.utils.translation import gettext as _

from regional import registers
from regional.models import PoolKind, TalentPool, TalentPoolMember

from .. import columns as c
from ..models import Kind as KindName
from ..parsing import plain, qualifier_of
from .regional import CREATE, ID_NUMBER, PHONE, REGION, SOURCE, UPDATE, RegionalKind, find_people, person_cells
from .surveys import APPROXIMATE


class TalentPoolMembers(RegionalKind):
    name = KindName.TALENT_POOL_MEMBERS
    model = TalentPoolMember
    import_permissions = ("regional.add_talentpoolmember", "regional.change_talentpoolmember")
    export_permissions = ("regional.view_talentpoolmember",)
    references = {"region": REGION}
    export_select = ("pool__region", "person")
    columns = (
        c.text("pool", "人才库", "talent pool", 200, required=True, aliases=("人才库名称",), example="乡土人才库"),
        c.ref("region", "所在区域", "region", required=True, example="中原区/桐柏路街道"),
        c.choice("pool_kind", "人才库类型", "kind of pool", PoolKind, example="乡土人才库"),
        c.text("name", "姓名", "name", 50, example="张三"),
        PHONE,
        ID_NUMBER,
        c.date("joined_on", "入库日期", "joined on", aliases=("入库时间",), example="2019-05-01"),
        c.text("speciality", "专长", "speciality", 100, aliases=("特长", "人才类别"), example="种植"),
    )

    def __init__(self, ctx):
        super().__init__(ctx)
        self.pools = {}  # (region id, name): the pool, looked up once per import, or created by an earlier row
        self.to_create = set()  # the pools an earlier row of the file creates (it gives their kind)

    def resolve(self, rows):
        super().resolve(rows)
        find_people(self.ctx, rows, required=True)
        live = [row for row in rows if not row.failed]
        wanted = {(row.refs["region"], row.values["pool"]) for row in live} - set(self.pools)
        if wanted:
            queryset = TalentPool.objects.filter(
                region_id__in={region for region, _name in wanted}, name__in={name for _region, name in wanted}
            )
            self.pools.update({(pool.region_id, pool.name): pool for pool in queryset})
        for row in live:
            pool_key = (row.refs["region"], row.values["pool"])
            if pool_key in self.pools or pool_key in self.to_create:
                continue
            if row.values.get("pool_kind"):
                self.to_create.add(pool_key)
            else:
                row.fail(
                    "pool",
                    _(
                        "No talent pool “%(pool)s” in %(region)s: give its kind in the pool kind column to create "
                        "it, or add it on its admin page."
                    )
                    % {"pool": row.values["pool"], "region": row.values["region"]},
                )

    def key(self, row):
        return (row.refs.get("region"), row.values["pool"], row.person.pk if row.person else None)

    def match(self, rows):
        for row in rows:
            row.pool = self.pools.get((row.refs["region"], row.values["pool"]))
        queryset = TalentPoolMember.objects.filter(
            pool_id__in={row.pool.pk for row in rows if row.pool}, person_id__in={row.person.pk for row in rows}
        )
        existing = {(member.pool_id, member.person_id): member for member in queryset}
        for row in rows:
            row.obj = existing.get((row.pool.pk, row.person.pk)) if row.pool else None

    def write_row(self, row):
        v = row.values
        values = {"joined_on": v.get("joined_on"), "speciality": v.get("speciality", "")}
        if row.obj is not None:
            changes = self.changes(row.obj, self.present(row, values))
            if not changes:
                return None
            registers.register_update(actor=self.ctx.user, record=row.obj, data=changes, source=SOURCE)
            return UPDATE
        region = row.refs["region"]
        pool = row.pool or self.pools.get((region.pk, v["pool"]))
        created = pool is None
        if created:
            pool = registers.talent_pool_create(
                actor=self.ctx.user, region=region, name=v["pool"], kind=v["pool_kind"], source=SOURCE
            )
        row.obj = registers.talent_pool_add(actor=self.ctx.user, pool=pool, person=row.person, source=SOURCE, **values)
        if created:
            self.pools[(region.pk, pool.name)] = pool  # later rows of the file join it
        return CREATE

    def export_values(self, obj, *, personal):
        pool = obj.pool
        return [
            pool.name,
            pool.region.full_name,
            pool.kind,
            obj.person.name,
            *person_cells(obj.person, personal=personal),
            obj.joined_on,
            obj.speciality,
        ]


class TalentPools(RegionalKind):
    """Talent pools themselves, with the head count a report gives where the people are not listed (460人, 265余人).

    Matched on 所在区域 and 人才库; a row imported again corrects the kind, the date and the count
    (``register_update``). The count is stored with whether it was written approximately, and exported back so.
    """

    name = KindName.TALENT_POOLS
    model = TalentPool
    import_permissions = ("regional.add_talentpool", "regional.change_talentpool")
    export_permissions = ("regional.view_talentpool",)
    references = {"region": REGION}
    export_select = ("region",)
    # The approximate flag is written in the count's cell (460余): a refusal of it is that cell's.
    error_columns = {"count_approximate": "reported_count"}
    columns = (
        c.text("name", "人才库", "talent pool", 200, required=True, aliases=("人才库名称",), example="乡土人才库"),
        c.ref("region", "所在区域", "region", required=True, example="中原区/桐柏路街道"),
        c.choice("kind", "人才库类型", "kind of pool", PoolKind, required=True, example="乡土人才库"),
        c.date("established_on", "建立日期", "established on", aliases=("建库日期",), example=""),
        c.number(
            "reported_count", "报告人数", "reported head count", maximum=10_000_000, aliases=("人数",), example="460"
        ),
    )

    def key(self, row):
        return (row.refs.get("region"), row.values["name"])

    def match(self, rows):
        queryset = TalentPool.objects.filter(
            region_id__in={row.refs["region"] for row in rows}, name__in={row.values["name"] for row in rows}
        )
        self.match_from(rows, queryset, lambda pool: (pool.region_id, pool.name))

    def write_row(self, row):
        v = row.values
        count = v.get("reported_count")
        values = {
            "kind": v["kind"],
            "established_on": v.get("established_on"),
            "reported_count": plain(count),
            "count_approximate": bool(qualifier_of(count)),
        }
        if row.obj is None:
            row.obj = registers.talent_pool_create(
                actor=self.ctx.user, region=row.refs["region"], name=v["name"], source=SOURCE, **values
            )
            return CREATE
        present = self.present(row, values)
        if "reported_count" in present:
            present["count_approximate"] = values["count_approximate"]
        changes = self.changes(row.obj, present)
        if not changes:
            return None
        registers.register_update(actor=self.ctx.user, record=row.obj, data=changes, source=SOURCE)
        return UPDATE

    def export_values(self, obj, *, personal):
        count = obj.reported_count
        return [
            obj.name,
            obj.region.full_name,
            obj.kind,
            obj.established_on,
            f"{count}{APPROXIMATE}" if count is not None and obj.count_approximate else count,
        ]
