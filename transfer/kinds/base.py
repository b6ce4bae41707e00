"""What every import kind shares: the ``Kind`` base class with every hook the importer calls, and the row messages.

Each ``Kind`` works on chunks of parsed rows (``rows.Row``) in three steps the
importer calls in order — ``resolve`` (references by natural key), ``match``
(the existing record, by natural key) and ``write`` — and marks a row failed
with ``row.fail(column, reason)``. Every write records history through
``history.services`` with the batch id and ``Source.IMPORT``.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from history.models import Source
from history.services import change_row

from ..parsing import CellError

APPROVE_PERMISSION = "activities.approve_activity"
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
        """The columns of the template and the export."""
        return list(cls.columns)

    @classmethod
    def extra_columns(cls):
        """Columns a header may name beyond the fixed ones (activities: every indicator); none by default."""
        return []

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

    def finish(self):
        """Once after the last chunk of an import without row errors (participation: recount the activities)."""

    # Export
    def export_queryset(self, scope, *, region=None, date_from=None, date_to=None):
        queryset = scope.filter(self.model._default_manager.all())
        if region is not None:
            queryset = queryset.filter(**{f"{self.model.scope_path}__startswith": region.path})
        return queryset.order_by("pk")

    def export_values(self, obj, *, personal):
        raise NotImplementedError


def region_path(region):
    return region.full_name if region else ""


def present_values(row, values):
    """Only the columns the file has: a sheet without 地点 leaves every location as it was."""
    return {
        name: value
        for name, value in values.items()
        if name in row.present or (name.endswith("_id") and name[:-3] in row.present)
    }
