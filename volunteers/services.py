"""Writes of the volunteer directory: team memberships.

Every function takes keyword arguments only, runs in one transaction, checks
the actor's permission and scope (``accounts.scope``) and writes its history
rows beside its change. A refused call raises ``ValidationError`` keyed by the
form field it concerns, with a message a clerk can act on, and changes nothing.

Service at activities (participation), its recount and person merges change
activities' figures, so they live with the activities (``activities.participation``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from history.models import Action, Source
from history.services import change_record, snapshot

from .models import TeamMembership

ADD_MEMBERSHIP = "volunteers.add_teammembership"
CHANGE_MEMBERSHIP = "volunteers.change_teammembership"


def refuse(field, message, code):
    raise ValidationError({field: ValidationError(message, code=code)})


def require(actor, permission):
    if not actor.has_perm(permission):
        raise ValidationError(_("You do not have permission to change volunteer records."), code="permission")


def check_person_in_scope(actor, person, field="person"):
    if not scope_of(actor).allows(person.region):
        refuse(field, _("This person is outside your regions."), "scope")


def _check_membership_dates(joined_on, left_on):
    if joined_on and left_on and left_on < joined_on:
        refuse("left_on", _("The leaving date cannot be before the joining date."), "left_before_joined")


@transaction.atomic
def membership_join(*, actor, team, person, joined_on=None, role=TeamMembership.Role.MEMBER, source=Source.FORM):
    """Add ``person`` to ``team`` from ``joined_on``; refused while they are still a member."""
    require(actor, ADD_MEMBERSHIP)
    if not scope_of(actor).allows(team.region):
        refuse("team", _("This team is outside your regions."), "scope")
    check_person_in_scope(actor, person)
    if TeamMembership.objects.filter(team=team, person=person, left_on__isnull=True).exists():
        refuse(
            "person", _("%(name)s is already a member of %(team)s.") % {"name": person.name, "team": team.name}, "dup"
        )
    if TeamMembership.objects.filter(team=team, person=person, joined_on=joined_on).exists():
        refuse("joined_on", _("This person already has a membership of this team from that date."), "dup_spell")
    membership = TeamMembership.objects.create(team=team, person=person, role=role, joined_on=joined_on)
    change_record(actor=actor, obj=membership, action=Action.CREATE, source=source)
    return membership


@transaction.atomic
def membership_leave(*, actor, membership, left_on, source=Source.FORM):
    """Record that the member left the team on ``left_on``; the membership is kept, with its dates."""
    require(actor, CHANGE_MEMBERSHIP)
    if not scope_of(actor).allows(membership.team.region):
        refuse("team", _("This team is outside your regions."), "scope")
    if left_on is None:
        refuse("left_on", _("Give the date the member left."), "required")
    if membership.left_on is not None:
        refuse("left_on", _("This member has already left the team."), "already_left")
    _check_membership_dates(membership.joined_on, left_on)
    before = snapshot(membership)
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])
    change_record(actor=actor, obj=membership, action=Action.UPDATE, before=before, source=source)
    return membership
