"""Writing history: one row per change, written beside the change itself.

    before = history.snapshot(obj)
    ... change obj ...
    history.change_record(actor=user, obj=obj, action=Action.UPDATE, before=before)

Bulk paths (imports, bulk actions) build the rows with ``change_row`` and
write them with ``changes_record`` (COPY on PostgreSQL, see ``core.bulk``).
"""

import contextvars
import datetime
import decimal
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from core.bulk import insert_many, insert_rows

from .models import Action, Change, Source


def _json(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        # Trailing zeros dropped, never exponent notation: 100.0 -> "100", not "1E+2".
        return format(value.normalize(), "f")
    if isinstance(value, models.Model):
        return value.pk
    return value


# Where a person's form was filled in: the services say ``Source.FORM`` whoever calls them, and the
# admin site's requests say it is the admin (``history.middleware``), so a row written by the
# staff site's form says 表单 and one written by the admin's form says 管理后台.
_form_source = contextvars.ContextVar("history_form_source", default=Source.FORM)


@contextmanager
def forms_are(source):
    """Within the block, history rows a service writes as ``Source.FORM`` say ``source`` instead."""
    token = _form_source.set(source)
    try:
        yield
    finally:
        _form_source.reset(token)


def form_source(source):
    """``source``, with ``Source.FORM`` made precise: the admin's form when the admin site asked."""
    return _form_source.get() if source == Source.FORM else source


def tracked_fields(model):
    """The concrete fields whose changes history keeps (bookkeeping columns left out)."""
    skip = set(getattr(model, "history_exclude", ())) | {"id", "version", "created_at", "updated_at"}
    return [f for f in model._meta.concrete_fields if f.name not in skip and not f.primary_key]


def snapshot(obj):
    """{field name: JSON-safe value} of ``obj``'s tracked fields as they are in memory."""
    return {f.name: _json(getattr(obj, f.attname)) for f in tracked_fields(type(obj))}


def json_safe(values):
    """``values`` ({key: value}) with each value made JSON-safe as ``snapshot`` makes them."""
    return {key: _json(value) for key, value in values.items()}


def diff(before, after):
    """{field: [old, new]} for every field whose value differs; ``before`` None means a new record."""
    before = before or {}
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def change_row(*, actor, obj, action, before=None, after=None, reason="", source=Source.FORM, batch_id=None, at=None):
    """An unsaved ``Change`` for ``obj``, or None when an update changed nothing."""
    after = snapshot(obj) if after is None else after
    if action == Action.DELETE:
        changes = {name: [value, None] for name, value in (before or after).items() if value not in (None, "")}
    else:
        changes = diff(before, after)
    if action == Action.UPDATE and not changes:
        return None
    return Change(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk,
        object_repr=str(obj)[:200],
        action=action,
        source=form_source(source),
        actor=actor if getattr(actor, "pk", None) else None,
        at=at or timezone.now(),
        changes=changes,
        reason=reason,
        batch_id=batch_id,
    )


def change_record(**kwargs):
    """Write one history row (see ``change_row``); returns it, or None if nothing changed."""
    row = change_row(**kwargs)
    if row is not None:
        row.save()
    return row


def changes_record(rows):
    """Write many unsaved ``Change`` rows (Nones skipped) in batched INSERTs; returns how many."""
    return insert_many(Change, (row for row in rows if row is not None))


CHANGE_COLUMNS = (
    "content_type_id",
    "object_id",
    "object_repr",
    "action",
    "source",
    "actor_id",
    "at",
    "changes",
    "reason",
    "batch_id",
)


def creations_record(*, model, records, actor, source, batch_id, at):
    """The history of new ``model`` rows written in bulk without model instances; returns how many.

    ``records`` yields (primary key, repr, {attribute name: value}); each row gets what
    ``change_row(action=CREATE)`` would give the saved object: every tracked field with a value.
    """
    content_type_id = ContentType.objects.get_for_model(model).pk
    actor_id = actor.pk if getattr(actor, "pk", None) else None
    fields = tracked_fields(model)
    # Values that JSON holds as they are (text, numbers, keys) are not passed through _json: a
    # million-row import would spend seconds asking each of them what it is.
    plain = [(f.name, f.attname) for f in fields if f.get_internal_type() not in _CONVERTED]
    converted = [(f.name, f.attname) for f in fields if f.get_internal_type() in _CONVERTED]

    def changes(values):
        result = {name: [None, values[attname]] for name, attname in plain if values.get(attname) is not None}
        for name, attname in converted:
            value = values.get(attname)
            if value is not None:
                result[name] = [None, _json(value)]
        return result

    return insert_rows(
        Change,
        CHANGE_COLUMNS,
        (
            (content_type_id, pk, str(text)[:200], Action.CREATE, source, actor_id, at, changes(values), "", batch_id)
            for pk, text, values in records
        ),
    )


# Field types whose values history converts (``_json``) before storing them in JSON.
_CONVERTED = {"DateField", "DateTimeField", "TimeField", "DecimalField", "UUIDField", "DurationField", "JSONField"}


def history_of(obj):
    """The changes of ``obj``, newest first."""
    return (
        Change.objects.filter(content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk)
        .select_related("actor")
        .order_by("-at", "-id")
    )
