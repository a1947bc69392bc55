"""Reading a milestone plan from CSV or XLSX: rows of plain values, problems by row and column.

No database here; `services.import_milestone_plan` applies the rows.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

MAX_BYTES = 2 * 1024 * 1024
# Accepted headers, Dutch or English, mapped to one internal name.
HEADERS = {
    "project": "project",
    "projectcode": "project",
    "project code": "project",
    "mijlpaal": "milestone",
    "milestone": "milestone",
    "prognose": "forecast",
    "forecast": "forecast",
    "realisatie": "actual",
    "actual": "actual",
    "reden": "reason",
    "reason": "reason",
}
REQUIRED = ("project", "milestone")
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


class PlanFileError(ValueError):
    """The file as a whole cannot be read (type, size, encoding, headers)."""


@dataclass
class Problem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str
    value: str
    message: str


@dataclass
class PlanRow:
    row: int
    project: str
    milestone: str
    forecast: date | None = None
    actual: date | None = None
    reason: str = ""


@dataclass
class Plan:
    rows: list[PlanRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _cells(content: bytes, filename: str) -> list[list]:
    if len(content) > MAX_BYTES:
        raise PlanFileError("too_large")
    if content[:4] == b"PK\x03\x04":  # an XLSX is a zip archive, whatever its name says
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except (zipfile.BadZipFile, KeyError, OSError) as error:
            raise PlanFileError("unreadable") from error
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if filename.lower().endswith((".xlsx", ".xls")):
        raise PlanFileError("unreadable")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise PlanFileError("encoding") from error
    if "\x00" in text:
        raise PlanFileError("unreadable")
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t") if text.strip() else csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _date(value) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_plan(content: bytes, filename: str) -> Plan:
    """Parse the file; every cell that cannot be read becomes a Problem, nothing is guessed."""
    cells = [row for row in _cells(content, filename) if any(c not in (None, "") for c in row)]
    if not cells:
        raise PlanFileError("empty")
    header = [HEADERS.get(str(c or "").strip().lower()) for c in cells[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise PlanFileError("headers:" + ",".join(missing))
    plan = Plan()
    for number, raw in enumerate(cells[1:], start=2):
        values = {name: raw[i] if i < len(raw) else None for i, name in enumerate(header) if name}
        row = PlanRow(
            row=number,
            project=str(values.get("project") or "").strip(),
            milestone=str(values.get("milestone") or "").strip(),
            reason=str(values.get("reason") or "").strip(),
        )
        for name in REQUIRED:
            if not getattr(row, name):
                plan.problems.append(Problem(number, name, "", "required"))
        for name in ("forecast", "actual"):
            try:
                setattr(row, name, _date(values.get(name)))
            except ValueError as error:
                plan.problems.append(Problem(number, name, str(error), "date"))
        plan.rows.append(row)
    return plan
