"""The PDF report for GS reads well on paper: rows are not torn over two pages."""

from datetime import date

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from weasyprint import HTML

from gridpact.monitoring import queries
from gridpact.monitoring.charts import dashboard_charts

from ..factories import MilestoneFactory, ProjectFactory


def _rows(box, table=None, group=None):
    """Every table row box below `box`: (row element, table element, is it a header row)."""
    if getattr(box, "element_tag", None) == "table":
        table = box.element
    if hasattr(box, "is_header"):
        group = box
    if getattr(box, "element_tag", None) == "tr" and group is not None:
        yield box.element, table, group.is_header
    for child in getattr(box, "children", None) or []:
        yield from _rows(child, table, group)


def test_no_table_row_is_split_over_two_pages_and_headers_repeat(world):
    for number in range(45):
        project = ProjectFactory(
            name=f"Project {number:02d}: uitbreiding van het hoogspanningsstation met nieuwe "
            "transformatoren, kabelverbindingen en een tweede aansluiting op het landelijke net",
            lead_operator=world.operator,
            programme=world.programme,
        )
        MilestoneFactory(project=project, forecast_date=date(2029, 6, 30))
    with translation.override("nl"):
        context = queries.dashboard(
            world.coordinator, world.programme, RequestFactory().get("/").GET, date(2026, 4, 20)
        )
        context.update(dashboard_charts(context))  # as exports.pdf draws them
        document = HTML(string=render_to_string("monitoring/report_pdf.html", context)).render()

    pages_of_row, headed_tables, pages_with_header, pages_with_rows = {}, set(), set(), set()
    for number, page in enumerate(document.pages):
        for row, table, is_header in _rows(page._page_box):
            if is_header:
                headed_tables.add(id(table))
                pages_with_header.add((number, id(table)))
            else:
                pages_of_row.setdefault(id(row), set()).add(number)
                pages_with_rows.add((number, id(table)))
    assert len(document.pages) > 3
    assert [pages for pages in pages_of_row.values() if len(pages) > 1] == []
    headless = {(n, t) for n, t in pages_with_rows if t in headed_tables} - pages_with_header
    assert headless == set()
