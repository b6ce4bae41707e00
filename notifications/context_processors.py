"""The header's count of unread notifications, counted only when a page shows it."""

from functools import cached_property

from .models import Notification


class Inbox:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self):
        """How many of the user's notifications are unread: one COUNT over the partial index of unread rows."""
        return Notification.objects.of(self.user).unread().count()


def notifications(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox": Inbox(user)}
