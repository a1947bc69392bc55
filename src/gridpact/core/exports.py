"""Spreadsheet helpers shared by every export, and the one download every list page offers.

A list view hands `table_response` the rows it renders and the columns a person reads; the
download is then the page's table as XLSX (real dates, money as euros) or as CSV the way Dutch
Excel opens it (UTF-8 with BOM, `;` between cells, decimal comma, dd-mm-jjjj).
"""

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from . import documents

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
EXPORT_FORMATS = ("xlsx", "csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EURO_FORMAT = '"€" #,##0.00;[Red]-"€" #,##0.00'
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def safe_cell(value):
    """Neutralise spreadsheet formula injection: text that a spreadsheet would run as a formula
    gets a leading apostrophe. Dates, numbers and empty cells pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    """One column of an exported list: the heading a person reads and how to get the value from
    a row. Dates and times are recognised by their type; `money` marks euro amounts."""

    label: Any  # a (lazy) translated heading
    value: Callable[[Any], Any]
    money: bool = False


def short_name(organisation) -> str:
    """An organisation as the tables name it: its short name, else its full name."""
    if organisation is None:
        return ""
    return organisation.short_name or organisation.name


def short_names(organisations) -> str:
    return ", ".join(short_name(o) for o in organisations)


def export_format(request) -> str | None:
    """The format asked for with `?export=xlsx` or `?export=csv`; None for the page itself
    (and for a form posted to it: only a read downloads)."""
    if request.method not in ("GET", "HEAD"):
        return None
    fmt = request.GET.get("export")
    return fmt if fmt in EXPORT_FORMATS else None


def _plain(value):
    """A value as a spreadsheet stores it: local naive datetimes, text for everything odd."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    if isinstance(value, (date, int, float, Decimal)):
        return value
    return safe_cell(str(value))


def _csv_text(value) -> str:
    value = _plain(value)
    if isinstance(value, datetime):
        return value.strftime("%d-%m-%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, (Decimal, float)):
        return str(value).replace(".", ",")
    return str(value)


class _Echo:
    """csv.writer writes into this and gets the line back, so the rows can stream."""

    def write(self, value):
        return value


def _csv_lines(columns, rows, language) -> Iterable[str]:
    # The server reads a streamed body after the view returned: keep the person's language.
    with translation.override(language):
        writer = csv.writer(_Echo(), delimiter=";")
        yield "\ufeff" + writer.writerow([_csv_text(c.label) for c in columns])
        for row in rows:
            yield writer.writerow([_csv_text(c.value(row)) for c in columns])


def _xlsx_bytes(columns, rows, title, creator) -> bytes:

    workbook = documents.workbook(title=title, creator=creator, write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub("-", str(title))[:31] or "GridPact")
    sheet.freeze_panes = "A2"
    for index in range(1, len(columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 24
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=_plain(column.label))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows:
        cells = []
        for column in columns:
            value = _plain(column.value(row))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(value, date):
                cell.number_format = DATE_FORMAT
            elif column.money and value != "":
                cell.number_format = EURO_FORMAT
            cells.append(cell)
        sheet.append(cells)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _creator(user) -> str:
    """Who made a list export: the organisation the person acts for."""
    organisation = getattr(user, "primary_organisation", None)
    return organisation.name if organisation is not None else documents.APPLICATION


def table_response(request, *, filename: str, title, columns: list[Column], rows, fmt: str):
    """The list as a download: `filename` is the Dutch stem (`projecten`), the date follows.

    `rows` is what the page renders (already scoped to the user and filtered), as an iterable, so
    a queryset is read once with the page's select_related and never per row. CSV streams; XLSX
    is built in a write-only workbook, which keeps memory flat for long lists."""
    name = f"{slugify(filename)}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(
            _csv_lines(columns, rows, translation.get_language()),
            content_type="text/csv; charset=utf-8",
        )
    elif fmt == "xlsx":
        response = HttpResponse(
            _xlsx_bytes(columns, rows, title, _creator(getattr(request, "user", None))),
            content_type=XLSX_TYPE,
        )
    else:
        raise ValueError(fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
