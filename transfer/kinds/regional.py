"""What the regional Party-building kinds share: references resolved in batches, every write through a service.

Member units, committee members, pairings, the three lists and the unit reporting register are written
by ``regional``'s services (never saved here): they check the importer's permission and regions and write
the history, which carries the batch id (``regional.services.import_batch``). A row a service refuses
fails with the service's message in the column it concerns; as everywhere, one failed row writes nothing.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Organization, Project, Region
from history.models import Action, Source
from regional.models import MemberUnit
from regional.services import import_batch

from ..references import CodeNameResolver
from .base import Kind, present_values
from .coded import org_resolver

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
