"""The GS report typeset by Typst (decision 0035): read as a person reads the PDF."""

import re
import subprocess
from datetime import date

from django.test import RequestFactory
from django.utils import translation

from gridpact.monitoring import exports, queries, report_typst

from ..factories import MilestoneFactory, ProjectFactory

LONG_NAME = (
    "Project {:02d}: uitbreiding van het hoogspanningsstation met nieuwe transformatoren, "
    "kabelverbindingen en een tweede aansluiting op het landelijke net"
)


def _pages(pdf: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return [" ".join(page.split()) for page in text.split("\f")]


def _report(world, today=date(2026, 4, 20)):
    with translation.override("nl"):
        context = queries.gs_report(
            world.coordinator, world.programme, RequestFactory().get("/").GET, today
        )
        return context, exports.pdf(context)


def test_no_table_row_or_project_is_split_over_two_pages_and_headers_repeat(world):
    for number in range(45):
        project = ProjectFactory(
            name=LONG_NAME.format(number), lead_operator=world.operator, programme=world.programme
        )
        MilestoneFactory(project=project, forecast_date=date(2029, 6, 30))
    _context, pdf = _report(world)
    pages = _pages(pdf)
    for page in pages:
        # Each long name is whole on its page: as many starts of a name as ends.
        assert len(re.findall(r"Project \d\d:", page)) == page.count("landelijke net"), page
    chapter = next(n for n, page in enumerate(pages) if page.startswith("De projecten"))
    summary = pages[1:chapter]
    assert len(summary) > 1, "the summary table runs over more than one page"
    for page in summary[1:]:
        # The header row repeats: the page opens with it, before the first project of the page.
        first_row = re.search(r"Project \d\d:", page).start()
        assert page.startswith("Project "), page[:80]
        assert "Vertraging" in page[:first_row], page[:80]
        assert all(h in page for h in ("Status", "Vertraging", "In bedrijf (prognose)"))


def test_a_name_that_looks_like_typst_code_is_printed_as_written(world):
    world.project.name = '#panic("boem") *vet* [haak] $x$ <label> @ref // niet weg'
    world.project.save()
    _context, pdf = _report(world)
    assert world.project.name in " ".join(_pages(pdf))


def test_the_title_names_the_report_and_the_programme(world):
    context, _pdf = _report(world)
    with translation.override("nl"):
        assert report_typst.title(context).endswith(f" · {world.programme.name}")
