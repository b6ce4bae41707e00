"""The one import path, used by the admin and the command line.

    result = run_import(kind="activities", file=f, file_name="台账.csv", user=clerk, year=2020, dry_run=True)

Rows stream from the file in chunks; each chunk is parsed (``columns``),
resolved and matched by natural key (``kinds``) in a few batched queries and
written in bulk, with history rows carrying the batch id. Everything runs in
one transaction: when any row fails — or on a dry run — the transaction is
rolled back and nothing is left behind, not even the batch. The counts and
every error (row number, column, reason) come back in an ``ImportResult``.
"""

import itertools
import re
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_for
from activities.four_eyes import OWN_IMPORT, may_import_as_approved
from activities.models import EARLIEST_DATE, Category
from history.models import Action

from .kinds import APPROVE_PERMISSION, KINDS, row_repeats, row_same_record
from .layout import HeaderMatcher, SheetPlan, TotalCheck, plan_sheet
from .models import ImportBatch
from .parsing import CellError
from .reading import FileError, Limits, RefusedFile, Table, too_many_rows
from .references import RegionIndex, ScopeTest
from .rows import Row, RowError
from .synonyms import SYNONYMS

# Row warnings listed one by one (a doubtful date); beyond this they are counted in one more warning.
LISTED_ROW_WARNINGS = 100
# Rows of several sheets travel numbered sheet * SHEET_STRIDE + row (both paths keep one integer
# per row); errors are given back their sheet and row. No sheet holds this many rows.
SHEET_STRIDE = 10_000_000
# Errors kept for display; beyond this they are counted (and still streamed to ``on_error``).
KEPT_ERRORS = 10_000


@dataclass
class ImportResult:
    kind: str
    file_name: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)
    error_count: int = 0
    file_error: str = ""
    # The file was refused as a whole (a cap, a NUL, a DTD): no re-check with other headers can help.
    refused: bool = False
    warnings: list = field(default_factory=list)
    batch: ImportBatch | None = None
    dry_run: bool = False
    # What the preview shows of how the file was read: each sheet's plan, the rows skipped and
    # why (sheet, row, message), the columns as (header, Column), headers not read, the first rows.
    sheets: list = field(default_factory=list)
    several_sheets: bool = False
    notes: list = field(default_factory=list)
    columns: list = field(default_factory=list)
    unknown_headers: list = field(default_factory=list)
    sample: list = field(default_factory=list)
    # Users created by a ``users`` import: each gets a one-time set-password link once the import is written.
    new_users: list = field(default_factory=list)

    @property
    def imported_sheets(self):
        return [plan for plan in self.sheets if plan.header is not None]

    @property
    def ok(self):
        return not self.file_error and not self.error_count

    @property
    def written(self):
        return self.batch is not None


class ImportRefused(Exception):
    pass


@dataclass
class SampleRow:
    """One of the first rows as parsed, for the preview; ``shown`` is filled by ``_describe_sample``."""

    sheet: str
    row: int
    values: dict
    failures: tuple
    shown: list = field(default_factory=list)


class Context:
    """What a kind needs while importing: who, where, the batch, the reference caches and the counts."""

    def __init__(self, *, user, year, approve, result):
        self.user, self.year, self.approve, self.result = user, year, approve, result
        self.scope = scope_for(user)  # None: the operator, every region
        self.now = timezone.now()
        self.batch = None
        self.present_fields = set()
        self.touched_activities = set()
        self._regions = None
        self._categories = None
        self._resolvers = {}

    @property
    def regions(self):
        if self._regions is None:
            self._regions = RegionIndex(ScopeTest(self.scope))
        return self._regions

    @property
    def categories(self):
        if self._categories is None:
            self._categories = {}
            for category in Category.objects.all():
                self._categories[category.name] = category
                self._categories[category.code] = category
        return self._categories

    def resolver(self, name, factory):
        if name not in self._resolvers:
            self._resolvers[name] = factory(self)
        return self._resolvers[name]

    def count(self, action):
        if action == Action.CREATE:
            self.result.created += 1
        else:
            self.result.updated += 1

    def count_skipped(self):
        self.result.skipped += 1


