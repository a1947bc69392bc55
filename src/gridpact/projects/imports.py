"""Reading an import file (CSV or XLSX): rows of plain values, problems by row and column.

One reader serves every kind of import; a `Layout` says which columns a kind accepts (Dutch or
English headers), how each cell is read and which row type it fills. No database here: the
services (`import_milestone_plan`, `import_project_list`) apply the rows.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 2 * 1024 * 1024
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (type, size, encoding, headers)."""


class CellError(ValueError):
    """One cell cannot be read; the argument is the message a person reads."""


@dataclass
class Problem:
    row: int  # as the spreadsheet numbers it: the header is row 1
    column: str  # the column's header as the file spells it
    value: str
    message: str

    def as_dict(self) -> dict:
        """Plain values for the page, the session and the CSV download."""
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": str(self.message),
        }


@dataclass(kw_only=True)
class ImportRow:
    row: int
    cells: dict = field(default_factory=dict, repr=False)  # column name → the cell's text

    def cell(self, name: str) -> str:
        return self.cells.get(name, "")


@dataclass(frozen=True)
class Column:
    name: str  # the attribute of the row type it fills
    headers: tuple[str, ...]  # accepted headers, lower case
    read: Callable = None  # text of one cell → value, or CellError; None reads text
    required: bool = False


@dataclass(frozen=True)
class Layout:
    """The columns one kind of import accepts, and the row type each line becomes."""

    columns: tuple[Column, ...]
    row_type: type

    def column_for(self, header) -> Column | None:
        text = re.sub(r"\s+", " ", str(header or "")).strip().lower()
        return next((c for c in self.columns if text in c.headers), None)


@dataclass
class Table:
    rows: list = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    headers: dict = field(default_factory=dict)  # column name → header as the file spells it
    ignored: list[str] = field(default_factory=list)  # headers of columns nobody reads
    sheet: str = ""  # the worksheet read, when a workbook has more than one

    def header(self, name: str) -> str:
        return self.headers.get(name, name)


def _filled(row) -> bool:
    return any(c not in (None, "") for c in row)


def _cells(content: bytes, filename: str) -> tuple[list[list], str]:
    """The file's rows of cells, and the worksheet they come from when a workbook has several."""
    if len(content) > MAX_BYTES:
        raise ImportFileError("too_large")
    if content[:4] == b"PK\x03\x04":  # an XLSX is a zip archive, whatever its name says
        from openpyxl import load_workbook

        try:
            sheets = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets
            # The first worksheet with data: a workbook whose first sheet is empty (or a cover
            # page without cells) still has its list read, and the page names the sheet.
            for sheet in sheets:
                rows = [list(row) for row in sheet.iter_rows(values_only=True)]
                if any(_filled(row) for row in rows):
                    return rows, sheet.title if len(sheets) > 1 else ""
        except (zipfile.BadZipFile, KeyError, OSError) as error:
            raise ImportFileError("unreadable") from error
        return [], ""
    if filename.lower().endswith((".xlsx", ".xls")):
        raise ImportFileError("unreadable")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportFileError("encoding") from error
    if "\x00" in text:
        raise ImportFileError("unreadable")
    return list(csv.reader(io.StringIO(text), _dialect(text))), ""


def _dialect(text: str):
    """Semicolons (Dutch Excel), commas or tabs; when the sniffer cannot tell (text cells full of
    commas), the separator the header line uses most."""
    if not text.strip():
        return csv.excel
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        header = text.splitlines()[0]

        class Dialect(csv.excel):
            delimiter = max(";,\t", key=header.count)

        return Dialect


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or voltage typed as a number: 150, not 150.0
    if isinstance(value, datetime | date):
        return value.strftime("%d-%m-%Y")
    return str(value).strip()


def read_date(value) -> date:
    """A date cell: a spreadsheet date, or day-month-year / ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(_text(value), fmt).date()
        except ValueError:
            continue
    raise CellError(_("Not a date we can read; use day-month-year, e.g. 25-03-2025."))


def read_decimal(value) -> Decimal:
    """A number cell; text may use a decimal comma (12,5) as Dutch spreadsheets do."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal(str(value))
    try:
        number = Decimal(_text(value).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise CellError(_("Not a number; write it as 12,5 or 12.5."))
    return number


def coordinate(limit: int) -> Callable:
    """A latitude (limit 90) or longitude (limit 180) in decimal degrees, to 6 places (~0.1 m)."""

    def read(value) -> Decimal:
        degrees = read_decimal(value)
        if not -limit <= degrees <= limit:
            raise CellError(
                _("Decimal degrees between -%(limit)s and %(limit)s, e.g. 52.0907.")
                % {"limit": limit}
            )
        return degrees.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)

    return read


def choice(choices) -> Callable:
    """A cell holding one of a model's choices: its value, or its label in Dutch or English."""

    def read(value) -> str:
        text = _text(value).lower()
        for stored, label in choices.choices:
            spellings = {stored, stored.replace("_", " ")}
            for language in ("nl", "en"):
                with translation.override(language):
                    spellings.add(str(label).lower())
            if text in spellings:
                return stored
        with translation.override("nl"):
            allowed = ", ".join(str(label) for _stored, label in choices.choices)
        raise CellError(_("Not one of: %(allowed)s.") % {"allowed": allowed})

    return read


