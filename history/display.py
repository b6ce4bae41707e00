"""History rows as a person reads them: field names, old → new, names instead of ids, numbers masked."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _

EMPTY = "—"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    change: object  # the history.Change row
    fields: list


def _related_names(changes, fields):
    """{model: {pk: name}} for every foreign-key value on the page: one query per referenced model."""
    wanted = defaultdict(set)
    for change in changes:
        for name, values in change.changes.items():
            field = fields.get(name)
            if field is not None and field.many_to_one:
                wanted[field.related_model].update(v for v in values if v is not None)
    return {
        related: {pk: str(obj) for pk, obj in related._base_manager.in_bulk(list(ids)).items()}
        for related, ids in wanted.items()
    }


def _shown(value, field, names, mask):
    if value is None or value == "":
        return EMPTY
    if mask is not None:
        return mask(str(value))
    if field is None:
        return localize(value) if not isinstance(value, str) else value
    if field.many_to_one:
        # A deleted referenced row keeps its id on show, rather than vanishing from the history.
        return names.get(field.related_model, {}).get(value, f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        return _local_time(value)
    return str(value)


def _local_time(value):
    """A stored ISO time ("2026-11-28T20:38:11.018578+00:00") as the reader's clock shows it: 2026-11-29 04:38:11."""
    moment = parse_datetime(str(value))
    if moment is None:
        return str(value)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return date_format(timezone.localtime(moment), "Y-m-d H:i:s")


def describe(changes, model, *, show_personal_data, labels=None):
    """``Entry``s for the ``Change`` rows of one ``model``'s records, in the order given.

    Fields named in ``model.history_masked`` ({field: mask function}) are masked
    unless ``show_personal_data``; keys that are not fields (an activity's
    "indicator:<code>") are labelled by ``labels(keys)`` -> {key: label}, if given.
    """
    changes = list(changes)
    fields = {f.name: f for f in model._meta.concrete_fields}
    masks = {} if show_personal_data else getattr(model, "history_masked", {})
    names = _related_names(changes, fields)
    other_keys = {key for change in changes for key in change.changes if key not in fields}
    labels = labels(other_keys) if other_keys and labels else {}
    entries = []
    for change in changes:
        shown = []
        for key, (old, new) in change.changes.items():
            field = fields.get(key)
            label = str(field.verbose_name) if field is not None else labels.get(key, key)
            mask = masks.get(key)
            shown.append(FieldChange(label, _shown(old, field, names, mask), _shown(new, field, names, mask)))
        entries.append(Entry(change, shown))
    return entries
