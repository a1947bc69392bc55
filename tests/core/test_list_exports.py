"""Every list page downloads as XLSX and CSV: the rows the user sees, the filters applied,
formulas neutralised, real dates in XLSX and the CSV the way Dutch Excel opens it."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gridpact.core.exports import EURO_FORMAT, Column, table_response
from gridpact.escalations import services as escalation_services
from gridpact.procedures import services as procedure_services
from gridpact.procedures.models import ProcedureType
from gridpact.projects.models import Phase

from ..factories import cost_world, make_agreement, meeting_world


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(response) -> list[list[str]]:
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff"), "Dutch Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(_body(response))).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def _text(rows) -> str:
    return "\n".join(" | ".join("" if v is None else str(v) for v in row) for row in rows)


# --- the helper itself -----------------------------------------------------------------------

COLUMNS = [
    Column("Naam", lambda r: r["name"]),
    Column("Datum", lambda r: r["day"]),
    Column("Bedrag", lambda r: r["amount"], money=True),
    Column("Moment", lambda r: r["at"]),
]
ROWS = [
    {
        "name": '=HYPERLINK("http://x")',
        "day": date(2026, 3, 1),
        "amount": Decimal("1234.56"),
        "at": datetime(2026, 3, 1, 9, 30),
    },
    {"name": "+31 6", "day": None, "amount": Decimal("-5.00"), "at": None},
    {"name": "-1", "day": None, "amount": None, "at": None},
    {"name": "@SUM(A1)", "day": None, "amount": None, "at": None},
]


def _download(fmt):
    request = RequestFactory().get("/lijst/", {"export": fmt})
    return table_response(
        request, filename="proef", title="Proef", columns=COLUMNS, rows=ROWS, fmt=fmt
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_cell_that_starts_like_a_formula_stays_text(fmt):
    response = _download(fmt)
    names = [row[0] for row in (_xlsx(response) if fmt == "xlsx" else _csv(response))[1:]]
    assert names == ['\'=HYPERLINK("http://x")', "'+31 6", "'-1", "'@SUM(A1)"]


def test_xlsx_has_real_dates_and_euro_amounts():
    sheet = load_workbook(io.BytesIO(_download("xlsx").content)).worksheets[0]
    assert [c.value for c in sheet[1]] == ["Naam", "Datum", "Bedrag", "Moment"]
    day, amount, moment = sheet["B2"], sheet["C2"], sheet["D2"]
    assert day.is_date and day.value.date() == date(2026, 3, 1)
    assert day.number_format == "DD-MM-YYYY"
    assert amount.value == 1234.56 and amount.number_format == EURO_FORMAT
    assert moment.is_date and moment.value == datetime(2026, 3, 1, 9, 30)


def test_csv_opens_in_dutch_excel_with_semicolons_day_month_year_and_decimal_commas():
    response = _download("csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, first, second, *_ = _csv(response)
    assert header == ["Naam", "Datum", "Bedrag", "Moment"]
    assert first[1:] == ["01-03-2026", "1234,56", "01-03-2026 09:30"]
    assert second[1:] == ["", "-5,00", ""]


def test_the_file_name_is_dutch_with_the_date(settings):
    response = _download("xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="proef-20')
    assert response["Content-Disposition"].endswith('.xlsx"')


# --- every list page -------------------------------------------------------------------------


def _programme(w):
    return reverse("programme-overview", kwargs={"pk": w.programme.pk})


def _deadlines(w):
    return reverse("deadlines", kwargs={"pk": w.programme.pk}) + "?weeks=104"


def _register(w):
    return reverse("impediment-register", kwargs={"pk": w.programme.pk})


def _meetings(w):
    meeting_world(w)
    return reverse("meeting-list", kwargs={"pk": w.programme.pk})


def _agreements(w):
    make_agreement(w)
    return reverse("agreement-list", kwargs={"pk": w.programme.pk})


def _reports(w):
    return reverse("reports", kwargs={"pk": w.programme.pk}) + f"?period={w.period.pk}"


def _baselines(w):
    return reverse("baselines", kwargs={"pk": w.programme.pk})


def _project_costs(w):
    cost_world(w)
    return reverse("project-costs", kwargs={"pk": w.project.pk})


def _party_costs(w):
    cost_world(w)
    return reverse("party-costs", kwargs={"pk": w.programme.pk, "org_pk": w.operator.pk})


def _project(w):
    return reverse("project-detail", kwargs={"pk": w.project.pk})


def _my_work(w):
    return reverse("my-work")


def _meeting(w):
    return reverse("meeting-detail", kwargs={"pk": meeting_world(w).closed_meeting.pk})


def _endorsements(w):
    return reverse("endorsements", kwargs={"pk": make_agreement(w).version.pk})


def _body_page(w):
    return reverse("body-detail", kwargs={"pk": meeting_world(w).body.pk})


def _cost_rules(w):
    cost_world(w)
    return reverse("cost-rules", kwargs={"pk": w.programme.pk})


# (page, which of its lists, what the municipal official sees in it)
LISTS = [
    pytest.param(_programme, "", "Station Noord", id="programme-overview"),
    pytest.param(_deadlines, "", "Omgevingsvergunning Station Noord", id="deadlines"),
    pytest.param(_register, "", "Grond niet beschikbaar", id="impediment-register"),
    pytest.param(_meetings, "", "Overleg januari", id="meeting-list"),
    pytest.param(_meeting, "actions", "Grondeigenaren benaderen", id="meeting-detail-actions"),
    pytest.param(
        _meeting, "decisions", "Knelpunt naar bestuurlijk overleg", id="meeting-detail-decisions"
    ),
    pytest.param(_agreements, "", "Samenwerkingsafspraken Test", id="agreement-list"),
    pytest.param(_reports, "", "Station Noord", id="reports"),
    pytest.param(_baselines, "", "Basis 2025", id="baselines"),
    pytest.param(_project, "milestones", "Locatiebesluit", id="project-detail-milestones"),
    pytest.param(_project, "history", "Omgevingsvergunning", id="project-detail-history"),
    pytest.param(
        _project, "procedures", "Omgevingsvergunning Station Noord", id="project-detail-procedures"
    ),
    pytest.param(_endorsements, "", "Netbeheer Test", id="endorsements"),
    pytest.param(_body_page, "", "Gemeente Test", id="body-detail"),
    pytest.param(_cost_rules, "", "Afspraak netinvestering", id="cost-rules"),
    pytest.param(_my_work, "overdue", "Locatiebesluit", id="my-work-overdue"),
    pytest.param(_project_costs, "", "Transformator", id="project-costs"),
    pytest.param(_party_costs, "", "Groene wal", id="party-costs"),
]


def _export_url(url, fmt, table=""):
    url = f"{url}{'&' if '?' in url else '?'}export={fmt}"
    return f"{url}&table={table}" if table else url


@pytest.mark.parametrize(("page", "table", "visible"), LISTS)
def test_the_page_offers_both_downloads_with_its_filters(client, world, page, table, visible):
    client.force_login(world.municipal_official)
    url = page(world)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    suffix = f"-{table}" if table else ""
    assert f'data-export="xlsx{suffix}"' in html and f'data-export="csv{suffix}"' in html
    assert "Excel (XLSX)" in html
    if "?" in url:  # the download keeps what the page was asked for
        assert url.split("?")[1].replace("&", "&amp;") in html


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(("page", "table", "visible"), LISTS)
def test_the_download_holds_the_rows_of_the_page(client, world, page, table, visible, fmt):
    client.force_login(world.municipal_official)
    response = client.get(_export_url(page(world), fmt, table))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    rows = _xlsx(response) if fmt == "xlsx" else _csv(response)
    assert len(rows) >= 2
    assert visible in _text(rows)


@pytest.mark.parametrize(("page", "table", "visible"), LISTS)
def test_another_programme_gets_no_download(client, world, page, table, visible):
    client.force_login(world.outsider)
    response = client.get(_export_url(page(world), "csv", table))
    if page is _my_work:  # everyone has a start page; the outsider's lists it nothing of P
        assert visible not in _text(_csv(response))
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_download_is_in_dutch_by_default(client, world, fmt):
    client.force_login(world.lead)
    rows = (
        _xlsx(client.get(_export_url(_programme(world), fmt)))
        if fmt == "xlsx"
        else _csv(client.get(_export_url(_programme(world), fmt)))
    )
    assert list(rows[0][:2]) == ["Project", "Soort"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_download_speaks_the_language_the_person_chose(client, world, fmt):
    client.force_login(world.lead)
    client.post(reverse("set_language"), {"language": "en"})
    translation.activate("nl")  # what a fresh server thread has; the streamed CSV must not use it
    response = client.get(_export_url(_register(world), fmt))
    rows = _xlsx(response) if fmt == "xlsx" else _csv(response)
    translation.activate("nl")
    assert list(rows[0][:3]) == ["Impediment", "Category", "Project"]


def test_a_sheet_title_with_characters_excel_forbids_still_makes_a_workbook():
    request = RequestFactory().get("/lijst/", {"export": "xlsx"})
    response = table_response(
        request, filename="a/b", title="Kosten: A/B [2026]?", columns=COLUMNS, rows=ROWS, fmt="xlsx"
    )
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Kosten- A-B -2026--"]
    assert 'filename="ab-20' in response["Content-Disposition"]


# --- what the user may not see never appears ----------------------------------------------------


def _internal_rows(w):
    """A procedure, an impediment and a cost item of the other operator's internal project."""
    procedure_services.create_procedure(
        actor=None,
        project=w.internal_project,
        procedure_type=ProcedureType.objects.get(code="omgevingsvergunning-regulier"),
        title="Geheime vergunning",
        competent_authority=w.municipality,
        applicant=w.internal_project.lead_operator,
        received_on=date(2026, 3, 2),
    )
    escalation_services.raise_impediment(
        actor=None,
        project=w.internal_project,
        programme=w.programme,
        title="Geheim knelpunt",
        category="grond",
        owner=w.internal_project.lead_operator,
        today=date(2026, 3, 2),
    )
    cost_world(w)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize(
    "page",
    [
        _programme,
        _deadlines,
        _register,
        _reports,
        lambda w: reverse(
            "party-costs",
            kwargs={"pk": w.programme.pk, "org_pk": w.internal_project.lead_operator.pk},
        ),
    ],
    ids=["programme-overview", "deadlines", "impediment-register", "reports", "party-costs"],
)
def test_an_internal_project_of_another_organisation_is_never_exported(client, world, page, fmt):
    _internal_rows(world)
    client.force_login(world.lead)
    response = client.get(_export_url(page(world), fmt))
    assert response.status_code == 200
    text = _text(_xlsx(response) if fmt == "xlsx" else _csv(response))
    for secret in ("Geheim station", "Geheime vergunning", "Geheim knelpunt", "Geheime kabel"):
        assert secret not in text