def name_list(value) -> tuple[str, ...]:
    """Names separated by ; or , (several municipalities in one cell), without repeats."""
    names = (part.strip() for part in re.split(r"[;,]", _text(value)))
    return tuple(dict.fromkeys(name for name in names if name))


def read_table(content: bytes, filename: str, layout: Layout) -> Table:
    """Parse the file; every cell that cannot be read becomes a Problem, nothing is guessed.

    An empty cell leaves the row type's default. Columns the layout does not know are listed in
    `ignored`; a missing required column, or a column given twice, refuses the whole file.
    """
    rows, sheet = _cells(content, filename)
    # Blank rows are skipped, but every row keeps the number the spreadsheet shows (from 1).
    cells = [(number, row) for number, row in enumerate(rows, start=1) if _filled(row)]
    if not cells:
        raise ImportFileError("empty")
    table = Table(sheet=sheet)
    positions = []
    header_row = cells[0][1]
    width = max(i for i, header in enumerate(header_row) if header not in (None, "")) + 1
    for index, header in enumerate(header_row):
        column = layout.column_for(header)
        if column is None:
            if header not in (None, ""):
                table.ignored.append(_text(header))
            continue
        if column.name in table.headers:
            raise ImportFileError("duplicate:" + _text(header))
        table.headers[column.name] = _text(header)
        positions.append((index, column))
    missing = [c.headers[0] for c in layout.columns if c.required and c.name not in table.headers]
    if missing:
        raise ImportFileError("headers:" + ",".join(missing))
    for number, raw in cells[1:]:
        extra = [_text(c) for c in raw[width:] if c not in (None, "")]
        if extra:
            table.problems.append(
                Problem(
                    number,
                    str(_("after the last column")),
                    "; ".join(extra),
                    _(
                        "This row has more cells than the first row has column names. Is there "
                        "a separator too many, e.g. a ; inside a reason? Put such text in quotes."
                    ),
                )
            )
        values, texts = {}, {}
        for index, column in positions:
            cell = raw[index] if index < len(raw) else None
            texts[column.name] = "" if cell is None else _text(cell)
            if texts[column.name] == "":
                if column.required:
                    table.problems.append(
                        Problem(number, table.header(column.name), "", _("This cell is required."))
                    )
                continue
            try:
                values[column.name] = (column.read or _text)(cell)
            except CellError as error:
                table.problems.append(
                    Problem(number, table.header(column.name), texts[column.name], error.args[0])
                )
        table.rows.append(layout.row_type(row=number, cells=texts, **values))
    return table


@dataclass(kw_only=True)
class PlanRow(ImportRow):
    project: str = ""
    milestone: str = ""
    forecast: date | None = None
    actual: date | None = None
    reason: str = ""


MILESTONE_PLAN = Layout(
    columns=(
        Column("project", ("project", "projectcode", "project code"), required=True),
        Column("milestone", ("mijlpaal", "milestone"), required=True),
        Column("forecast", ("prognose", "forecast"), read_date),
        Column("actual", ("realisatie", "actual"), read_date),
        Column("reason", ("reden", "reason")),
    ),
    row_type=PlanRow,
)


def read_plan(content: bytes, filename: str) -> Table:
    """A milestone plan: project code, milestone name, forecast, actual and reason per row."""
    return read_table(content, filename, MILESTONE_PLAN)


@dataclass(kw_only=True)
class ProjectRow(ImportRow):
    code: str = ""
    name: str = ""
    kind: str | None = None
    modality: str | None = None
    lead_operator: str | None = None
    municipalities: tuple[str, ...] | None = None
    voltage_levels: str | None = None
    capacity_mva: Decimal | None = None
    phase: str | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    confidentiality: str | None = None


def _project_list_layout() -> Layout:
    from .models import Confidentiality, Modality, Phase, ProjectKind

    return Layout(
        columns=(
            Column("code", ("projectcode", "code", "project code"), required=True),
            Column("name", ("naam", "name", "projectnaam", "project name"), required=True),
            Column("kind", ("soort", "kind", "type"), choice(ProjectKind)),
            Column("modality", ("modaliteit", "modality"), choice(Modality)),
            Column(
                "lead_operator",
                ("netbeheerder", "trekkende netbeheerder", "lead operator", "lead grid operator"),
            ),
            Column(
                "municipalities",
                ("gemeenten", "gemeente", "gemeente(n)", "municipalities", "municipality"),
                name_list,
            ),
            Column(
                "voltage_levels",
                ("spanningsniveau", "spanningsniveaus", "voltage", "voltage levels"),
            ),
            Column(
                "capacity_mva",
                ("capaciteit", "capaciteit (mva)", "capacity", "capacity (mva)"),
                read_decimal,
            ),
            Column("phase", ("fase", "phase"), choice(Phase)),
            Column("latitude", ("latitude", "breedtegraad"), coordinate(90)),
            Column("longitude", ("longitude", "lengtegraad"), coordinate(180)),
            Column(
                "confidentiality",
                ("vertrouwelijkheid", "confidentiality", "zichtbaarheid"),
                choice(Confidentiality),
            ),
        ),
        row_type=ProjectRow,
    )


def read_project_list(content: bytes, filename: str) -> Table:
    """A programme's project list: one project per row, keyed by its code."""
    return read_table(content, filename, _project_list_layout())
