"""``manage.py totals``: the dashboard's totals on the command line, as a table, JSON or CSV."""

import csv
import datetime
import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from accounts.scope import scope_of
from activities.models import EARLIEST_DATE
from communities.models import Region
from reports import selectors, tables
from reports.periods import Period
from reports.selectors import UNSCOPED, TotalsQuery

HELP = """\
Print the totals of a region subtree for a period: the seven core measures, then every indicator.

Rules:
  * --region is a region code (410102) or its full path (河南省/郑州市/中原区).
  * The period is --year YYYY (default: this year), or --from DATE --to DATE (both, as YYYY-MM-DD).
  * Approved records count; --include-submitted also counts submitted ones.
  * --by child|category|month|team adds one row per child region, category, month or team.
  * Without --user everything is read; with --user USERNAME that user's scope applies, and a region
    outside it is reported as not found.
  * --format json prints {"totals": {...}, "rows": [...]}, keyed by sessions, participants, volunteers,
    volunteer_hours, people_served, households, funds, then indicator codes; csv prints the rows (or the
    totals) with a header line.
"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, help="Region code or full path.")
        parser.add_argument("--year", type=int, help="A calendar year (default: this year).")
        parser.add_argument("--from", dest="date_from", help="First day, YYYY-MM-DD (with --to).")
        parser.add_argument("--to", dest="date_to", help="Last day, YYYY-MM-DD (with --from).")
        parser.add_argument("--by", choices=sorted(selectors.BREAKDOWNS), help="Add one row per child region, etc.")
        parser.add_argument("--include-submitted", action="store_true", help="Also count submitted records.")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")
        parser.add_argument("--user", help="Apply this user's scope.")

    def handle(self, *args, **options):
        scope = self._scope(options["user"])
        region = self._region(options["region"], scope)
        query = TotalsQuery(
            scope=scope,
            region=region,
            period=self._period(options),
            include_submitted=options["include_submitted"],
        )
        data = tables.payload(query, by=options["by"])
        fmt = options["format"]
        if fmt == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        elif fmt == "csv":
            self._csv(data)
        else:
            self._table(data)

    def _scope(self, username):
        if not username:
            return UNSCOPED
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        return scope_of(user)

    def _region(self, ref, scope):
        region = Region.objects.filter(Q(code=ref) | Q(full_name=ref.strip("/"))).order_by("pk").first()
        if region is None or not scope.allows(region):
            # Outside the user's scope reads exactly like a region that does not exist.
            raise CommandError(f"No region with code or path {ref!r}.")
        return region

    def _period(self, options):
        start, end, year = options["date_from"], options["date_to"], options["year"]
        if start or end:
            if year:
                raise CommandError("Give either --year or --from/--to, not both.")
            if not (start and end):
                raise CommandError("--from and --to go together.")
            try:
                period = Period(datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
            except ValueError:
                raise CommandError("Dates are written YYYY-MM-DD, e.g. --from 2021-01-01 --to 2021-09-30.") from None
            if period.end < period.start:
                raise CommandError("--to must not be before --from.")
            if period.start < EARLIEST_DATE or period.end.year > 2100:
                raise CommandError("Dates must lie between 1990 and 2100.")
            return period
        year = year or datetime.date.today().year
        if not 1990 <= year <= 2100:
            raise CommandError("--year must lie between 1990 and 2100.")
        return Period.year(year)

    def _csv(self, data):
        keys = list(data["totals"])
        writer = csv.writer(self.stdout, lineterminator="\n")
        if "rows" in data:
            writer.writerow(["key", "label", "records", *keys])
            for row in data["rows"]:
                writer.writerow([row["key"], row["label"], row["records"], *[row[k] for k in keys]])
        else:
            writer.writerow(["records", *keys])
            writer.writerow([data["records"], *[data["totals"][k] for k in keys]])

    def _table(self, data):
        region = data["region"]
        self.stdout.write(f"{region['path']} ({region['code']})  {data['period']['start']} – {data['period']['end']}")
        self.stdout.write(f"counting: {', '.join(data['statuses'])}; records: {data['records']}")
        width = max(len(k) for k in data["totals"]) + 2
        for key, value in data["totals"].items():
            self.stdout.write(f"  {key:<{width}}{value:>16,}")
        if "rows" in data:
            keys = ["records", *data["totals"]]
            self.stdout.write("")
            self.stdout.write("\t".join(["key", "label", *keys]))
            for row in data["rows"]:
                self.stdout.write("\t".join(str(row[k]) for k in ["key", "label", *keys]))