# --- filters and values ----------------------------------------------------------------------


def test_the_project_download_follows_the_filter(client, world):
    world.project.phase = Phase.CONSTRUCTION
    world.project.save()
    client.force_login(world.coordinator)
    url = _programme(world)
    other_phase = next(value for value, _label in Phase.choices if value != Phase.CONSTRUCTION)
    assert "Station Noord" not in _text(_csv(client.get(f"{url}?phase={other_phase}&export=csv")))
    assert "Station Noord" in _text(
        _csv(client.get(f"{url}?phase={Phase.CONSTRUCTION}&export=csv"))
    )


def test_the_deadline_download_follows_the_authority_filter(client, world):
    client.force_login(world.municipal_official)
    url = _deadlines(world)
    assert "Station Noord" in _text(
        _csv(client.get(f"{url}&authority={world.municipality.pk}&export=csv"))
    )
    assert "Station Noord" not in _text(
        _csv(client.get(f"{url}&authority={world.operator.pk}&export=csv"))
    )


def test_a_formula_in_an_impediment_title_is_neutralised_in_both_formats(client, world):
    world.impediment.title = "=cmd|' /C calc'!A0"
    world.impediment.save()
    client.force_login(world.lead)
    url = _register(world)
    assert _csv(client.get(f"{url}?export=csv"))[1][0] == "'=cmd|' /C calc'!A0"
    assert _xlsx(client.get(f"{url}?export=xlsx"))[1][0] == "'=cmd|' /C calc'!A0"


