"""Reading a capacity-map publication into plain values, with every problem by JSON path.

Pure: no Django. Two formats are read:

- the public map's service-area answers, as archived per province
  (`{"published_as", "snapshot_date", "areas": {id: {"area": {...}, "detail": {...}}}}`), where
  figures are text with a unit ("28 MW") or "-";
- the information model im-capaciteitskaart (Netbeheer Nederland, v1.3.0), validated against its
  JSON Schema (schema/, Apache-2.0) before it is read.

A problem is a code with the JSON path and the value it concerns; the service and the page put
it into words (a pure module cannot translate). `parse` never raises on bad input.
"""

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

import jsonschema

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "im_capaciteitskaart.schema.json"

PUBLIC_MAP, INFORMATION_MODEL = "kaart", "im"

# The grid operators whose data the map shows, by the names they publish under (lower case) →
# the name GridPact keeps. An operator not listed here is a problem of the file.
OPERATORS = {
    "tennet": "TenneT",
    "stedin": "Stedin",
    "liander": "Liander",
    "alliander": "Liander",
    "enexis": "Enexis",
    "westland infra": "Westland Infra",
    "coteq": "Coteq",
    "rendo": "Rendo",
    "zeeland netbeheer": "Zeeland Netbeheer",
    "enduris": "Zeeland Netbeheer",
}
# E-mail domains of the information model's `creator`, when the file names no `publisher`.
OPERATOR_DOMAINS = {
    "tennet.eu": "TenneT",
    "stedin.net": "Stedin",
    "alliander.com": "Liander",
    "liander.nl": "Liander",
    "enexis.nl": "Enexis",
    "westlandinfra.nl": "Westland Infra",
    "coteq.nl": "Coteq",
    "rendo.nl": "Rendo",
}
TENNET = "TenneT"
PHASES = {"scheduled", "approved", "inProgress", "completed", "cancelled"}

