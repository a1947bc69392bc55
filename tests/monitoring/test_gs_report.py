"""The quarterly report for GS reads like one a province sends: cover with the quarter, a
one-page summary with changes and decisions asked, projects compactly, impediments, deadlines."""

import subprocess

import pytest
from django.urls import reverse

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