def test_project_dates_are_dates_in_xlsx_and_day_month_year_in_csv(client, world):
    client.force_login(world.lead)
    url = _programme(world)
    header, row = _xlsx(client.get(f"{url}?export=xlsx"))[:2]
    forecast = row[header.index("In bedrijf (prognose)")]
    assert isinstance(forecast, datetime)
    csv_header, csv_row = _csv(client.get(f"{url}?export=csv"))[:2]
    assert csv_row[csv_header.index("In bedrijf (prognose)")] == forecast.strftime("%d-%m-%Y")


def test_cost_amounts_are_euro_numbers_in_xlsx(client, world):
    client.force_login(world.lead)
    response = client.get(_export_url(_project_costs(world), "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    amounts = {row[0].value: row[header.index("Bedrag")] for row in sheet.iter_rows(min_row=2)}
    assert amounts["Transformator"].value == 1000000
    assert amounts["Transformator"].number_format == EURO_FORMAT


def _more_projects(w, count=5):
    """Projects of the grid operator, each with a milestone, a procedure and an impediment."""
    from ..factories import MilestoneFactory, ProjectFactory

    for n in range(count):
        project = ProjectFactory(programme=w.programme, lead_operator=w.operator, name=f"P{n}")
        MilestoneFactory(project=project, forecast_date=date(2030, 1, 1))
        procedure_services.create_procedure(
            actor=None,
            project=project,
            procedure_type=ProcedureType.objects.get(code="omgevingsvergunning-regulier"),
            title=f"Vergunning P{n}",
            competent_authority=w.municipality,
            applicant=w.operator,
            received_on=date(2026, 10, 1),
        )
        escalation_services.raise_impediment(
            actor=None,
            project=project,
            programme=w.programme,
            title=f"Knelpunt P{n}",
            category="grond",
            owner=w.operator,
            today=date(2026, 10, 1),
        )


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("page", [_programme, _deadlines, _register, _reports])
def test_a_download_reads_the_same_number_of_queries_for_more_rows(client, world, page, fmt):
    client.force_login(world.coordinator)
    url = _export_url(page(world), fmt)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            assert response.status_code == 200
            rows = _xlsx(response) if fmt == "xlsx" else _csv(response)  # a CSV streams its rows
        return len(queries), len(rows)

    before, rows_before = count()
    _more_projects(world)
    after, rows_after = count()
    assert rows_after > rows_before
    assert after == before
