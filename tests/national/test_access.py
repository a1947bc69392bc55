"""The national roles on every national route and in the API: a ministry observing two
programmes, an umbrella body observing one (a second organisation), a province coordinator."""

from datetime import date

from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from gridpact.core.form_tokens import new_token
from gridpact.core.models import AuditEvent
from gridpact.monitoring.models import ExportStatus
from gridpact.national.figures import Figures, HalfYear, from_delays, roll_up
from gridpact.national.models import NationalExport
from gridpact.national.tasks import build_export


def test_routes_for_each_role(client, national):
    expected = {
        "ministry_reader": 200,
        "umbrella_reader": 200,
        "coordinator": 404,
    }
    for actor, code in expected.items():
        client.force_login(getattr(national, actor))
        assert client.get(reverse("national-rollup")).status_code == code, actor
        assert client.get(reverse("national-rollup-xlsx")).status_code == code, actor
        assert client.get(reverse("api:national-rollup-list")).status_code == code, actor


def test_the_pdf_is_made_in_the_background_for_the_one_who_asked(client, national):
    client.force_login(national.ministry_reader)
    before = AuditEvent.objects.count()
    response = client.post(reverse("national-export-start"), {"form_token": new_token()})
    assert response.status_code == 302
    export = NationalExport.objects.get()
    assert AuditEvent.objects.count() == before + 1
    build_export(str(export.pk))  # what the worker does (the test settings run tasks eagerly)
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert bytes(export.content).startswith(b"%PDF")
    status = client.get(reverse("national-export-status", kwargs={"pk": export.pk}))
    assert status.status_code == 200
    download = client.get(reverse("national-export-download", kwargs={"pk": export.pk}))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    # Another national reader (another organisation) may not fetch it.
    client.force_login(national.umbrella_reader)
    assert (
        client.get(reverse("national-export-download", kwargs={"pk": export.pk})).status_code == 404
    )


def test_api_gives_the_page_figures_and_only_visible_programmes(client, national):
    client.force_login(national.umbrella_reader)
    body = client.get(reverse("api:national-rollup-list")).json()
    assert [p["name"] for p in body["programmes"]] == ["P-MIEK Gelderland"]
    assert body["total"]["projects"] == 5
    assert body["total"]["slip_days"] == 150
    assert body["total"]["waiting_mw"] == "100.000"
    client.force_login(national.ministry_reader)
    body = client.get(reverse("api:national-rollup-list")).json()
    assert body["total"]["projects"] == 7
    assert body["distinct_projects"] == 6
    assert {p["name"] for p in body["provinces"]} == {"Provincie Gelderland", "Provincie Utrecht"}
    gelderland = body["half_year"][0]
    assert gelderland["before"]["slip_days"] == 60
    assert "Geheim" not in str(body)


def test_api_refuses_unknown_query_keys(client, national):
    client.force_login(national.ministry_reader)
    assert client.get(reverse("api:national-rollup-list"), {"page": 2}).status_code == 400


delays = st.lists(st.one_of(st.none(), st.integers(-2000, 2000)), max_size=30)


@given(delays, delays)
def test_figures_add_up_as_the_delays_they_count(first, second):
    assert from_delays(first) + from_delays(second) == from_delays(first + second)
    figures = from_delays(first)
    assert figures.unknown == sum(1 for d in first if d is None)


@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), delays), max_size=12))
def test_every_table_adds_up_to_the_same_total(cells):
    pairs = [((a, b), from_delays(d)) for a, b, d in cells]
    total = sum((f for _k, f in pairs), Figures())
    for key in (lambda c: c[0], lambda c: c[1], lambda c: c):
        assert sum(roll_up(pairs, key).values(), Figures()) == total


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_half_years_follow_each_other(day):
    half = HalfYear.of(day)
    assert day in half
    previous = half.previous()
    assert (half.starts_on - previous.ends_on).days == 1
