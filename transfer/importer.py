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
from dataclasses import dataclass, field

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from activities.four_eyes import OWN_IMPORT, may_import_as_approved
from activities.models import EARLIEST_DATE, Category
from history.models import Action

from .kinds import APPROVE_PERMISSION, KINDS, row_repeats, row_same_record
from .models import ImportBatch
from .parsing import CellError, normalize_header
from .reading import FileError, Table
from .references import RegionIndex, ScopeTest
from .rows import RowError

HEADER_SEARCH_ROWS = 10
# Row warnings listed one by one (a doubtful date); beyond this they are counted in one more warning.
LISTED_ROW_WARNINGS = 100
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
    warnings: list = field(default_factory=list)
    batch: ImportBatch | None = None
    dry_run: bool = False

    @property
    def ok(self):
        return not self.file_error and not self.error_count

    @property
    def written(self):
        return self.batch is not None


class ImportRefused(Exception):
    pass


class Row:
    """One data row of the file: its number, raw cells, parsed values and failures."""

    __slots__ = (
        "number",
        "values",
        "present",
        "failed",
        "headers",
        "sink",
        "obj",
        "region",
        "action",
        "before",
        "__dict__",
    )

    def __init__(self, number, present, headers, sink):
        self.number, self.present, self.headers, self.sink = number, present, headers, sink
        self.values, self.failed, self.obj, self.region, self.action, self.before = {}, False, None, None, None, None

    def fail(self, field_name, message):
        self.failed = True
        self.sink(RowError(self.number, self.headers.get(field_name, field_name), str(message)))


class Context:
    """What a kind needs while importing: who, where, the batch, the reference caches and the counts."""

    def __init__(self, *, user, year, approve, result):
        self.user, self.year, self.approve, self.result = user, year, approve, result
        self.scope = scope_of(user) if user is not None else None
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


def map_headers(cells, columns):
    """{column index: Column} for the header row ``cells``; unknown headers are returned separately."""
    by_name = {}
    for column in columns:
        for name in column.names():
            by_name.setdefault(name, column)
    mapping, unknown, seen = {}, [], {}
    for index, cell in enumerate(cells):
        name = normalize_header(cell)
        if not name:
            continue
        column = by_name.get(name)
        if column is None:
            unknown.append(str(cell).strip())
        elif column.field in seen:
            raise FileError(
                _("The column “%(column)s” appears twice (columns %(first)d and %(second)d).")
                % {"column": column.zh, "first": seen[column.field] + 1, "second": index + 1}
            )
        else:
            seen[column.field] = index
            mapping[index] = column
    return mapping, unknown


