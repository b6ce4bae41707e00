"""Reads of the review workflow: what waits for a reviewer, what came back to a clerk."""

from django.db.models import Max

from accounts.scope import scope_of

from .models import Activity, Status


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
