"""Organizations and teams share this: coded records matched on their code, with a reference column."""

from django.utils.translation import gettext as _

from communities.models import Organization
from history.models import Action
from history.services import changes_record, snapshot
from volunteers.models import Team

from ..references import CodeNameResolver
from .base import Kind, present_values, quoting


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
            values = present_values(row, self.field_values(row))
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
