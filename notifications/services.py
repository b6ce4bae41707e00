"""Writing notifications: inside the transaction of the workflow step they tell of; e-mail after it commits.

    returned, approved, reopened  → the record's creator and submitter (not the reviewer who acted)
    submitted                     → every active reviewer whose regions hold the record
                                    (not the submitter; not its creator or submitter under four eyes)
    approved, returned, withdrawn → the record's "waiting for review" notifications are read: nobody waits any more

E-mail is optional: with ``NOTIFY_EMAIL`` on, each recipient who has an address gets one
message through Django's mail settings (``EMAIL_*``), sent once the step has committed.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from history.models import Action

from .models import Kind, Notification

log = logging.getLogger(__name__)

TOLD_TO_OWNER = {Action.RETURN: Kind.RETURNED, Action.APPROVE: Kind.APPROVED, Action.REOPEN: Kind.REOPENED}
# Steps after which a submitted record no longer waits for a reviewer.
DECIDED = {Action.APPROVE, Action.RETURN, Action.WITHDRAW}


def reviewers_of(activity, *, exclude=()):
    """Active users who may approve ``activity``: the approve permission and a scope region holding its region."""
    region_ids = [int(part) for part in activity.region.path.split("/") if part]
    may_approve = (
        Q(is_superuser=True)
        | Q(groups__permissions__codename="approve_activity", groups__permissions__content_type__app_label="activities")
        | Q(user_permissions__codename="approve_activity", user_permissions__content_type__app_label="activities")
    )
    users = get_user_model().objects.filter(may_approve, is_active=True, scope_assignments__region_id__in=region_ids)
    return users.exclude(pk__in=[pk for pk in exclude if pk is not None]).distinct().order_by("pk")


def notify_step(*, activity, action, actor, reason=""):
    """Write the notifications the workflow step ``action`` on ``activity`` calls for; returns them."""
    now = timezone.now()
    actor_pk = getattr(actor, "pk", None)
    if action in DECIDED:
        Notification.objects.filter(activity=activity, kind=Kind.AWAITING, read_at__isnull=True).update(read_at=now)
    if action == Action.SUBMIT:
        kind = Kind.AWAITING
        exclude = {actor_pk}
        if settings.LEDGER_FOUR_EYES:
            exclude |= {activity.created_by_id, activity.submitted_by_id}
        recipients = list(reviewers_of(activity, exclude=exclude))
    elif action in TOLD_TO_OWNER:
        kind = TOLD_TO_OWNER[action]
        owners = {activity.created_by_id, activity.submitted_by_id} - {None, actor_pk}
        recipients = list(get_user_model().objects.filter(pk__in=owners, is_active=True).order_by("pk"))
    else:
        return []
    by = actor if actor_pk else None
    # created_at is the step's own time, the same as its history row's.
    rows = Notification.objects.bulk_create(
        [
            Notification(recipient=user, kind=kind, activity=activity, actor=by, reason=reason, created_at=now)
            for user in recipients
        ]
    )
    if settings.NOTIFY_EMAIL:
        mails = [(user.email, kind, activity, reason) for user in recipients if user.email]
        if mails:
            transaction.on_commit(lambda: _send(mails))
    return rows


def headline(*, kind, activity):
    """One line saying what happened to ``activity``, in the active language."""
    names = {"title": activity.title, "date": f"{activity.date:%Y-%m-%d}"}
    return {
        Kind.RETURNED: _("“%(title)s” (%(date)s) was returned to you for correction."),
        Kind.APPROVED: _("“%(title)s” (%(date)s) was approved."),
        Kind.REOPENED: _("“%(title)s” (%(date)s) was reopened and returned to you for correction."),
        Kind.AWAITING: _("“%(title)s” (%(date)s) was submitted and waits for your review."),
    }[kind] % names


def _send(mails):
    # Told in the site's language: a person's language choice lives in their browser, not on the user.
    with translation.override(settings.LANGUAGE_CODE):
        for address, kind, activity, reason in mails:
            body = headline(kind=kind, activity=activity)
            if reason:
                body += "\n" + _("Reason: %(reason)s") % {"reason": reason}
            if settings.NOTIFY_BASE_URL:
                body += "\n" + settings.NOTIFY_BASE_URL.rstrip("/") + reverse("workspace:detail", args=[activity.pk])
            try:
                send_mail(
                    subject=_("Community Ledger: %(what)s") % {"what": Kind(kind).label},
                    message=body,
                    from_email=None,
                    recipient_list=[address],
                )
            except Exception:
                # The step has committed: a mail server that is down must not turn it into an error page.
                log.exception("notification e-mail to %s failed", address)


def notifications_mark_read(*, user, pks=None):
    """Mark ``user``'s unread notifications read (only those in ``pks``, if given); returns how many."""
    rows = Notification.objects.of(user).unread()
    if pks is not None:
        rows = rows.filter(pk__in=list(pks))
    return rows.update(read_at=timezone.now())
