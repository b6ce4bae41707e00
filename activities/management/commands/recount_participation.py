"""``manage.py recount_participation``: make activities' volunteer figures the sums of their participation records."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.translation import gettext as _

from activities.tasks import recount_all, start_participation_recount

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
        parser.add_argument(
            "--queue", action="store_true", help="Leave it to the job worker (manage.py db_worker) and print its page."
        )

    def handle(self, *args, dry_run=False, queue=False, **options):
        if queue:
            if dry_run:
                raise CommandError(_("--queue does not go with --dry-run."))
            job = start_participation_recount()
            self.stdout.write(
                _("Job %(job)d queued; a superuser follows it at %(url)s.")
                % {"job": job.pk, "url": job.get_absolute_url()}
            )
            return
        started = time.perf_counter()
        tty = self.stderr.isatty()

        def report(done, total):
            if tty:
                self.stderr.write(f"\r{done:,} / {total:,}", ending="")

        try:
            changed, total = recount_all(dry_run=dry_run, report=report)
        except DatabaseError as exc:
            raise CommandError(_("The recount failed and nothing was changed: %(error)s") % {"error": exc}) from exc
        if tty:
            self.stderr.write("")
        message = _("%(changed)s of %(total)s activities with participation records changed (%(seconds).1f s).") % {
            "changed": f"{changed:,}",
            "total": f"{total:,}",
            "seconds": time.perf_counter() - started,
        }
        if dry_run:
            message += " " + _("Dry run: nothing was written.")
        self.stdout.write(self.style.SUCCESS(message))
