"""The quarterly report for GS reads like one a province sends: cover with the quarter, a
one-page summary with changes and decisions asked, projects compactly, impediments, deadlines."""

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gridpact.monitoring import queries, services
from gridpact.programmes.models import Programme
from gridpact.workspace import demo


@pytest.fixture
def report_text(client, db, tmp_path):
    demo.load()
    client.force_login(demo.User.objects.get(username="coordinator"))
    programme = Programme.objects.get(name__startswith="P-MIEK 2.0")
    response = client.get(
        reverse("dashboard-export", kwargs={"pk": programme.pk, "fmt": "pdf"}),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    pdf = tmp_path / "rapport.pdf"
    pdf.write_bytes(response.content)

    def page(number=None):
        args = ["pdftotext", "-layout"]
        if number:
            args += ["-f", str(number), "-l", str(number)]
        out = subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True)
        return " ".join(out.stdout.split())

    pages = int(
        next(
            line.split()[-1]
            for line in subprocess.run(
                ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
            ).stdout.splitlines()
            if line.startswith("Pages:")
        )
    )
    return page, pages


def test_cover_names_the_quarter_and_the_programme(report_text):
    page, _pages = report_text
    cover = page(1)
    assert "P-MIEK 2.0 Provincie Utrecht" in cover
    assert "Kwartaalrapportage 20" in cover
    assert "tot en met" in cover


def test_summary_is_one_page_with_changes_and_decisions_asked(report_text):
    page, _pages = report_text
    summary = page(2)
    for heading in (
        "Samenvatting",
        "Wat veranderde sinds",
        "Besluiten gevraagd van GS",
        "Projecten",
    ):
        assert heading in summary, heading
    assert "Waterstofnet Lage Weide" in summary  # the last project still on the summary page


def test_projects_compactly_then_impediments_and_deadlines_without_leftovers(report_text):
    page, pages = report_text
    assert pages <= 7  # eleven projects, several per page (it was one page each)
    whole = page()
    assert "Knelpunten en escalaties" in whole
    assert "Wettelijke termijnen in gevaar" in whole
    # No leftovers of empty values: a dash or a bare code followed by a colon.
    assert "–:" not in whole
    assert "groen:" not in whole


def test_a_project_without_planning_says_so_in_words(report_text):
    page, _pages = report_text
    whole = page()
    # The two projects in exploration have no in-service date: words, not a row of dashes.
    # (in the summary table and on each project's entry)
    assert whole.count("nog geen planning (initiatie / verkenning)") == 4
    assert "baseline –" not in whole and "prognose –" not in whole and "(–)" not in whole


def test_the_changes_compare_with_the_previous_closed_quarter(world):
    programme, coordinator = world.programme, world.coordinator
    first, second = world.period, world.open_period
    after_second = second.ends_on + timedelta(days=20)
    services.close_period(
        actor=coordinator, period=first, expected_version=first.version, today=first.due_on
    )
    report = queries.gs_report(coordinator, programme, {}, after_second)
    assert (report["period"], report["previous_period"]) == (second, first)
    second.refresh_from_db()
    services.close_period(
        actor=coordinator, period=second, expected_version=second.version, today=after_second
    )
    # The reported quarter's own snapshot is not "the previous quarter".
    report = queries.gs_report(coordinator, programme, {}, after_second)
    assert (report["period"], report["previous_period"]) == (second, first)


def test_the_demo_changes_since_last_quarter_are_real(db):
    """The demo's quarters closed with what had been reached by then: a project on schedule now
    whose forecast did not move was not red at the previous quarter (it was: every milestone
    planned before it counted as overdue, because the demo recorded them as reached only later)."""
    demo.load()
    coordinator = demo.User.objects.get(username="coordinator")
    programme = Programme.objects.get(name__startswith="P-MIEK 2.0")
    report = queries.gs_report(coordinator, programme, {}, timezone.localdate())
    assert report["previous_period"] is not None
    implausible = [
        c.name
        for c in report["changes"]
        if c.old_status == "rood" and c.new_status == "groen" and not c.moved_days
    ]
    assert implausible == []
