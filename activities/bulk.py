"""Many activities at once: the one way an import creates and changes activities and their indicator values.

    writer = ActivityImport(actor=user, batch=batch, at=now, approve=False, indicator_ids=[3, 7])
    for chunk in chunks:
        writer.write([Planned(activity=match_or_None, values={...}, indicators={3: 12, 7: None}), ...])
    writer.finish()

The caller (``transfer``) reads the file, resolves its references and finds the activity each
row names; this module decides and writes, the same on every database:

* an approved activity whose figures or indicator values would change is refused
  (``Planned.error``) and nothing of it is written — a reviewer reopens it first;
* new activities go in with ``core.bulk.insert_rows`` (COPY on PostgreSQL) under keys drawn
  beforehand, their history and indicator values with them; changed ones through the ORM;
* every change gets its history row (``Source.IMPORT``, the batch);
* the monthly totals (``rollups``): each chunk's changed activities are taken out before they
  change; everything the import wrote is counted back once, in ``finish``.

On a dry run (``dry_run=True``) the checks and counts are made and nothing is written.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import NOT_PROVIDED
from django.utils.translation import gettext_lazy

from core.bulk import insert_rows, reserve_ids
from history.models import Action, Source
from history.services import change_row, changes_record, creations_record, snapshot

from . import rollups
from .models import Activity, Indicator, IndicatorValue, Status

APPROVED_UNCHANGEABLE = gettext_lazy(
    "This activity is approved and cannot be changed by an import; a reviewer must reopen it first."
)


@dataclass
class Planned:
    """One row of an import: the activity it names (None: a new one) and what it brings.

    ``values``: the activity's fields (attribute names) the file has; ``indicators``: {indicator
    id: value, None to clear} for the indicator columns it has (a value read as "50多" carries its
    ``qualifier``, kept beside the number). After ``write``: ``action``
    (``Action.CREATE``, ``Action.UPDATE``, or None when nothing changed) or ``error`` (field, message).
    """

    activity: Activity | None
    values: dict
    indicators: dict = field(default_factory=dict)
    action: str | None = None
    error: tuple | None = None
    changed: list = field(default_factory=list)
    indicator_changes: list = field(default_factory=list)


class ActivityImport:
    def __init__(self, *, actor, batch, at, approve, dry_run=False):
        self.actor, self.batch, self.at, self.dry_run = actor, batch, at, dry_run
        actor_id = actor.pk if getattr(actor, "pk", None) else None
        self.stamps = {
            "status": Status.APPROVED if approve else Status.SUBMITTED,
            "submitted_by_id": actor_id,
            "submitted_at": at,
            "import_batch_id": batch.pk,
        }
        if approve:
            self.stamps.update(reviewed_by_id=actor_id, reviewed_at=at)
        self.actor_id = actor_id
        # Activities changed only in their indicator values: not stamped with the batch, counted back in ``finish``.
        self.indicator_only = set()

    # ------------------------------------------------------------ deciding

    def write(self, planned):
        """Check, then write (unless a dry run) one chunk of ``planned`` rows; each gets its action or error."""
        existing = [p for p in planned if p.activity is not None]
        current = self._current_indicators(existing)
        for p in planned:
            if p.activity is None:
                p.action = Action.CREATE
                continue
            p.changed = [name for name, value in p.values.items() if getattr(p.activity, name) != value]
            p.indicator_changes = self._indicator_changes(p, current)
            if (p.changed or p.indicator_changes) and p.activity.status == Status.APPROVED:
                p.error = (p.changed[0] if p.changed else "title", str(APPROVED_UNCHANGEABLE))
            elif p.changed:
                p.action = Action.UPDATE
        if self.dry_run or any(p.error for p in planned):
            return
        creates = [p for p in planned if p.action == Action.CREATE]
        updates = [p for p in planned if p.action == Action.UPDATE]
        indicator_only = [p for p in existing if p.action is None and p.indicator_changes]
        changing = [p.activity.pk for p in updates + indicator_only]
        if changing:
            rollups.subtract(Activity.objects.filter(pk__in=changing))
        self.indicator_only.update(p.activity.pk for p in indicator_only)
        history = self._update(updates)
        self._create(creates)
        self._write_indicators(updates + indicator_only, current, history)
        changes_record(history)

    def finish(self):
        """Count everything the import wrote into the monthly totals: once, after the last chunk."""
        if self.dry_run:
            return
        rollups.add(Activity.objects.filter(import_batch_id=self.batch.pk))
        if self.indicator_only:
            rollups.add(Activity.objects.filter(pk__in=self.indicator_only).exclude(import_batch_id=self.batch.pk))

    def _current_indicators(self, existing):
        if not existing or not any(p.indicators for p in existing):
            return {}
        ids = {indicator_id for p in existing for indicator_id in p.indicators}
        return {
            (value.activity_id, value.indicator_id): value
            for value in IndicatorValue.objects.filter(
                activity_id__in=[p.activity.pk for p in existing], indicator_id__in=ids
            ).select_related("indicator")
        }

    @staticmethod
    def _indicator_changes(p, current):
        changes = []
        for indicator_id, value in p.indicators.items():
            stored = current.get((p.activity.pk, indicator_id))
            before = (stored.value, stored.qualifier) if stored else (None, "")
            if before != (value, _qualifier(value) if value is not None else ""):
                changes.append((indicator_id, stored, value))
        return changes

    # ------------------------------------------------------------ writing

    def _history(self, obj, action, before=None):
        return change_row(
            actor=self.actor,
            obj=obj,
            action=action,
            before=before,
            source=Source.IMPORT,
            batch_id=self.batch.pk,
            at=self.at,
        )

    def _update(self, updates):
        history, fields = [], set()
        for p in updates:
            activity = p.activity
            before = snapshot(activity)
            for name in p.changed:
                setattr(activity, name, p.values[name])
            for name, value in self.stamps.items():
                setattr(activity, name, value)
            activity.version += 1
            activity.updated_at = self.at
            fields.update(p.changed)
            history.append(self._history(activity, Action.UPDATE, before))
        if updates:
            names = sorted({*fields, *self.stamps, "version", "updated_at"})
            Activity.objects.bulk_update([p.activity for p in updates], names, batch_size=1000)
        return history

    def _create(self, creates):
        """INSERT the new activities under keys drawn first (``insert_rows``), their history and indicator values."""
        if not creates:
            return
        fields = list(Activity._meta.concrete_fields)
        defaults = {}
        for f in fields:
            if f.default is not NOT_PROVIDED:
                defaults[f.attname] = f.get_default()
            elif f.null:
                defaults[f.attname] = None
            else:
                defaults[f.attname] = "" if f.empty_strings_allowed else None
        defaults.update(self.stamps, created_by_id=self.actor_id, created_at=self.at, updated_at=self.at, version=1)
        names = [f.attname for f in fields]
        keys = reserve_ids(Activity, len(creates))
        records = []
        for pk, p in zip(keys, creates, strict=True):
            # An empty cell takes the field's default ("" for text), as a form would save it.
            values = {**defaults, **{k: v for k, v in p.values.items() if v is not None or k not in defaults}, "id": pk}
            p.values_written = values
            records.append(values)
        insert_rows(Activity, names, ([values[name] for name in names] for values in records))
        creations_record(
            model=Activity,
            records=((values["id"], f"{values['date']:%Y-%m-%d} {values['title']}", values) for values in records),
            actor=self.actor,
            source=Source.IMPORT,
            batch_id=self.batch.pk,
            at=self.at,
        )
        new_values = [
            (values["id"], indicator_id, _number(value), _qualifier(value))
            for p, values in zip(creates, records, strict=True)
            for indicator_id, value in p.indicators.items()
            if value is not None
        ]
        self._insert_indicator_values(new_values)

    def _insert_indicator_values(self, new_values):
        """INSERT (activity id, indicator id, value, qualifier) rows as indicator values, with their history."""
        if not new_values:
            return
        keys = reserve_ids(IndicatorValue, len(new_values))
        insert_rows(
            IndicatorValue,
            ("id", "activity_id", "indicator_id", "value", "qualifier"),
            ((pk, *row) for pk, row in zip(keys, new_values, strict=True)),
        )
        names = _indicator_names()
        creations_record(
            model=IndicatorValue,
            records=(
                (
                    pk,
                    f"{names[indicator_id]}: {value}",
                    {"activity_id": activity_id, "indicator_id": indicator_id, "value": value, "qualifier": qualifier},
                )
                for pk, (activity_id, indicator_id, value, qualifier) in zip(keys, new_values, strict=True)
            ),
            actor=self.actor,
            source=Source.IMPORT,
            batch_id=self.batch.pk,
            at=self.at,
        )

    def _write_indicators(self, changed, current, history):
        """The changed activities' indicator values as the file says: new ones inserted, others updated or deleted."""
        new_values, updates, deletes = [], [], []
        for p in changed:
            for indicator_id, stored, value in p.indicator_changes:
                if stored is None:
                    new_values.append((p.activity.pk, indicator_id, _number(value), _qualifier(value)))
                elif value is None:
                    deletes.append(stored)
                else:
                    before = snapshot(stored)
                    stored.value, stored.qualifier = _number(value), _qualifier(value)
                    updates.append((stored, before))
        if updates:
            IndicatorValue.objects.bulk_update([value for value, _before in updates], ["value", "qualifier"])
            history.extend(self._history(value, Action.UPDATE, before) for value, before in updates)
        if deletes:
            history.extend(self._history(value, Action.DELETE, snapshot(value)) for value in deletes)
            IndicatorValue.objects.filter(pk__in=[value.pk for value in deletes]).delete()
        self._insert_indicator_values(new_values)


def _qualifier(value):
    """The 余, 多, 约, 近 … a value was written with: a number read from a sheet carries it as ``qualifier``."""
    return getattr(value, "qualifier", "")


def _number(value):
    """The value as stored, without what it was written with."""
    return value if type(value) in (int, Decimal) else Decimal(value)


def _indicator_names():
    return dict(Indicator.objects.values_list("pk", "name"))