def run_import(
    *,
    kind,
    file,
    file_name="",
    user=None,
    year=None,
    approve=False,
    dry_run=False,
    via="command",
    on_error=None,
    progress=None,
    chunk_size=None,
    mapping=None,
    header_row=None,
    sheets=None,
    sample_rows=0,
    max_rows=None,
):
    """Import ``file`` as ``kind`` for ``user`` (None: an operator with full access); see the module docstring.

    ``on_error(RowError)`` sees every error as it is found; ``progress(read=, checked=, written=)`` (rows so
    far) is called per chunk and once more before the commit — an exception it raises (a job's ``Cancelled``)
    rolls the whole import back.
    ``mapping`` ({header as written: field}) names columns the kind's own words do not; ``header_row``
    overrides the header search; ``sheets`` (names) limits a workbook to those sheets; the first
    ``sample_rows`` rows are kept as parsed in ``result.sample`` for the preview. ``max_rows`` caps the data
    rows (the web import's cap; the file is refused with a message past it, nothing written).
    """
    spec_class = KINDS[kind]
    result = ImportResult(kind=kind, file_name=file_name, dry_run=dry_run)
    if user is not None and not spec_class.may_import(user):
        result.file_error = _("You do not have permission to import %(kind)s.") % {"kind": _kind_label(kind)}
        return result
    if approve and user is not None and not user.has_perm(APPROVE_PERMISSION):
        result.file_error = _("Only users who may approve activities can import them as approved.")
        return result
    if approve and not may_import_as_approved(user):
        result.file_error = str(OWN_IMPORT)
        return result
    ctx = Context(user=user, year=year, approve=approve, result=result)
    spec = spec_class(ctx)

    def sink(error):
        if result.several_sheets:
            error = _sheet_error(
                result, error.row, error.column, _other_row_message(error.message, result.imported_sheets)
            )
        result.error_count += 1
        if len(result.errors) < KEPT_ERRORS:
            result.errors.append(error)
        if on_error is not None:
            on_error(error)

    try:
        table = Table(file, file_name, Limits.from_settings(rows=max_rows))
        if getattr(table, "encoding", "") == "cp950":
            result.warnings.append(
                _(
                    "The file is in traditional Chinese (Big5) and was read as such; its names are not turned into "
                    "simplified characters, so regions, categories and organizations must be written as they are here."
                )
            )
        columns = import_columns(kind)
        plans = _plan(table, columns, result, mapping=mapping, header_row=header_row, sheets=sheets)
        importable = [plan for plan in plans if plan.header is not None]
        headers = {}
        for plan in importable:
            for index, column in plan.header.mapping.items():
                headers.setdefault(column.field, plan.header.texts[index])
        unknown = list(dict.fromkeys(text for plan in importable for _index, text in plan.header.unknown))
        result.unknown_headers = unknown
        if unknown:
            result.warnings.append(_("These columns are not read: %(columns)s.") % {"columns": "、".join(unknown)})
        result.columns = [(headers[column.field], column) for column in columns if column.field in headers]
        present = frozenset(headers)
        ctx.present_fields = present
        notes = []
        readers = {
            field: column.reader(year=year, earliest=EARLIEST_DATE, notes=notes)
            for field, column in ((c.field, c) for c in columns)
            if field in present
        }
        parsed = _noting(_sheet_rows(importable, readers, result, sample_rows), notes, headers, result)
        if max_rows is not None:
            parsed = _capped(parsed, result, max_rows)
        report = _reporter(progress, result)
        with transaction.atomic():
            ctx.batch = ImportBatch.objects.create(
                kind=kind,
                file_name=file_name[:255],
                user=user,
                via=via,
                started_at=ctx.now,
                approved=approve,
            )
            _run_batched(spec, parsed, chunk_size or spec.chunk_size, present, headers, sink, report)
            if not result.rows:
                raise FileError(_("The file has a header row but no data rows."))
            if not result.error_count:
                spec.finish()
            if progress is not None:
                # The last check before the commit: a cancel asked for during the last chunk still writes nothing.
                progress(read=result.rows, checked=result.rows, written=result.created + result.updated)
            if result.error_count or result.file_error or dry_run:
                transaction.set_rollback(True)
            else:
                batch = ctx.batch
                batch.finished_at = timezone.now()
                batch.rows, batch.created, batch.updated, batch.skipped = (
                    result.rows,
                    result.created,
                    result.updated,
                    result.skipped,
                )
                batch.save()
                result.batch = batch
    except FileError as error:
        result.file_error = error.message
        result.refused = isinstance(error, RefusedFile)
    finally:
        for plan in result.sheets:
            result.notes.extend((plan.name, row, message) for row, message in sorted(plan.notes))
    if result.sample:
        _describe_sample(ctx, result)
    return result


def _reporter(progress, result):
    """The per-chunk ``progress(rows)`` of ``_run_batched``, as counters for ``progress``; None without it.

    Each chunk has been checked and written when it reports.
    """
    if progress is None:
        return None

    def report(rows):
        progress(read=rows, checked=rows, written=result.created + result.updated)

    return report


def _capped(parsed, result, limit):
    for row in parsed:
        if result.rows > limit:
            raise too_many_rows(limit)
        yield row


