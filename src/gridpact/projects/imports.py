"""Reading an import file (CSV or XLSX): rows of plain values, problems by row and column.

One reader serves every kind of import; a `Layout` says which columns a kind accepts (Dutch or
English headers), how each cell is read and which row type it fills. No database here: the
services (`import_milestone_plan`, `import_project_list`) apply the rows.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook

from .models import Confidentiality, Modality, Phase, ProjectKind

# The bounds of one import file (docs/decisions/0016-bounded-input.md). The upload limit is on the
# file as sent; an XLSX is a zip archive, so what it unpacks to is bounded apart, before parsing,
# and rows, columns, cells and text are counted while the file is read, row by row.
MAX_BYTES = 2 * 1024 * 1024  # the file as uploaded
MAX_UNPACKED_BYTES = 20 * 1024 * 1024  # an XLSX's parts unpacked; characters of cell text
MAX_ROWS = 10_000  # spreadsheet rows, the header and blank rows included
MAX_COLUMNS = 50  # the last column with a value
MAX_CELLS = 200_000  # cells with a value
MAX_SHEETS = 20  # worksheets looked at for the first one with data
MAX_PROBLEMS = 200  # problems listed on the page and in the CSV; the rest are counted
MAX_VALUE_CHARS = 200  # of a cell's value, as a problem quotes it
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
        value = self.value
        if len(value) > MAX_VALUE_CHARS:
            value = value[: MAX_VALUE_CHARS - 1] + "…"
        return {
            "row": self.row,
            "column": self.column,
            "value": value,
            "message": str(self.message),
        }


class ProblemList(list):
    """The first `MAX_PROBLEMS` problems (dicts) in file order, and how many there were in all.

    A file with a mistake in every row would otherwise fill the page, the session and the memory
    with thousands of the same message; the first ones show what to fix, the count how much.
    """

    def __init__(self, limit: int = MAX_PROBLEMS):
        super().__init__()
        self.limit = limit
        self.total = 0

    def add(self, problem: dict) -> None:
        self.total += 1
        self.append(problem)
        if len(self) >= 2 * self.limit:
            self._keep_first()

    def add_unlisted(self, count: int) -> None:
        """Count problems that are known to come after the ones kept."""
        self.total += count

    def _keep_first(self) -> None:
        self.sort(key=lambda p: (p["row"], p["column"]))
        del self[self.limit :]

    def finish(self) -> "ProblemList":
        self._keep_first()
        return self

    @property
    def unlisted(self) -> int:
        return self.total - len(self)


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
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS
    problem_count: int = 0  # all of them
    unreadable_rows: set[int] = field(default_factory=set)  # rows with a cell that was not read
    headers: dict = field(default_factory=dict)  # column name → header as the file spells it
    ignored: list[str] = field(default_factory=list)  # headers of columns nobody reads
    sheet: str = ""  # the worksheet read, when a workbook has more than one

    def header(self, name: str) -> str:
        return self.headers.get(name, name)

    def add_problem(self, problem: Problem) -> None:
        self.problem_count += 1
        self.unreadable_rows.add(problem.row)
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)


def _filled(row) -> bool:
    return any(c not in (None, "") for c in row)


def _bounded(rows: Iterable[Sequence]) -> Iterator[tuple[int, Sequence]]:
    """Number the rows as the spreadsheet does (from 1) and stop at the first bound exceeded.

    Counted as the rows arrive, so a file far over a bound costs no more than one at the bound.
    """
    cells = characters = 0
    for number, row in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise ImportFileError("rows")
        filled = [i for i, c in enumerate(row) if c not in (None, "")]
        if not filled:
            yield number, row
            continue
        if filled[-1] >= MAX_COLUMNS:
            raise ImportFileError("columns")
        cells += len(filled)
        if cells > MAX_CELLS:
            raise ImportFileError("cells")
        characters += sum(len(row[i]) for i in filled if isinstance(row[i], str))
        if characters > MAX_UNPACKED_BYTES:
            raise ImportFileError("unpacked")
        yield number, row


def _check_archive(content: bytes) -> None:
    """Refuse an XLSX that unpacks to more than MAX_UNPACKED_BYTES (a zip bomb) before parsing.

    The sizes are those the archive declares; Python's zipfile never unpacks a part beyond its
    declared size (it fails the part's checksum instead), so a lying archive gains nothing.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError("unreadable") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError("unpacked")


def _sheet_rows(sheet) -> Iterator[Sequence]:
    """The sheet's rows, each cut at one column past the bound, so that `_bounded` sees a value
    there and refuses the file.

    Neither the size a sheet declares (A1:XFD1048576) nor an empty cell far to the right makes a
    row wider: openpyxl would pad every row to that width, 16,384 cells, row after row.
    """
    sheet.reset_dimensions()
    try:
        yield from sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ParseError) as error:
        raise ImportFileError("unreadable") from error


def _workbook_rows(content: bytes) -> tuple[Iterator[tuple[int, Sequence]], str]:
    """The rows of the first worksheet with data, and its name when the workbook has several."""

    _check_archive(content)
    try:
        sheets = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets
    except (zipfile.BadZipFile, KeyError, OSError, ParseError) as error:
        raise ImportFileError("unreadable") from error
    # The first worksheet with data: a workbook whose first sheet is empty (or a cover page
    # without cells) still has its list read, and the page names the sheet. Only the first
    # MAX_SHEETS are looked at, each within the row bound.
    for sheet in sheets[:MAX_SHEETS]:
        rows = _bounded(_sheet_rows(sheet))
        for number, row in rows:
            if _filled(row):
                title = sheet.title if len(sheets) > 1 else ""
                return _chain((number, row), rows), title
    return iter(()), ""


def _chain(first, rest) -> Iterator:
    yield first
    yield from rest


def _csv_rows(content: bytes) -> Iterator[tuple[int, Sequence]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise ImportFileError("encoding") from error
    if "\x00" in text:
        raise ImportFileError("unreadable")
    reader = csv.reader(io.StringIO(text), _dialect(text))

    def rows():
        try:
            yield from reader
        except csv.Error as error:  # e.g. a quote left open around more than 128 KB of text
            raise ImportFileError("unreadable") from error

    return _bounded(rows())


def _cells(content: bytes, filename: str) -> tuple[Iterator[tuple[int, Sequence]], str]:
    """The file's numbered rows, read one at a time within the bounds, and the worksheet they
    come from when a workbook has several."""
    if len(content) > MAX_BYTES:
        raise ImportFileError("too_large")
    if content[:4] == b"PK\x03\x04":  # an XLSX is a zip archive, whatever its name says
        return _workbook_rows(content)
    if filename.lower().endswith((".xlsx", ".xls")):
        raise ImportFileError("unreadable")
    return _csv_rows(content), ""


def _dialect(text: str):
    """Semicolons (Dutch Excel), commas or tabs; when the sniffer cannot tell (text cells full of
    commas), the separator the header line uses most."""
    if not text.strip():
        return csv.excel
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        header = text[:4096].splitlines()[0]

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
    cells = ((number, row) for number, row in rows if _filled(row))
    first = next(cells, None)
    if first is None:
        raise ImportFileError("empty")
    table = Table(sheet=sheet)
    positions = []
    header_row = first[1]
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
    for number, raw in cells:
        extra = [_text(c) for c in raw[width:] if c not in (None, "")]
        if extra:
            table.add_problem(
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
                    table.add_problem(
                        Problem(number, table.header(column.name), "", _("This cell is required."))
                    )
                continue
            try:
                values[column.name] = (column.read or _text)(cell)
            except CellError as error:
                table.add_problem(
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
