"""Volunteers sign themselves in and out by scanning an activity's QR code; a clerk confirms the hours.

link      a signed, expiring token of the activity (``django.core.signing``, SIGNIN_LINK_HOURS)
1st scan  the person found by phone or ID number is signed in (now)
2nd scan  signed out; hours = the time between, in quarter hours, at most SIGNIN_MAX_HOURS
confirm   a clerk of the activity's regions turns the signed-out rows into participation records
          through ``activities.participation`` (its scope, lock and recount rules); before that
          the scans count nowhere
"""

import datetime
from decimal import ROUND_FLOOR, Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from activities.models import Activity
from activities.participation import participations_record
from volunteers.models import Person

from .models import SignIn, State

SALT = "signin.activity"
QUARTER = Decimal("0.25")


def signin_token(activity):
    """The signed token of ``activity``'s sign-in link; it carries its own time and expires after SIGNIN_LINK_HOURS."""
    return signing.dumps({"activity": activity.pk}, salt=SALT, compress=True)


def link_expires(now=None):
    """When a link made ``now`` stops working."""
    return (now or timezone.now()) + datetime.timedelta(hours=settings.SIGNIN_LINK_HOURS)


def activity_of_token(token):
    """The activity a valid, unexpired token names, or None (forged, expired or deleted)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.SIGNIN_LINK_HOURS * 3600)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return None
    return Activity.objects.select_related("region").filter(pk=data.get("activity")).order_by("pk").first()


def hours_between(signed_in_at, signed_out_at):
    """The service time in hours, down to the quarter hour, at most SIGNIN_MAX_HOURS."""
    seconds = Decimal(max(0, int((signed_out_at - signed_in_at).total_seconds())))
    hours = (seconds / 3600 / QUARTER).to_integral_value(rounding=ROUND_FLOOR) * QUARTER
    return min(hours, Decimal(settings.SIGNIN_MAX_HOURS))


def _person(identifier):
    value = "".join((identifier or "").split()).upper()
    if not value:
        raise ValidationError({"identifier": _("Enter your phone number or ID number.")})
    people = list(Person.objects.filter(Q(phone=value) | Q(id_number=value)).order_by("pk")[:2])
    if not people:
        raise ValidationError(
            {"identifier": _("No volunteer has this phone or ID number. Ask the staff on site to register you.")}
        )
    if len(people) > 1:
        raise ValidationError({"identifier": _("More than one volunteer has this phone number. Enter your ID number.")})
    return people[0]


@transaction.atomic
def signin_scan(*, activity, identifier, now=None):
    """A scan of ``activity``'s code by whoever has ``identifier``: sign in, or sign out if signed in.

    Returns the ``SignIn`` row. Refused (``ValidationError`` on "identifier") when nobody or more
    than one person has the number, or when the person has signed out already.
    """
    now = now or timezone.now()
    person = _person(identifier)
    row = SignIn.objects.select_for_update().filter(activity=activity, person=person).order_by("pk").first()
    if row is None:
        try:
            with transaction.atomic():
                return SignIn.objects.create(activity=activity, person=person, signed_in_at=now)
        except IntegrityError:  # two scans at once: the other one signed in
            row = SignIn.objects.select_for_update().get(activity=activity, person=person)
    if row.state != State.SIGNED_IN:
        raise ValidationError({"identifier": _("You have signed out of this activity already.")})
    row.state, row.signed_out_at = State.SIGNED_OUT, now
    row.hours = hours_between(row.signed_in_at, now)
    row.save(update_fields=["state", "signed_out_at", "hours"])
    return row


@transaction.atomic
def signins_confirm(*, actor, activity, signins):
    """Record the hours of the signed-out ``signins`` of ``activity`` as participation; all or nothing.

    The participation service checks the actor's permission and scope, that the activity is open
    to change, and each person's hours; its errors (per person) come back as a ``ValidationError``.
    Returns the confirmed rows.
    """
    rows = list(
        SignIn.objects.select_for_update()
        .select_related("person__region")
        .filter(activity=activity, state=State.SIGNED_OUT, pk__in=[s.pk for s in signins])
        .order_by("pk")
    )
    if not rows:
        raise ValidationError(_("Choose at least one signed-out volunteer to confirm."))
    records = participations_record(actor=actor, activity=activity, hours_by_person={r.person: r.hours for r in rows})
    by_person = {record.person_id: record for record in records}
    for row in rows:
        row.state, row.decided_by, row.participation = State.CONFIRMED, actor, by_person[row.person_id]
    SignIn.objects.bulk_update(rows, ["state", "decided_by", "participation"])
    return rows


@transaction.atomic
def signins_reject(*, actor, activity, signins):
    """Mark ``signins`` of ``activity`` rejected (a mistaken or doubtful scan); they never count. Returns how many."""
    return (
        SignIn.objects.filter(activity=activity, pk__in=[s.pk for s in signins])
        .exclude(state=State.CONFIRMED)
        .update(state=State.REJECTED, decided_by=actor)
    )