def import_columns(kind):
    """Every column a header of ``kind`` may name: the fixed ones, then (activities) every indicator."""
    spec_class = KINDS[kind]
    return [*spec_class.columns, *spec_class.extra_columns()]


def _plan(table, columns, result, *, mapping, header_row, sheets):
    """The SheetPlan of every sheet of ``table`` (in ``result.sheets``); FileError when none can be imported."""
    all_sheets = table.sheets()
    if sheets:
        names = [sheet.name for sheet in all_sheets]
        unknown = [name for name in sheets if name not in names]
        if unknown:
            raise FileError(
                _("No sheet “%(sheet)s” in this workbook; its sheets are: %(sheets)s.")
                % {"sheet": unknown[0], "sheets": "、".join(names)}
            )
    several = len(all_sheets) > 1
    result.several_sheets = several
    matcher = HeaderMatcher(columns, mapping, SYNONYMS.get(result.kind))
    for sheet in all_sheets:
        if sheets and sheet.name not in sheets:
            plan = SheetPlan(sheet, skipped=_("not chosen for this import"))
        else:
            # A sheet chosen by name is read even if its name sounds like instructions.
            plan = plan_sheet(sheet, matcher, header_row=header_row, several=several and not sheets)
        result.sheets.append(plan)
    importable = [plan for plan in result.sheets if plan.header is not None]
    if not importable:
        first = next((plan for plan in result.sheets if plan.best is not None), result.sheets[0])
        if all(plan.empty for plan in result.sheets):
            raise FileError(_("The file is empty."))
        if first.best is not None:
            result.unknown_headers = [text for _index, text in first.best.unknown]
        if several:
            raise FileError(
                _("No sheet of this workbook can be imported. %(reasons)s")
                % {
                    "reasons": " ".join(
                        _("Sheet “%(sheet)s”: %(reason)s") % {"sheet": plan.name, "reason": plan.skipped}
                        for plan in result.sheets
                    )
                }
            )
        raise FileError(first.skipped)
    return result.sheets


