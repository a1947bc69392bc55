"""The public promise fed with real data: the demo's status, the waiting lists, the scoping."""

import csv
import io
import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from gridpact.capacity import queries, services
from gridpact.costs.formatting import number
from gridpact.monitoring import status
from gridpact.programmes.models import Programme
from gridpact.projects import queries as project_queries
from gridpact.projects.models import Project
from gridpact.workspace import demo
from tests.api import api_url
from tests.factories import AreaFiguresFactory, capacity_world

TODAY = date(2026, 12, 1)


@pytest.fixture
def loaded(db):
    demo.load()
    coordinator = demo.User.objects.get(username="coordinator")
    return coordinator, Programme.objects.get(name__startswith="P-MIEK 2.0")


def _rows(user, programme):
    baseline = project_queries.baselines_for(programme)
    return project_queries.programme_project_rows(
        user, programme, baseline[0] if baseline else None, {}
    )


def test_the_demo_flags_the_two_projects_whose_forecast_disagrees_with_the_map(loaded):
    coordinator, programme = loaded
    rows = {
        r.project.code: r for r in status.programme_status(coordinator, programme, None, {}, TODAY)
    }
    flagged = {
        code: [t for t in row.reasons_text if "publiek" in t or "public" in t]
        for code, row in rows.items()
        if any(r.code == "public_promise" for r in row.evaluation.reasons)
    }
    assert set(flagged) == {"breukelen-kortrijk", "soest-baarn"}
    bk = rows["breukelen-kortrijk"].promise
    assert bk.settled.range.label == "2033–2035"
    assert bk.comparison.direction == "earlier"
    assert bk.comparison.months_outside == pytest.approx(42.1)
    assert rows["soest-baarn"].promise.comparison.months_outside == pytest.approx(13.0)
    for code in ("utrecht-noord", "oudenrijn"):
        assert not any(r.code == "public_promise" for r in rows[code].evaluation.reasons)
        assert rows[code].promise.settled.range is not None


def test_waiting_lists_count_an_area_once_for_the_programme(loaded):
    coordinator, programme = loaded
    found = queries.project_promises(coordinator, _rows(coordinator, programme))
    by_code = {}
    for row in _rows(coordinator, programme):
        by_code[row.project.code] = found.projects[row.project.pk]
    shared = by_code["utrecht-noord"].waiting.mw + by_code["soest-baarn"].waiting.mw
    # CM15 (Baarn) waits for both Utrecht-Noord and Soest–Baarn: once in the programme total.
    total = sum((p.waiting.mw for p in found.projects.values()), Decimal(0))
    assert found.waiting.mw < total
    assert shared > 0
    assert found.waiting.areas == len({f.area_id for p in found.projects.values() for f in p.areas})
    assert found.mw_months == sum(
        (p.mw.mw_months for p in found.projects.values() if p.mw), Decimal(0)
    )


def test_a_fixed_number_of_queries_for_any_number_of_projects(loaded):
    coordinator, programme = loaded
    rows = _rows(coordinator, programme)
    with CaptureQueriesContext(connection) as one:
        queries.project_promises(coordinator, rows[:1])
    with CaptureQueriesContext(connection) as every:
        queries.project_promises(coordinator, rows)
    assert len(rows) > 4
    assert len(every) <= len(one) + 2  # the works and figures queries only run with links
    assert len(every) <= 5


