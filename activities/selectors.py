"""Reads of the review workflow: what waits for a reviewer (with its figures and changes), what came back to a clerk."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Sum
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from evidence.services import HISTORY_KEY as EVIDENCE_KEY
from history.display import FieldChange, describe
from history.models import Action, Change

from .models import COUNTED_STATUSES, ROLLUP_LEVELS, Activity, Indicator, IndicatorValue, MonthlyTotal, Status


def review_queue(*, user):
    """The submitted activities in ``user``'s scope, the longest-waiting first."""
    return (
        scope_of(user)
        .filter(Activity.objects.filter(status=Status.SUBMITTED))
        .select_related("region", "category", "submitted_by")
        .order_by("submitted_at", "id")
    )


def returned_to(*, user):
    """The returned activities in ``user``'s scope, the longest-waiting first, with their reasons."""
    return (
        scope_of(user)
        .filter(Activity.objects.filter(status=Status.RETURNED))
        .select_related("region", "category", "reviewed_by")
        .order_by("reviewed_at", "id")
    )


def latest_record_date(*, user):
    """The date of the latest activity in ``user``'s scope (any status), or None: where a first page should open.

    One MAX over the scope's records: on PostgreSQL an index-only read of ``activity_totals``
    (region, date) per region of the scope, or of ``activity_date_id`` for the whole table.
    """
    return scope_of(user).filter(Activity.objects.all()).aggregate(latest=Max("date"))["latest"]


def counted_by_status(*, regions, start, end, category=None):
    """{status: records} of the statuses the monthly totals count (submitted, approved) under ``regions``, whose
    subtrees do not overlap, from ``start`` (a month's first day) to ``end`` (a month's last): read from the
    monthly totals, a few hundred rows where the records would be thousands. None when a region has no monthly
    totals (below a district) or the period is not whole months: then the records must be counted.
    """
    if not regions or any(region.level not in ROLLUP_LEVELS for region in regions):
        return None
    if start.day != 1 or (end + datetime.timedelta(days=1)).day != 1:
        return None
    rows = MonthlyTotal.objects.filter(
        region__in=regions, status__in=COUNTED_STATUSES, month__gte=start, month__lte=end
    )
    if category is not None:
        rows = rows.filter(category=category)
    counts = dict.fromkeys(COUNTED_STATUSES, 0)
    counts.update(rows.order_by().values_list("status").annotate(n=Sum("records")))
    return counts


def indicator_values_of(activities):
    """{activity id: [IndicatorValue with its indicator]} for ``activities`` (one query)."""
    values = {activity.pk: [] for activity in activities}
    rows = (
        IndicatorValue.objects.filter(activity__in=list(values))
        .select_related("indicator")
        .order_by("indicator__sort_order", "indicator_id")
    )
    for row in rows:
        values[row.activity_id].append(row)
    return values


def changes_since_return(activities, *, show_personal_data=False):
    """{activity id: [FieldChange]}: what was edited on each of ``activities`` since it was last returned or reopened.

    One query over their history (the index history_record_idx), newest first; a field
    changed twice shows its value at the return and its value now. Records never returned
    map to an empty list.
    """
    ids = [activity.pk for activity in activities]
    changes = {pk: [] for pk in ids}
    rows = (
        Change.objects.filter(
            content_type=ContentType.objects.get_for_model(Activity),
            object_id__in=ids,
            action__in=[Action.RETURN, Action.REOPEN, Action.UPDATE],
        )
        .order_by("object_id", "-at", "-id")
        .only("object_id", "action", "changes", "at")
    )
    since = {pk: [] for pk in ids}
    returned = set()
    for row in rows:
        if row.object_id in returned:
            continue
        if row.action in (Action.RETURN, Action.REOPEN):
            returned.add(row.object_id)
        else:
            since[row.object_id].append(row)
    for pk in returned:
        # Oldest first, so a field's first "old" is its value at the return and its last "new" its value now.
        entries = describe(
            reversed(since[pk]), Activity, show_personal_data=show_personal_data, labels=indicator_labels
        )
        merged = {}
        for entry in entries:
            for field in entry.fields:
                first = merged.get(field.label)
                merged[field.label] = FieldChange(field.label, first.old if first else field.old, field.new)
        changes[pk] = [change for change in merged.values() if change.old != change.new]
    return changes


def indicator_labels(keys):
    """Labels of the history keys that are not fields: {"indicator:<code>": "指标：<name>",
    "indicator:<code>:qualifier": "指标：<name>（约数）", "evidence": "佐证材料"}."""
    labels = {EVIDENCE_KEY: _("Evidence file")} if EVIDENCE_KEY in keys else {}
    labels.update(indicator_key_labels(keys))
    return labels


def indicator_key_labels(keys):
    """{"indicator:<code>": "指标：<name>", "indicator:<code>:qualifier": "指标：<name>（约数）"} of ``keys``.

    One query."""
    codes = {key.split(":")[1] for key in keys if key.startswith("indicator:")}
    if not codes:
        return {}
    labels = {}
    for code, name in Indicator.objects.filter(code__in=codes).values_list("code", "name"):
        labels[f"indicator:{code}"] = _("Indicator: %(name)s") % {"name": name}
        labels[f"indicator:{code}:qualifier"] = _("Indicator: %(name)s (qualifier)") % {"name": name}
    return {key: label for key, label in labels.items() if key in keys}