# The forms of a public date the map uses: "2027", "2033 - 2035", "Tussen 2031 en 2033".
# Only the form is checked here; gridpact.capacity.promise interprets the text.
_DATE_TEXT = re.compile(
    r"^\s*(?:(?:tussen\s+)?\d{4}(?:\s*(?:-|–|en|t/m)\s*\d{4})?|q[1-4]\s+\d{4})\s*$",
    re.IGNORECASE,
)
_MW = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*MW\s*$")
_COUNT = re.compile(r"^\s*(\d+)\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
EMPTY = {"-", "", "–"}


@dataclass(frozen=True)
class Problem:
    """Something in the file that cannot be read: a code, where (JSON path) and the value."""

    path: str
    code: str
    value: str = ""


@dataclass(frozen=True)
class Work:
    name: str
    operator: str
    key: str
    operator_type: str = ""
    phase: str = ""
    date_text: str = ""
    start_date: date | None = None
    end_date: date | None = None
    source: str = ""
    description: str = ""


@dataclass(frozen=True)
class Area:
    code: str
    operator: str
    name: str
    province: str = ""
    capacity_now_withdrawal: Decimal | None = None
    capacity_needed_withdrawal: Decimal | None = None
    capacity_now_injection: Decimal | None = None
    capacity_needed_injection: Decimal | None = None
    queue_withdrawal_mw: Decimal | None = None
    queue_withdrawal_requests: int | None = None
    queue_injection_mw: Decimal | None = None
    queue_injection_requests: int | None = None
    year_solved_withdrawal: int | None = None
    year_solved_injection: int | None = None
    tennet_year_solved_withdrawal: int | None = None
    tennet_year_solved_injection: int | None = None
    works: tuple[Work, ...] = ()


@dataclass(frozen=True)
class Publication:
    """A publication as read: its areas and works, or the problems that stop it."""

    source_format: str
    snapshot_date: date | None
    published_as: str
    content_hash: str
    areas: tuple[Area, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    @property
    def work_count(self) -> int:
        return sum(len(area.works) for area in self.areas)


def work_key(name: str) -> str:
    """The name a work is recognised by across areas and snapshots: lower case, without accents,
    punctuation and extra spaces ("Nieuw Transformatorstation - Soest/Baarn" →
    "nieuw transformatorstation soest baarn")."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return _NOT_ALPHANUMERIC.sub(" ", plain).strip()


def operator_name(value) -> str | None:
    """The operator as GridPact names it, or None when it is not a known grid operator."""
    if not isinstance(value, str):
        return None
    return OPERATORS.get(" ".join(value.lower().split()))


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def content_hash(data) -> str:
    """SHA-256 of the data in canonical JSON: the same data, however formatted, hashes alike."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse(content: bytes, *, default_snapshot_date: date | None = None) -> Publication:
    """Read a publication in either format; the format is recognised by its top-level keys.

    `default_snapshot_date` is used when the file names no date of its own (a fetched answer).
    """
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return Publication("", None, "", "", problems=(Problem("$", "invalid_json", str(error)),))
    digest = content_hash(data)
    if isinstance(data, dict) and "energy_areas" in data:
        return _information_model(data, digest, default_snapshot_date)
    if isinstance(data, dict) and "areas" in data:
        return _public_map(data, digest, default_snapshot_date)
    return Publication("", None, "", digest, problems=(Problem("$", "unknown_format"),))


class _Reader:
    """Collects problems while reading values at JSON paths."""

    def __init__(self):
        self.problems: list[Problem] = []

    def problem(self, path: str, code: str, value="") -> None:
        self.problems.append(Problem(path, code, _shown(value)))

    def mw(self, path: str, value) -> Decimal | None:
        if value is None or (isinstance(value, str) and value.strip() in EMPTY):
            return None
        if isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
            return Decimal(str(value))
        match = _MW.match(value) if isinstance(value, str) else None
        if match is None:
            self.problem(path, "not_mw", value)
            return None
        try:
            return Decimal(match.group(1).replace(",", "."))
        except InvalidOperation:
            self.problem(path, "not_mw", value)
            return None

    def count(self, path: str, value) -> int | None:
        if value is None or (isinstance(value, str) and value.strip() in EMPTY):
            return None
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        match = _COUNT.match(value) if isinstance(value, str) else None
        if match is None:
            self.problem(path, "not_count", value)
            return None
        return int(match.group(1))

    def year(self, path: str, value) -> int | None:
        if value is None or (isinstance(value, str) and value.strip() in EMPTY):
            return None
        if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
            return value
        match = _YEAR.match(value) if isinstance(value, str) else None
        if match is None or not 1900 <= int(match.group(1)) <= 2200:
            self.problem(path, "not_year", value)
            return None
        return int(match.group(1))

    def day(self, path: str, value) -> date | None:
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                return datetime.fromisoformat(value.strip()).date()
            except ValueError:
                pass
        self.problem(path, "not_date", value)
        return None

    def text(self, path: str, value, *, required: bool = False) -> str:
        if value is None:
            if required:
                self.problem(path, "missing")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(path, "not_text", value)
            return ""
        text = " ".join(str(value).split())
        if required and not text:
            self.problem(path, "missing")
        return text


def _shown(value) -> str:
    """The value as a person reads it in a problem list (JSON for what is not text)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)[:200]


def _path(base: str, key) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(key)):
        return f"{base}.{key}"
    return f"{base}[{json.dumps(str(key), ensure_ascii=False)}]"


def _snapshot_date(reader: _Reader, path: str, value, default: date | None) -> date | None:
    if value in (None, ""):
        if default is None:
            reader.problem(path, "no_snapshot_date")
        return default
    return reader.day(path, value)


# --- the public map's service-area answers ----------------------------------------------------


def _public_map(data: dict, digest: str, default_date: date | None) -> Publication:
    reader = _Reader()
    snapshot = _snapshot_date(reader, "$.snapshot_date", data.get("snapshot_date"), default_date)
    published_as = reader.text("$.published_as", data.get("published_as"))[:300]
    areas = data.get("areas")
    if not isinstance(areas, dict) or not areas:
        reader.problem("$.areas", "no_areas", areas)
        areas = {}
    read = []
    seen: set[tuple[str, str]] = set()
    for area_id, entry in areas.items():
        path = _path("$.areas", area_id)
        if not isinstance(entry, dict) or not isinstance(entry.get("detail"), dict):
            reader.problem(_path(path, "detail"), "missing")
            continue
        area = _map_area(reader, path, area_id, entry)
        if area is None:
            continue
        if (area.operator, area.code) in seen:
            reader.problem(_path(path, "detail") + ".id", "duplicate_area", area.code)
            continue
        seen.add((area.operator, area.code))
        read.append(area)
    return Publication(
        PUBLIC_MAP, snapshot, published_as, digest, tuple(read), tuple(reader.problems)
    )


def _map_area(reader: _Reader, path: str, area_id: str, entry: dict) -> Area | None:
    meta = entry.get("area") if isinstance(entry.get("area"), dict) else {}
    detail = entry["detail"]
    at = f"{_path(path, 'detail')}"
    raw_operator = detail.get("rnb") or meta.get("operator")
    operator = operator_name(raw_operator)
    if operator is None:
        reader.problem(f"{at}.rnb", "unknown_operator", raw_operator)
    code = reader.text(f"{at}.id", detail.get("id") or area_id, required=True)
    name = reader.text(f"{at}.name", detail.get("name"), required=True)
    figures = {
        "capacity_now_withdrawal": reader.mw(
            f"{at}.existingTransportCapacityWithdrawal",
            detail.get("existingTransportCapacityWithdrawal"),
        ),
        "capacity_needed_withdrawal": reader.mw(
            f"{at}.requiredTransportCapacityWithdrawal",
            detail.get("requiredTransportCapacityWithdrawal"),
        ),
        "capacity_now_injection": reader.mw(
            f"{at}.existingTransportCapacityInjection",
            detail.get("existingTransportCapacityInjection"),
        ),
        "capacity_needed_injection": reader.mw(
            f"{at}.requiredTransportCapacityInjection",
            detail.get("requiredTransportCapacityInjection"),
        ),
        "queue_withdrawal_mw": reader.mw(f"{at}.queueWithdrawal", detail.get("queueWithdrawal")),
        "queue_withdrawal_requests": reader.count(
            f"{at}.uniqueRequestsWithdrawal", detail.get("uniqueRequestsWithdrawal")
        ),
        "queue_injection_mw": reader.mw(f"{at}.queueInjection", detail.get("queueInjection")),
        "queue_injection_requests": reader.count(
            f"{at}.uniqueRequestsInjection", detail.get("uniqueRequestsInjection")
        ),
        "year_solved_withdrawal": reader.year(
            f"{at}.yearSolvedWithdrawal", detail.get("yearSolvedWithdrawal")
        ),
        "year_solved_injection": reader.year(
            f"{at}.yearSolvedInjection", detail.get("yearSolvedInjection")
        ),
        "tennet_year_solved_withdrawal": reader.year(
            f"{at}.tennetYearSolvedWithdrawal", detail.get("tennetYearSolvedWithdrawal")
        ),
        "tennet_year_solved_injection": reader.year(
            f"{at}.tennetYearSolvedInjection", detail.get("tennetYearSolvedInjection")
        ),
    }
    projects = detail.get("projects")
    if projects is None:
        projects = []
    if not isinstance(projects, list):
        reader.problem(f"{at}.projects", "not_list", projects)
        projects = []
    works = tuple(
        work
        for index, item in enumerate(projects)
        if (work := _map_work(reader, f"{at}.projects[{index}]", item)) is not None
    )
    if operator is None or not code or not name:
        return None
    province = reader.text(f"{path}.area.province", meta.get("province"))
    return Area(code, operator, name, province, **figures, works=works)


def _map_work(reader: _Reader, path: str, item) -> Work | None:
    if not isinstance(item, dict):
        reader.problem(path, "not_object", item)
        return None
    name = reader.text(f"{path}.name", item.get("name"), required=True)
    operator = operator_name(item.get("gridOperator"))
    if operator is None:
        reader.problem(f"{path}.gridOperator", "unknown_operator", item.get("gridOperator"))
    phase = reader.text(f"{path}.projectPhase", item.get("projectPhase"))
    if phase and phase not in PHASES:
        reader.problem(f"{path}.projectPhase", "unknown_phase", phase)
    date_text = reader.text(f"{path}.dateString", item.get("dateString"))
    if date_text and not _DATE_TEXT.match(date_text):
        reader.problem(f"{path}.dateString", "unreadable_date", date_text)
    start = reader.day(f"{path}.startDate", item.get("startDate"))
    end = reader.day(f"{path}.endDate", item.get("endDate"))
    if start and end and end < start:
        reader.problem(f"{path}.endDate", "end_before_start", item.get("endDate"))
    if not name or operator is None:
        return None
    return Work(
        name=name[:300],
        operator=operator,
        key=work_key(name)[:300],
        operator_type=reader.text(f"{path}.gridOperatorType", item.get("gridOperatorType"))[:20],
        phase=phase if phase in PHASES else "",
        date_text=date_text[:100],
        start_date=start,
        end_date=end,
        source=reader.text(f"{path}.source", item.get("source"))[:100],
        description=reader.text(f"{path}.description", item.get("description")),
    )


# --- the information model (im-capaciteitskaart) ----------------------------------------------


def _json_path(error: jsonschema.ValidationError) -> str:
    path = "$"
    for part in error.absolute_path:
        path = _path(path, part)
    return path


def schema_problems(data) -> list[Problem]:
    """Every place where the data breaks the information model's JSON Schema."""
    validator = jsonschema.Draft201909Validator(
        schema(), format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.path))):
        if error.validator == "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            problems.append(Problem(_path(_json_path(error), missing), "missing"))
        elif error.validator == "additionalProperties":
            problems.append(Problem(_json_path(error), "unknown_field", error.message))
        else:
            problems.append(
                Problem(_json_path(error), f"schema_{error.validator}", _shown(error.instance))
            )
    return problems


