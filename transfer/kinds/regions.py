"""Regions: matched on code, created top-down in one pass, moved with their subtree."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from communities.models import Region, RegionLevel, code_validator
from communities.services import region_ids_reserve, region_planned, region_update, regions_create_many
from history.models import Action, Source
from history.services import changes_record, creations_record, snapshot

from .. import columns as c
from ..models import Kind as KindName
from ..references import RegionRecord
from .base import Kind, quoting, region_path

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
        return [obj.code, obj.name, obj.level, region_path(obj.parent)]
