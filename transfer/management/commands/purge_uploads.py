"""Delete import uploads of previews never confirmed (older than IMPORT_UPLOAD_MAX_AGE), and old job files."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jobs import files as job_files
from transfer.uploads import purge


class Command(BaseCommand):
    help = (
        "Delete stored import uploads older than IMPORT_UPLOAD_MAX_AGE seconds (default a day), and the files "
        "export jobs wrote older than JOB_FILE_MAX_AGE seconds (default a day)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=None, help="Age in seconds instead of the setting.")

    def handle(self, *args, older_than=None, **options):
        removed = purge(older_than=older_than)
        self.stdout.write(_("%(count)d stored uploads deleted.") % {"count": removed})
        removed = job_files.purge(older_than=older_than)
        self.stdout.write(_("%(count)d job files deleted.") % {"count": removed})
