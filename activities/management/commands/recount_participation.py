"""``manage.py recount_participation``: make activities' volunteer figures the sums of their participation records."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from activities.models import Activity, Participation
from activities.participation import RECOUNT_CHUNK, activities_recount_participation
from history.models import Source

HELP = """\
Recount the volunteer figures of activities from their participation records.

Rules (those of activities.participation.activities_recount_participation):
  * An activity with participation records gets volunteers = the number of records
    (person-times, 人次) and volunteer_hours = their hours; the typed figures are replaced.
  * An activity whose figures came from records that have all been deleted is cleared.
  * An activity that never had records keeps its typed figures.
  * Only activities whose figures change are written, each with a history row.
Use it after loading participation outside the services (a bulk load, a restore).
All activities are recounted in one transaction; --dry-run reports and rolls back.
"""


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would change, then roll back.")

    def handle(self, *args, dry_run=False, **options):
        started = time.perf_counter()
        ids = set(Participation.objects.order_by().values_list("activity_id", flat=True).distinct())
        ids |= set(Activity.objects.filter(volunteers_from_participation=True).values_list("pk", flat=True))
        ids = sorted(ids)
        changed = 0
        try:
            with transaction.atomic():
                for start in range(0, len(ids), RECOUNT_CHUNK):
                    changed += activities_recount_participation(
                        activity_ids=ids[start : start + RECOUNT_CHUNK], source=Source.COMMAND
                    )
                    if self.stderr.isatty():
                        self.stderr.write(f"\r{min(start + RECOUNT_CHUNK, len(ids)):,} / {len(ids):,}", ending="")
                if dry_run:
                    transaction.set_rollback(True)
        except DatabaseError as exc:
            raise CommandError(_("The recount failed and nothing was changed: %(error)s") % {"error": exc}) from exc
        if self.stderr.isatty():
            self.stderr.write("")
        message = _("%(changed)s of %(total)s activities with participation records changed (%(seconds).1f s).") % {
            "changed": f"{changed:,}",
            "total": f"{len(ids):,}",
            "seconds": time.perf_counter() - started,
        }
        if dry_run:
            message += " " + _("Dry run: nothing was written.")
        self.stdout.write(self.style.SUCCESS(message))