def find_header(rows, columns):
    """(header row number, mapping, unknown headers) — the first of the first rows naming two or more columns.

    Sheets often carry a title line ("2020年志愿服务活动台账") above the headers.
    """
    first = None
    for number, cells in itertools.islice(rows, HEADER_SEARCH_ROWS):
        if not any(str(cell).strip() for cell in cells if cell is not None):
            continue
        mapping, unknown = map_headers(cells, columns)
        if first is None:
            first = (number, mapping, unknown, cells)
        required = [column for column in columns if column.required]
        if len(mapping) >= min(2, len(columns)) and all(col in mapping.values() for col in required):
            return number, mapping, unknown, cells
    if first is None:
        raise FileError(_("The file is empty."))
    number, mapping, unknown, _cells = first
    missing = [column for column in columns if column.required and column not in mapping.values()]
    raise FileError(
        _("Required columns are missing: %(columns)s. The header row has: %(found)s.")
        % {
            "columns": "、".join(f"{column.zh}（{column.en}）" for column in missing),
            "found": "、".join([column.zh for column in mapping.values()] + unknown) or _("nothing"),
        }
    )


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
):
    """Import ``file`` as ``kind`` for ``user`` (None: an operator with full access); see the module docstring.

    ``on_error(RowError)`` sees every error as it is found; ``progress(rows read)`` is called per chunk.
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
        result.error_count += 1
        if len(result.errors) < KEPT_ERRORS:
            result.errors.append(error)
        if on_error is not None:
            on_error(error)

    try:
        table = Table(file, file_name)
        if getattr(table, "encoding", "") == "cp950":
            result.warnings.append(
                _(
                    "The file is in traditional Chinese (Big5) and was read as such; its names are not turned into "
                    "simplified characters, so regions, categories and organizations must be written as they are here."
                )
            )
        rows = table.rows()
        columns = (
            spec_class.columns
            if not hasattr(spec_class, "extra_columns")
            else [
                *spec_class.columns,
                *spec_class.extra_columns(),
            ]
        )
        header_number, mapping, unknown, header_cells = find_header(rows, columns)
        if unknown:
            result.warnings.append(_("These columns are not read: %(columns)s.") % {"columns": "、".join(unknown)})
        headers = {column.field: str(header_cells[index]).strip() for index, column in mapping.items()}
        present = frozenset(headers)
        ctx.present_fields = present
        notes = []
        readers = [
            (index, column.field, column.reader(year=year, earliest=EARLIEST_DATE, notes=notes))
            for index, column in mapping.items()
        ]
        parsed = _noting(_parsed_rows(rows, readers, result), notes, headers, result)
        staged = staged_path(kind)
        with transaction.atomic():
            ctx.batch = ImportBatch.objects.create(
                kind=kind,
                file_name=file_name[:255],
                user=user,
                via=via,
                started_at=ctx.now,
                approved=approve,
            )
            if staged is not None:
                staged(ctx, headers, sink).run(parsed, progress=progress)
            else:
                _run_batched(spec, parsed, chunk_size or spec.chunk_size, present, headers, sink, progress)
            if not result.rows:
                raise FileError(_("The file has a header row but no data rows."))
            if hasattr(spec, "finish") and not result.error_count:
                spec.finish()
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
    return result


def staged_path(kind):
    """The set-based importer for ``kind`` on this database, or None for the batched path — decided here only.

    Activities on PostgreSQL go through ``staged`` (COPY into a staging table, checks and writes in
    SQL): a million-row ledger in about a minute. Everything else — the other kinds, whose files are
    thousands of rows, and every other database — takes the batched path below.
    """
    if kind == "activities" and connection.vendor == "postgresql":
        from .staged import StagedActivities

        return StagedActivities
    return None


def _parsed_rows(rows, readers, result):
    """(row number, {field: value}, (field, reason) pairs) for each non-empty row, counted in ``result.rows``.

    The one place cells are parsed, for both paths.
    """
    last = max((index for index, _name, _read in readers), default=-1)
    for number, cells in rows:
        try:
            # CSV rows are lists of str: one join finds a blank row (XLSX rows, with None, take the long way).
            blank = not "".join(cells).strip()
        except TypeError:
            blank = not any(cell is not None and str(cell).strip() for cell in cells)
        if blank:
            continue
        result.rows += 1
        if len(cells) > last:
            # The common case, in one comprehension: every cell there and readable. A row with a bad
            # cell is read again below, cell by cell, to collect every failure.
            try:
                values = {name: read(cells[index]) for index, name, read in readers}
            except CellError:
                values = None
            if values is not None:
                yield number, values, ()
                continue
        values, failures, width = {}, [], len(cells)
        for index, name, read in readers:
            try:
                values[name] = read(cells[index] if index < width else None)
            except CellError as error:
                failures.append((name, error.message))
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
                    result.warnings.append(str(RowError(item[0], headers.get(field_name, field_name), message)))
            notes.clear()
        yield item
    if noted > LISTED_ROW_WARNINGS:
        result.warnings.append(
            _("%(count)d more rows have a date like these; check them in the file.")
            % {"count": noted - LISTED_ROW_WARNINGS}
        )


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