def _im_operator(reader: _Reader, data: dict) -> str | None:
    """Who published an information-model file: `publisher`, else a TSO file (only TenneT
    defines congestion areas), else the domain of the `creator`'s e-mail address."""
    if data.get("publisher"):
        operator = operator_name(data["publisher"])
        if operator is None:
            reader.problem("$.publisher", "unknown_operator", data["publisher"])
        return operator
    areas = data.get("energy_areas") or []
    if any(
        area.get("type") == "congestion_area"
        or area.get("demand_energy_area_short_code")
        or area.get("generation_energy_area_short_code")
        for area in areas
    ):
        return TENNET
    creator = str(data.get("creator", ""))
    operator = OPERATOR_DOMAINS.get(creator.rsplit("@", 1)[-1].lower()) if "@" in creator else None
    if operator is None:
        operator = operator_name(creator)
    if operator is None:
        reader.problem("$.creator", "unknown_operator", creator)
    return operator


def _information_model(data: dict, digest: str, default_date: date | None) -> Publication:
    problems = schema_problems(data)
    if problems:
        return Publication(INFORMATION_MODEL, None, "", digest, problems=tuple(problems))
    reader = _Reader()
    snapshot = _snapshot_date(
        reader, "$.issued", data.get("date") or data.get("issued"), default_date
    )
    operator = _im_operator(reader, data)
    published_as = " ".join(
        str(part) for part in (data.get("title") or data.get("identifier"), data.get("conforms_to"))
    )[:300]
    read, seen = [], set()
    for index, item in enumerate(data["energy_areas"]):
        path = f"$.energy_areas[{index}]"
        code = item["short_code"].strip()
        if code in seen:
            reader.problem(f"{path}.short_code", "duplicate_area", code)
            continue
        seen.add(code)
        works = tuple(
            _im_work(reader, f"{path}.works[{n}]", work, operator)
            for n, work in enumerate(item["works"])
        )
        read.append(
            Area(
                code=code,
                operator=operator or "",
                name=" ".join((item.get("description") or code).split()),
                capacity_now_withdrawal=_decimal(item.get("demand_available_capacity")),
                capacity_needed_withdrawal=_decimal(item.get("demand_quoted_capacity")),
                capacity_now_injection=_decimal(item.get("generation_available_capacity")),
                capacity_needed_injection=_decimal(item.get("generation_quoted_capacity")),
                queue_withdrawal_mw=_decimal(item.get("demand_capacity_in_queue")),
                queue_withdrawal_requests=item.get("demand_requests_in_queue"),
                queue_injection_mw=_decimal(item.get("generation_capacity_in_queue")),
                queue_injection_requests=item.get("generation_requests_in_queue"),
                year_solved_withdrawal=item.get("demand_alleviation_year"),
                year_solved_injection=item.get("generation_alleviation_year"),
                works=works,
            )
        )
    if operator is None:
        read = []
    return Publication(
        INFORMATION_MODEL, snapshot, published_as, digest, tuple(read), tuple(reader.problems)
    )


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    last_month = quarter * 3
    last_day = 31 if last_month in (3, 12) else 30
    return date(year, last_month - 2, 1), date(year, last_month, last_day)


