"""An ``ImportResult`` as plain data, kept on its job for the import page to show.

The page reads it as it read the result itself (``result.rows``, ``result.sheets.0.header``,
``sample.shown`` …); the worker that ran the import is another process, so nothing else survives.
"""

from types import SimpleNamespace

from django.utils.translation import gettext as _

# Errors kept on the job for the page; the count says how many there were in all.
SHOWN_ERRORS = 1000


def import_outcome(result):
    """What the import page shows of ``result``, as JSON-ready data."""
    return {
        "kind": result.kind,
        "file_name": result.file_name,
        "dry_run": result.dry_run,
        "ok": result.ok,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "skipped": result.skipped,
        "error_count": result.error_count,
        "errors": [
            {"sheet": error.sheet, "row": error.row, "column": str(error.column), "message": str(error.message)}
            for error in result.errors[:SHOWN_ERRORS]
        ],
        "errors_not_shown": max(result.error_count - SHOWN_ERRORS, 0),
        "file_error": str(result.file_error),
        "refused": result.refused,
        "warnings": [str(warning) for warning in result.warnings],
        "several_sheets": result.several_sheets,
        "sheets": [
            {
                "name": plan.name,
                "header": plan.header is not None,
                "header_label": plan.header_label(),
                "rows": plan.rows,
                "skipped": str(plan.skipped),
            }
            for plan in result.sheets
        ],
        "notes": [[sheet, row, str(message)] for sheet, row, message in result.notes],
        "columns": [[header, {"zh": column.zh}] for header, column in result.columns],
        "unknown_headers": list(result.unknown_headers),
        "sample": [
            {"sheet": sample.sheet, "row": sample.row, "shown": [[value, failed] for value, failed in sample.shown]}
            for sample in result.sample
        ],
        "batch": {"pk": result.batch.pk} if result.batch is not None else None,
    }


def readable(data, *, inner=False):
    """``import_outcome``'s data read back as the page and the tests read a result: attributes, rows as tuples."""
    if isinstance(data, dict):
        return SimpleNamespace(**{key: readable(value) for key, value in data.items()})
    if isinstance(data, list):
        items = [readable(item, inner=True) for item in data]
        return tuple(items) if inner else items
    return data


def import_summary(result):
    """One sentence on how an import (or its check) went, for the job's summary."""
    if result.file_error:
        return str(result.file_error)
    counts = {"rows": result.rows, "created": result.created, "updated": result.updated, "skipped": result.skipped}
    if result.error_count:
        return (
            _("%(count)d errors; nothing was written.") % {"count": result.error_count}
            + " "
            + (_("%(rows)s rows: %(created)s to create, %(updated)s to update, %(skipped)s unchanged.") % counts)
        )
    if result.dry_run:
        return _("%(rows)s rows: %(created)s to create, %(updated)s to update, %(skipped)s unchanged.") % counts
    return _("Imported: %(created)d created, %(updated)d updated, %(skipped)d unchanged (batch %(batch)d).") % {
        **counts,
        "batch": result.batch.pk,
    }
