"""An export job's work: write the rows to a private job file, reporting as it goes (cancel stops it between rows)."""

import tempfile

from django.utils.translation import gettext as _

from core.spreadsheets import CONTENT_TYPES, write

from . import files

# An export reports its progress (and looks for a cancel) every this many rows.
REPORT_EVERY = 1000


def export_to_file(job, progress, *, fmt, columns, rows, filename):
    """Write ``rows`` under ``columns`` as ``fmt`` into a job file for ``job``'s owner; (summary, result)."""
    count = 0

    def counted():
        nonlocal count
        for row in rows:
            count += 1
            if count % REPORT_EVERY == 0:
                progress(read=count, checked=count, written=count)
            yield row

    with tempfile.TemporaryFile() as out:
        write(fmt, columns, counted(), out)
        progress(read=count, checked=count, written=count, total=count)
        out.seek(0)
        name = files.save(job, out)
    result = {"file": name, "filename": filename, "content_type": CONTENT_TYPES[fmt]}
    return _("%(count)d rows exported.") % {"count": count}, result
