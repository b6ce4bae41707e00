"""manage.py export KIND -o FILE — the importer's columns, in the user's scope."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from communities.models import Region
from transfer.exporting import FORMATS, export_table, write
from transfer.kinds import KINDS
from transfer.parsing import CellError, parse_date


class Command(BaseCommand):
    help = (
        "Export regions, organizations, teams, people, activities or participation in the columns the importer "
        "reads (CSV as UTF-8 with BOM, or XLSX). Without --user: everything, unmasked (an operator's tool); "
        "with --user: that user's regions and permissions, personal data masked unless they may see it."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("-o", "--output", required=True, help="The file to write.")
        parser.add_argument("--format", choices=FORMATS, help="Default: from the file name, else xlsx.")
        parser.add_argument("--region", help="Only this region (by code) and everything under it.")
        parser.add_argument("--from", dest="date_from", help="Activities on or after this date.")
        parser.add_argument("--to", dest="date_to", help="Activities on or before this date.")
        parser.add_argument("--user", help="Act as this user.")

    def handle(self, *args, kind, output, format, region, date_from, date_to, user, **options):
        actor = None
        if user:
            try:
                actor = get_user_model().objects.get(username=user, is_active=True)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No active user {user!r}.") from None
        fmt = format or ("csv" if output.lower().endswith(".csv") else "xlsx")
        region_obj = None
        if region:
            region_obj = Region.objects.filter(code=region).first() if region else None
            if region_obj is None:
                raise CommandError(f"No region with code {region!r}.")
        try:
            dates = [parse_date(value) if value else None for value in (date_from, date_to)]
        except CellError as error:
            raise CommandError(error.message) from None
        try:
            columns, rows = export_table(kind, user=actor, region=region_obj, date_from=dates[0], date_to=dates[1])
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        count = 0

        def counted():
            nonlocal count
            for row in rows:
                count += 1
                yield row

        with Path(output).open("wb") as out:
            write(fmt, columns, counted(), out)
        self.stdout.write(f"{count} rows written to {output}.")
