"""``manage.py monthly_totals``: check the monthly totals against the records, or add them up again."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from activities import rollups
from activities.tasks import start_totals_rebuild

HELP = """\
Check the monthly totals the dashboard reads (provinces, cities and districts, per month,
status and category, team or indicator) against the records they add up, or rebuild them.

Without options: --verify. Every write path keeps the totals in step in its own
transaction, so a difference means data was changed outside the application (a restore,
a hand-made SQL update); --rebuild then adds everything up again in one transaction.
"""
SHOWN_DIFFERENCES = 20


class Command(BaseCommand):
    help = HELP

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group()
        action.add_argument("--verify", action="store_true", help="Compare with the records (the default).")
        action.add_argument("--rebuild", action="store_true", help="Empty the totals and add up every record again.")
        parser.add_argument(
            "--queue",
            action="store_true",
            help="With --rebuild: leave it to the job worker (manage.py db_worker) and print the job's page.",
        )

    def handle(self, *args, rebuild=False, queue=False, **options):
        started = time.perf_counter()
        if queue and not rebuild:
            raise CommandError(_("--queue goes with --rebuild."))
        if queue:
            job = start_totals_rebuild()
            self.stdout.write(
                _("Job %(job)d queued; a superuser follows it at %(url)s.")
                % {"job": job.pk, "url": job.get_absolute_url()}
            )
            return
        if rebuild:
            rollups.rebuild()
            self.stdout.write(
                self.style.SUCCESS(
                    _("The monthly totals were added up again (%(seconds).1f s).")
                    % {"seconds": time.perf_counter() - started}
                )
            )
            return
        differences = rollups.verify()
        seconds = time.perf_counter() - started
        if not differences:
            self.stdout.write(
                self.style.SUCCESS(_("The monthly totals equal the records (%(seconds).1f s).") % {"seconds": seconds})
            )
            return
        for table, key, stored, expected in differences[:SHOWN_DIFFERENCES]:
            self.stderr.write(
                _("%(table)s %(key)s: stored %(stored)s, the records give %(expected)s")
                % {"table": table, "key": key, "stored": stored, "expected": expected}
            )
        raise CommandError(
            _("%(count)s monthly totals differ from the records; run “manage.py monthly_totals --rebuild”.")
            % {"count": f"{len(differences):,}"}
        )
