"""What an import says about one row, shared by both activity paths and every kind."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self):
        if self.sheet:
            return _("Sheet “%(sheet)s”, %(error)s") % {
                "sheet": self.sheet,
                "error": str(RowError(self.row, self.column, self.message)),
            }
        if self.column:
            return _("Row %(row)d, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)d: %(message)s") % {"row": self.row, "message": self.message}