def test_a_project_the_user_cannot_see_shows_no_waiting_figures(world):
    publication, area, work = capacity_world(world)
    AreaFiguresFactory(publication=publication, area=area)
    services.link_area(actor=world.coordinator, project=world.project, area=area)
    services.link_work(actor=world.coordinator, project=world.project, work=work)
    rows = _rows(world.coordinator, world.programme)
    mine = [r for r in rows if r.project == world.project]
    seen = queries.project_promises(world.coordinator, mine).projects[world.project.pk]
    assert seen.waiting.mw == Decimal("12.5")
    assert seen.settled.range.label == "2031–2033"
    # Someone of another programme and organisation, handed the same row, gets nothing of it.
    hidden = queries.project_promises(world.outsider, mine)
    assert hidden.projects[world.project.pk].waiting.mw == 0
    assert hidden.projects[world.project.pk].history == []
    assert hidden.waiting.mw == 0
    # The map's figures themselves are public.
    assert queries.area_figures(publication).count() == 1


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_project_page_shows_the_promise_beside_the_forecast_and_who_waits(loaded, client):
    coordinator, _programme = loaded
    client.force_login(coordinator)
    project = Project.objects.get(code="breukelen-kortrijk")
    html = client.get(project.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    text = _text(html)
    assert "Publieke belofte en wachtrij" in text
    assert "Publiek: 2033–2035; prognose juni 2029: 4 jaar eerder dan publiek" in text
    assert re.search(r"[\d.]+(,\d)? MW en [\d.]+ aanvragen wachten op dit project", text)
    assert 'id="promise-history"' in html and "29 juli 2026" in text
    assert "Er kunnen geen rechten" in text or "geen rechten" in text
    soest = Project.objects.get(code="soest-baarn")
    text = _text(client.get(soest.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode())
    assert "1 jaar eerder dan publiek" in text
    assert "Baarn" in text


def test_the_dashboard_headline_of_mw_months_is_the_sum_of_the_export_column(loaded, client):
    coordinator, programme = loaded
    client.force_login(coordinator)
    html = client.get(
        reverse("dashboard", kwargs={"pk": programme.pk}), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    headline = re.search(r'data-count="mw_months">([\d.,]+)<', html)[1]
    assert "MW-maanden vertraging" in html
    assert re.search(r"MW en [\d.]+ aanvragen wachten op deze projecten", _text(html))
    response = client.get(
        reverse("dashboard-export", kwargs={"pk": programme.pk, "fmt": "csv"}),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    lines = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    header, rows = lines[0], lines[1:]
    column = {
        name: header.index(name) for name in ("Toegerekend MW", "Vertraging geteld (maanden)")
    }
    total = Decimal(0)
    for row in rows:
        attributed, months, product = (
            row[column["Toegerekend MW"]],
            row[column["Vertraging geteld (maanden)"]],
            row[header.index("MW-maanden")],
        )
        if product:
            assert Decimal(attributed) * Decimal(months) == Decimal(product)
            total += Decimal(product)
    assert number(total) == headline
    found = queries.project_promises(coordinator, _rows(coordinator, programme))
    assert (
        sum(
            (Decimal(r[column["Toegerekend MW"]]) for r in rows if r[column["Toegerekend MW"]]),
            Decimal(0),
        )
        == found.waiting.mw
    )


def test_the_gs_report_has_the_public_promise_in_pdf_and_xlsx(loaded, client, tmp_path):
    coordinator, programme = loaded
    client.force_login(coordinator)
    url = "dashboard-export"
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(
        client.get(
            reverse(url, kwargs={"pk": programme.pk, "fmt": "pdf"}), HTTP_ACCEPT_LANGUAGE="nl"
        ).content
    )
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    text = " ".join(out.stdout.split())
    assert "Publieke belofte en wachtrij" in text
    section = text[text.index("Publieke belofte en wachtrij") :]
    assert re.search(r"4 jaar .*eerder dan", section)
    assert "1.339 MW" in section and "465,6" in section
    assert "geen rechten" in text
    response = client.get(
        reverse(url, kwargs={"pk": programme.pk, "fmt": "xlsx"}), HTTP_ACCEPT_LANGUAGE="nl"
    )
    sheet = load_workbook(io.BytesIO(response.content))["Publieke belofte"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    header = values[0]
    names = [v[0] for v in values]
    assert "Uitbreiding hoogspanningsstation Breukelen-Kortrijk" in names
    total = next(v for v in values if v[0] == "Totaal (elk gebied één keer)")
    column = header.index("MW-maanden")
    project_rows = values[1 : names.index("Totaal (elk gebied één keer)")]
    assert total[column] == pytest.approx(sum(v[column] or 0 for v in project_rows))
    assert total[column] > 0


def test_the_api_gives_each_visible_project_its_promise_and_waiting_list(loaded, client):
    coordinator, programme = loaded
    client.force_login(coordinator)
    answer = client.get(api_url("programme-promise-detail", pk=programme.pk)).json()
    by_project = {row["project"]: row for row in answer["projects"]}
    bk = by_project[str(Project.objects.get(code="breukelen-kortrijk").pk)]
    assert bk["public_range"] == "2033–2035"
    assert bk["direction"] == "earlier" and bk["months_outside"] == 42.1
    assert Decimal(bk["waiting_mw"]) == Decimal("1339")
    assert Decimal(answer["mw_months"]) == sum(
        (Decimal(r["mw_months"]) for r in answer["projects"]), Decimal(0)
    )
    assert answer["snapshot_date"] == "2026-08-08"


def test_the_api_shows_no_waiting_figures_of_a_project_the_caller_cannot_see(world, client):
    publication, area, _work = capacity_world(world)
    AreaFiguresFactory(publication=publication, area=area)
    services.link_area(actor=world.coordinator, project=world.project, area=area)
    client.force_login(world.coordinator)
    mine = client.get(api_url("programme-promise-detail", pk=world.programme.pk)).json()
    assert Decimal(mine["waiting_mw"]) == Decimal("12.5")
    client.force_login(world.outsider)  # another programme and organisation
    assert client.get(api_url("programme-promise-detail", pk=world.programme.pk)).status_code == 404
    listed = client.get(api_url("programme-promise-list")).json()["results"]
    assert all(str(world.project.pk) not in str(row["projects"]) for row in listed)
    assert all(Decimal(row["waiting_mw"]) == 0 for row in listed)
