"""``manage.py users``: add or update a user with a role and regions, disable one, list them."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.services import role_named, set_password_link, user_disable, user_provision
from communities.models import Region

HELP = """\
Provision users without typing anyone's password.

  users add USERNAME --name 张三 --role 录入员 --region 410102 [--region 中原区/桐柏路街道] [--email ...]
      Create the user (or update their name, role and regions) and print a one-time link
      with which they set their own password (--base-url puts the site's address in front).
  users disable USERNAME      The user can no longer sign in; their records stay.
  users list [--region R]     Users with their role and regions.

A region is named by its code or its full path. --user ADMIN does it as that administrator:
only inside their regions and with roles up to their own, as in the admin.
"""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "disable", "list"])
        parser.add_argument("username", nargs="?")
        parser.add_argument("--name", default="")
        parser.add_argument("--role", help="录入员, 审核员, 管理者 or 系统管理员")
        parser.add_argument("--region", action="append", default=[], help="A region's code or full path (repeatable).")
        parser.add_argument("--email", default="")
        parser.add_argument("--base-url", default="", help="The site's address, put in front of the link.")
        parser.add_argument("--user", help="Act as this administrator (their scope and roles apply).")

    def handle(self, *args, action, username=None, **options):
        User = get_user_model()
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"], is_active=True).first()
            if actor is None:
                raise CommandError(_("No active user is called “%(name)s”.") % {"name": options["user"]})
        try:
            if action == "list":
                return self.list(User, options["region"])
            if not username:
                raise CommandError(_("Give the user name."))
            if action == "disable":
                user = User.objects.filter(username=username).first()
                if user is None:
                    raise CommandError(_("No user is called “%(name)s”.") % {"name": username})
                user_disable(actor=actor, user=user)
                self.stdout.write(_("%(name)s can no longer sign in.") % {"name": username})
                return None
            if not options["role"]:
                raise CommandError(_("Give the role with --role."))
            user, created = user_provision(
                actor=actor,
                username=username,
                name=options["name"],
                role=role_named(options["role"]),
                regions=[self.region(value) for value in options["region"]],
                email=options["email"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if created or not user.has_usable_password():
            self.stdout.write(
                _("%(name)s: set the password at %(link)s")
                % {"name": username, "link": set_password_link(user, base_url=options["base_url"])}
            )
        else:
            self.stdout.write(_("%(name)s updated; their password is unchanged.") % {"name": username})
        return None

    def region(self, value):
        matches = list(Region.objects.filter(Q(code=value) | Q(full_name=value))[:2])
        if len(matches) != 1:
            raise CommandError(_("No single region has the code or full path “%(value)s”.") % {"value": value})
        return matches[0]

    def list(self, User, regions):
        users = User.objects.order_by("username").prefetch_related("groups", "scope_assignments__region")
        if regions:
            paths = [self.region(value).path for value in regions]
            condition = Q()
            for path in paths:
                condition |= Q(scope_assignments__region__path__startswith=path)
            users = users.filter(condition).distinct()
        for user in users:
            roles = "、".join(group.name for group in user.groups.all())
            places = "、".join(a.region.full_name for a in user.scope_assignments.all())
            state = "" if user.is_active else _(" (disabled)")
            self.stdout.write(f"{user.username}\t{user.first_name}\t{roles}\t{places}{state}")