def _im_work(reader: _Reader, path: str, item: dict, operator: str | None) -> Work:
    """A work of the information model. Its first time schedule gives the dates; the public date
    text is written the way the map writes it ("2026", "2031 - 2033")."""
    interval = item["time_schedules"][0]["schedule_interval"] if item["time_schedules"] else {}
    start = reader.day(f"{path}.time_schedules[0].schedule_interval.start", interval.get("start"))
    end = reader.day(f"{path}.time_schedules[0].schedule_interval.end", interval.get("end"))
    if interval.get("year") is not None and end is None:
        if interval.get("quarter"):
            start, end = _quarter_bounds(interval["year"], interval["quarter"])
        else:
            end = date(interval["year"], 12, 31)
    years = sorted({d.year for d in (start, end) if d is not None})
    date_text = " - ".join(str(y) for y in years)
    if not item["time_schedules"]:
        reader.problem(f"{path}.time_schedules", "no_date", [])
    name = " ".join(item["project_name"].split())
    return Work(
        name=" ".join((item.get("description") or name).split())[:300],
        operator=operator or "",
        key=work_key(item.get("m_rid") or name)[:300],
        operator_type="TENNET" if operator == TENNET else "RNB",
        phase=item.get("status_kind", ""),
        date_text=date_text,
        start_date=start,
        end_date=end,
        source=item.get("type", "")[:100],
        description=name,
    )
