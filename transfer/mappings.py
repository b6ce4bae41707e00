"""The user's own header words: a header mapped to a column once is read that way in their next file of the kind.

The admin's import preview offers a column for each header it did not recognise; the
command line takes ``--map 活动内容=标题``. Both end in a ``{header: field}`` mapping that
``run_import(mapping=...)`` reads before the kind's own names and synonyms.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from .importer import import_columns
from .layout import HeaderMatcher
from .models import HeaderMapping
from .parsing import normalize_header
from .synonyms import SYNONYMS


def saved_mapping(*, user, kind):
    """{header: field} the user mapped for ``kind`` before."""
    return dict(HeaderMapping.objects.filter(user=user, kind=kind).order_by("id").values_list("header", "field"))


def header_mapping_save(*, user, kind, mapping):
    """Remember ``mapping`` ({header as written: field, or '' to forget it}) for the user's next file."""
    fields = {column.field for column in import_columns(kind)}
    with transaction.atomic():
        for header, field_name in mapping.items():
            key = normalize_header(header)[:100]
            if not key:
                continue
            if field_name in fields:
                HeaderMapping.objects.update_or_create(user=user, kind=kind, header=key, defaults={"field": field_name})
            else:
                HeaderMapping.objects.filter(user=user, kind=kind, header=key).delete()


def column_choices(kind):
    """(field, label) of each column a header may be mapped to."""
    return [(column.field, f"{column.zh}（{column.en}）") for column in import_columns(kind)]


def parse_map_options(kind, items):
    """{header: field} from ``header=column`` texts (the column by any of its names); ValueError says what is wrong."""
    columns = import_columns(kind)
    matcher = HeaderMatcher(columns, synonyms=SYNONYMS.get(kind))
    by_field = {column.field: column for column in columns}
    mapping = {}
    for item in items:
        header, sep, target = item.partition("=")
        if not sep or not header.strip() or not target.strip():
            raise ValueError(_("“%(item)s” is not header=column (例如 活动内容=标题).") % {"item": item})
        column = by_field.get(target.strip()) or matcher.find([target])
        if column is None:
            raise ValueError(
                _("No column “%(column)s”; the columns are: %(columns)s.")
                % {"column": target.strip(), "columns": "、".join(column.zh for column in columns)}
            )
        mapping[header.strip()] = column.field
    return mapping
