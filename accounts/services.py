"""Provisioning users: add or update one with a role and regions, disable one, hand out a set-password link.

A district sets up its community clerks in one go (``manage.py users``, or the ``users`` import kind):
each user gets one role (a group of ``accounts.roles``) and their regions. Passwords are never
typed by anyone else nor carried in a file: a new user gets an unusable password and a one-time
link to set their own (Django's password-reset token: it expires after ``PASSWORD_RESET_TIMEOUT``
and stops working once the password is set).

``actor`` is the administrator doing it, or None for the operator at the command line. An
administrator who is not a superuser provisions only inside their own regions and gives only
roles up to their own, exactly as in the admin (``accounts.admin.UserAdmin``).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from history.models import Action, Source
from history.services import change_record

from .models import ScopeAssignment
from .roles import RANKED_ROLES, grantable_roles
from .scope import scope_of


def _check_actor(actor, *, role, regions, user=None):
    """Refuse unless ``actor`` (None: the operator) may give ``role`` and ``regions`` (and manage ``user``)."""
    if actor is None or actor.is_superuser:
        return
    if not actor.has_perm("auth.add_user") or not actor.has_perm("auth.change_user"):
        raise ValidationError(_("You do not have permission to manage users."), code="permission")
    if role is not None and not grantable_roles(actor).filter(pk=role.pk).exists():
        raise ValidationError(
            _("You cannot give the role “%(role)s”: only roles up to your own.") % {"role": role.name}, code="role"
        )
    scope = scope_of(actor)
    outside = [region.full_name for region in regions if not scope.allows(region)]
    if user is not None:
        outside += [
            a.region.full_name for a in user.scope_assignments.select_related("region") if not scope.allows(a.region)
        ]
        if user.is_superuser:
            outside.append(_("(a superuser)"))
    if outside:
        raise ValidationError(
            _("These regions are outside your own: %(regions)s.") % {"regions": "、".join(outside)}, code="scope"
        )


def _facts(user, **extra):
    """What history keeps of a user: never the password hash."""
    facts = {f: getattr(user, f) for f in ("username", "first_name", "email", "is_active", "is_staff")}
    return {**facts, **extra}


def role_named(name):
    """The role group called ``name`` (one of ``accounts.roles.RANKED_ROLES``); a clear error otherwise."""
    if name not in RANKED_ROLES:
        raise ValidationError(
            _("“%(value)s” is not a role; the roles are %(roles)s.")
            % {"value": name, "roles": "、".join(RANKED_ROLES)},
            code="role",
        )
    return Group.objects.get(name=name)


@transaction.atomic
def user_provision(*, actor, username, name, role, regions, email="", source=Source.COMMAND):
    """Create ``username`` (or update them) with ``name``, the one ``role`` and exactly ``regions``.

    Returns (user, created). A new user has no usable password: give them ``set_password_link``.
    An existing user keeps their password; their role and regions are replaced.
    """
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Give the user name.")})
    if not regions:
        raise ValidationError({"regions": _("Give at least one region the user works in.")})
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    _check_actor(actor, role=role, regions=regions, user=user)
    created = user is None
    before = None
    if not created:
        before = _facts(
            user,
            groups=sorted(user.groups.values_list("name", flat=True)),
            regions=sorted(user.scope_assignments.values_list("region__full_name", flat=True)),
        )
    if created:
        user = User(username=username)
        user.set_unusable_password()
    user.first_name, user.email, user.is_staff, user.is_active = name, email, True, True
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([role])
    ScopeAssignment.objects.filter(user=user).exclude(region__in=regions).delete()
    for region in regions:
        ScopeAssignment.objects.get_or_create(user=user, region=region)
    after = _facts(user, groups=[role.name], regions=sorted(region.full_name for region in regions))
    change_record(
        actor=actor,
        obj=user,
        action=Action.CREATE if created else Action.UPDATE,
        before=before,
        after=after,
        source=source,
    )
    return user, created


@transaction.atomic
def user_disable(*, actor, user, source=Source.COMMAND):
    """Stop ``user`` from signing in; their records and history stay."""
    _check_actor(actor, role=None, regions=[], user=user)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot disable your own account."), code="self")
    before = _facts(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    change_record(actor=actor, obj=user, action=Action.UPDATE, before=before, after=_facts(user), source=source)
    return user


def set_password_link(user, *, base_url=""):
    """A one-time link for ``user`` to set their own password (valid for ``PASSWORD_RESET_TIMEOUT``)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("password_set", kwargs={"uidb64": uid, "token": token})
