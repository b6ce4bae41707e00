"""Reads of the review workflow: what waits for a reviewer, what came back to a clerk."""

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
