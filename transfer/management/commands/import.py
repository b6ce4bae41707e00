"""manage.py import KIND FILE — the command-line path of the one importer (transfer.importer)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from accounts.services import set_password_link
from transfer.importer import run_import
from transfer.kinds import KINDS
from transfer.mappings import parse_map_options

# A text file is read as it is imported: how far into it we are is how far the import is.
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
BAR_WIDTH = 30
# Without a terminal (a log, cron), a line every this many rows, and one at the end.
LINE_EVERY = 10_000


class Progress:
    """The import's counters on the standard error: a bar redrawn in place on a terminal, plain lines otherwise.

    The same counters as an admin import's progress bar (rows read, checked, written). A workbook is
    unpacked before its first row is read, so only a text file gets the bar of how far into it we are.
    """

    def __init__(self, stream, handle, size, *, bar):
        self.stream, self.handle, self.size = stream, handle, size
        self.tty = stream.isatty()
        self.bar = bar and self.tty and size > 0
        self.counters = (0, 0, 0)
        self.next_line = LINE_EVERY

    def __call__(self, *, read, checked, written, total=None):
        self.counters = (read, checked, written)
        if self.tty:
            self.stream.write("\r" + self.line(), ending="")
            self.stream.flush()
        elif read >= self.next_line:
            self.next_line = (read // LINE_EVERY + 1) * LINE_EVERY
            self.stream.write(self.line())

    def line(self):
        read, checked, written = self.counters
        counts = _("%(read)s rows read, %(checked)s checked, %(written)s written") % {
            "read": f"{read:,}",
            "checked": f"{checked:,}",
            "written": f"{written:,}",
        }
        if not self.bar:
            return counts
        share = min(self.handle.tell() / self.size, 1.0) if not self.handle.closed else 1.0
        filled = round(share * BAR_WIDTH)
        return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {share:4.0%}  {counts}"

    def end(self):
        if self.tty:
            self.stream.write("")
        elif self.counters[0]:
            self.stream.write(self.line())


class Command(BaseCommand):
    help = (
        "Import a CSV, XLSX, XLS or ODS file of regions, organizations, teams, people, activities, participation "
        "or users (each new user's one-time set-password link is printed). "
        "All or nothing: when any row is bad, every error is printed (row, column, reason), nothing is "
        "written and the command exits with status 1. Importing the same file twice changes nothing. "
        "Without --user it acts with full access; with it, that user's regions and permissions apply. "
        "Imported activities enter as submitted, or approved with --approve. "
        "Every sheet of a workbook that has the columns is imported (--sheet limits it); the header row is "
        "found below title and 填报单位 rows (--header-row sets it); 合计/小计 rows, the 填表人/审核人 footer and "
        "hidden rows are skipped, merged cells filled down — each said on the standard error."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check every row and print the counts; write nothing."
        )
        parser.add_argument("--year", type=int, help="The year of dates written without one (6月24日).")
        parser.add_argument("--approve", action="store_true", help="Import activities as approved.")
        parser.add_argument("--user", help="Act as this user: their regions and permissions apply.")
        parser.add_argument(
            "--map",
            action="append",
            dest="maps",
            default=[],
            metavar="HEADER=COLUMN",
            help="Read the file's header HEADER as the column COLUMN, e.g. --map 活动内容=标题 (repeatable).",
        )
        parser.add_argument("--header-row", type=int, help="The header's row number, instead of finding it.")
        parser.add_argument(
            "--base-url", default="", help="users: the site's address, put in front of each set-password link."
        )
        parser.add_argument(
            "--sheet", action="append", dest="sheets", help="Import only this sheet (repeatable); default: every sheet."
        )

    def handle(self, *args, kind, file, dry_run, year, approve, user, header_row, sheets, maps, **options):
        try:
            mapping = parse_map_options(kind, maps)
        except ValueError as error:
            raise CommandError(str(error)) from None
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user, is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No active user {user!r}.") from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No file {file}.")

        def on_error(error):
            self.stderr.write(str(error))

        with path.open("rb") as handle:
            progress = None
            if options.get("verbosity", 1) > 0:
                progress = Progress(self.stderr, handle, path.stat().st_size, bar=path.suffix.lower() in TEXT_SUFFIXES)
            result = run_import(
                kind=kind,
                file=handle,
                file_name=path.name,
                user=actor,
                year=year,
                approve=approve,
                dry_run=dry_run,
                via="command",
                on_error=on_error,
                progress=progress,
                header_row=header_row,
                sheets=sheets,
                mapping=mapping,
            )
        if progress is not None:
            progress.end()
        for plan in result.sheets if result.several_sheets else ():
            if plan.header:
                state = _("Sheet “%(sheet)s”: header row %(header)s, %(rows)s rows") % {
                    "sheet": plan.name,
                    "header": plan.header_label(),
                    "rows": plan.rows,
                }
            else:
                state = _("Sheet “%(sheet)s”: %(reason)s") % {"sheet": plan.name, "reason": plan.skipped}
            self.stderr.write(state)
        for sheet, _row, message in result.notes:
            self.stderr.write(f"{sheet}: {message}" if result.several_sheets else message)
        for warning in result.warnings:
            self.stderr.write(warning)
        if result.file_error:
            raise CommandError(result.file_error)
        counts = _("%(rows)s rows: %(created)s to create, %(updated)s to update, %(skipped)s unchanged.") % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "skipped": result.skipped,
        }
        if result.error_count:
            raise CommandError(
                _("%(count)d errors; nothing was written. %(counts)s") % {"count": result.error_count, "counts": counts}
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written. %(counts)s") % {"counts": counts})
        else:
            self.stdout.write(
                _("Imported as batch %(batch)s. %(counts)s") % {"batch": result.batch.pk, "counts": counts}
            )
            for new_user in result.new_users:
                self.stdout.write(
                    _("%(name)s: set the password at %(link)s")
                    % {"name": new_user.username, "link": set_password_link(new_user, base_url=options["base_url"])}
                )