def _other_row_message(message, plans):
    """A message naming another row of the file, with that row's sheet (it names the row as numbered across sheets)."""
    for match in re.finditer(r"\d+", message):
        number = int(match.group())
        other = {"first": number % SHEET_STRIDE, "sheet": plans[min(number // SHEET_STRIDE, len(plans) - 1)].name}
        if message == row_repeats(number):
            return _("This row repeats row %(first)d of sheet “%(sheet)s”.") % other
        if message == row_same_record(number):
            return (
                _("This row and row %(first)d of sheet “%(sheet)s” are the same stored record; keep one of them.")
                % other
            )
    return message


def _describe_sample(ctx, result):
    """Each sample row's cells as the import reads them: figures and dates normalized, the region as its full path."""
    for sample in result.sample:
        failed = dict(sample.failures)
        for _header, column in result.columns:
            name = column.field
            if name in failed:
                sample.shown.append((failed[name], True))
                continue
            value = sample.values.get(name)
            if value and (name == "region" or (name == "parent" and result.kind == "regions")):
                try:
                    sample.shown.append((ctx.regions.resolve(value).full_name, False))
                except CellError as error:
                    # A region file may name as parent a region defined on an earlier row: not known yet.
                    new_parent = result.kind == "regions"
                    sample.shown.append((str(value), False) if new_parent else (error.message, True))
                continue
            shown = column.export(value)
            sample.shown.append(("" if shown is None else str(shown), False))


def _sheet_rows(plans, readers, result, sample_rows):
    """The parsed rows of every sheet in ``plans``, numbered across sheets (see ``SHEET_STRIDE``)."""
    for ordinal, plan in enumerate(plans):
        mapping = plan.header.mapping
        sheet_readers = [(index, column.field, readers[column.field]) for index, column in mapping.items()]
        own = {column.field for column in mapping.values()}
        absent = [(name, read) for name, read in readers.items() if name not in own]
        if absent and len(plans) > 1:
            result.warnings.append(
                _("Sheet “%(sheet)s” has no column %(columns)s; its rows are read with those cells empty.")
                % {"sheet": plan.name, "columns": "、".join(result_header(result, name) for name, _read in absent)}
            )
        checker = TotalCheck(plan, sheet_readers)
        offset = ordinal * SHEET_STRIDE
        before = result.rows
        parsed = _parsed_rows(plan, sheet_readers, absent, checker, result)
        if offset:
            parsed = ((offset + number, values, failures) for number, values, failures in parsed)
        for row in itertools.islice(parsed, max(sample_rows - len(result.sample), 0)):
            result.sample.append(SampleRow(plan.name, row[0] - offset, row[1], row[2]))
            yield row
        yield from parsed
        plan.rows = result.rows - before


def result_header(result, name):
    return next((header for header, column in result.columns if column.field == name), name)


def _parsed_rows(plan, readers, absent, checker, result):
    """(row number, {field: value}, (field, reason) pairs) for each data row of ``plan``, counted in ``result.rows``.

    The one place cells are parsed, for both paths. A total row is checked against the rows above it, not imported.
    """
    last = max((index for index, _name, _read in readers), default=-1)
    add = checker.add if checker.names else None
    for number, cells, total in plan.items():
        if total:
            warning = checker.check(number, cells, total)
            if warning:
                result.warnings.append(sheet_prefixed(result, plan, warning))
            continue
        result.rows += 1
        values = None
        if len(cells) > last:
            # The common case, in one comprehension: every cell there and readable. A row with a bad
            # cell is read again below, cell by cell, to collect every failure.
            try:
                values = {name: read(cells[index]) for index, name, read in readers}
            except CellError:
                values = None
        if values is not None:
            failures = ()
        else:
            values, failures, width = {}, [], len(cells)
            for index, name, read in readers:
                try:
                    values[name] = read(cells[index] if index < width else None)
                except CellError as error:
                    failures.append((name, error.message))
        for name, read in absent:
            values[name] = read(None)
        if add is not None:
            add(values)
        yield number, values, failures


def _noting(parsed, notes, headers, result):
    """``parsed``, turning the readers' ``notes`` on each row into warnings that name the row and column."""
    noted = 0
    for item in parsed:
        if notes:
            # A row with a bad cell is read twice (see _parsed_rows): its notes come twice.
            for field_name, message in dict.fromkeys(notes):
                noted += 1
                if noted <= LISTED_ROW_WARNINGS:
                    result.warnings.append(
                        str(_sheet_error(result, item[0], headers.get(field_name, field_name), message))
                    )
            notes.clear()
        yield item
    if noted > LISTED_ROW_WARNINGS:
        result.warnings.append(
            _("%(count)d more rows have a date like these; check them in the file.")
            % {"count": noted - LISTED_ROW_WARNINGS}
        )


def _sheet_error(result, number, column, message):
    """A RowError for the row numbered ``number`` across sheets (see ``SHEET_STRIDE``), naming its sheet."""
    if not result.several_sheets:
        return RowError(number, column, message)
    plan = result.imported_sheets[number // SHEET_STRIDE]
    return RowError(number % SHEET_STRIDE, column, message, sheet=plan.name)


def sheet_prefixed(result, plan, message):
    if not result.several_sheets:
        return message
    return _("Sheet “%(sheet)s”: %(message)s") % {"sheet": plan.name, "message": message}


def _run_batched(spec, parsed, chunk_size, present, headers, sink, progress):
    """Resolve, match and write ``parsed`` rows chunk by chunk through ``spec``'s batched queries."""
    seen_keys, seen_records = {}, {}
    for chunk in _chunks(parsed, chunk_size):
        batch = []
        for number, values, failures in chunk:
            row = Row(number, present, headers, sink)
            row.values = values
            for name, message in failures:
                row.fail(name, message)
            batch.append(row)
        _process(spec, batch, seen_keys, seen_records)
        if progress is not None:
            progress(spec.ctx.result.rows)


def _once(row, key, seen, message):
    """Fail ``row`` with ``message(first row)`` when an earlier row of the file had ``key``; else remember this row."""
    first = seen.get(key)
    if first is not None:
        row.fail("", message(first))
    else:
        seen[key] = row.number


def _process(spec, rows, seen_keys, seen_records):
    # References are resolved even on rows with a bad optional cell, so the user sees every error at once.
    spec.resolve(rows)
    live = [row for row in rows if not row.failed]
    for row in live:
        key = spec.key(row)
        if key is not None:
            _once(row, key, seen_keys, row_repeats)
    live = [row for row in live if not row.failed]
    spec.match(live)
    for row in live:
        # Two rows with different keys can still name one stored record: writing both would keep only the last.
        pk = getattr(row.obj, "pk", None)
        if not row.failed and pk is not None:
            _once(row, pk, seen_records, row_same_record)
    live = [row for row in live if not row.failed]
    if not live:
        return
    try:
        # A savepoint per chunk: a database refusal fails these rows, not the whole transaction.
        with transaction.atomic():
            spec.write(live)
    except (IntegrityError, DatabaseError) as error:
        for row in live:
            row.fail("", _("The database refused this row: %(error)s") % {"error": str(error).splitlines()[0]})


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _kind_label(kind):
    from .models import Kind

    return str(Kind(kind).label)
