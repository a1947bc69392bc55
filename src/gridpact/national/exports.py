"""The national roll-up as XLSX (a sheet per table) and as PDF (simple HTML through
`core.documents.pdf`, the same entry point as a programme's GS report)."""

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from gridpact.core import documents
from gridpact.core.exports import safe_cell


def title() -> str:
    return _("National roll-up")


def _figure_header() -> list[str]:
    return [
        _("Projects"),
        _("Accelerated"),
        _("On time"),
        _("Delayed"),
        _("Unknown"),
        _("Total slip (months)"),
        _("Slips minus gains (months)"),
        _("Impediments at the national level"),
        _("MW waiting"),
    ]


def _figure_cells(rollup, figures) -> list:
    waiting = rollup.waiting_mw(figures)  # each area once within the row
    return [
        figures.projects,
        figures.accelerated,
        figures.on_time,
        figures.delayed,
        figures.unknown,
        figures.slip_months,
        figures.net_delay_months,
        figures.national_impediments,
        float(waiting) if waiting is not None else None,
    ]


def _sheet(book, name: str, first: str, groups, rollup) -> None:
    sheet = book.create_sheet(name)
    sheet.append([first, *_figure_header()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for group in groups:
        sheet.append([safe_cell(group.label), *_figure_cells(rollup, group.figures)])
    sheet.append([_("Total"), *_figure_cells(rollup, rollup.total)])
    sheet[sheet.max_row][0].font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 44


def _half_year_sheet(book, rollup) -> None:
    sheet = book.create_sheet(_("Half-year"))
    sheet.append(
        [
            _("Programme"),
            _("Projects now"),
            _("Delayed now"),
            _("Total slip now (months)"),
            _("Projects then"),
            _("Delayed then"),
            _("Total slip then (months)"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in [*rollup.comparisons, rollup.comparison_total]:
        before = row.before
        sheet.append(
            [
                safe_cell(row.label),
                row.now.projects,
                row.now.delayed,
                row.now.slip_months,
                before.projects if before else None,
                before.delayed if before else None,
                before.slip_months if before else None,
            ]
        )
    sheet.column_dimensions["A"].width = 44


def xlsx(rollup) -> bytes:
    """Summary, programmes, provinces, grid operators, phases and the half-year comparison."""
    book = documents.workbook(title=title(), creator=documents.APPLICATION)
    summary = book.active
    summary.title = _("Summary")
    for row in (
        [title()],
        [_("Figures as of"), rollup.today],
        [_("Programmes"), len(rollup.programmes)],
        [_("Projects on the lists"), rollup.total.projects],
        [_("Distinct projects"), rollup.distinct_projects],
        [_("Compared with"), half_year_label(rollup.half_year.previous())],
    ):
        summary.append(row)
    summary["A1"].font = Font(bold=True, size=14)
    summary["B2"].number_format = "DD-MM-YYYY"
    summary.column_dimensions["A"].width = 40
    _sheet(book, _("Programmes"), _("Programme"), rollup.programmes, rollup)
    _sheet(book, _("Provinces"), _("Province"), rollup.provinces, rollup)
    _sheet(book, _("Grid operators"), _("Lead grid operator"), rollup.operators, rollup)
    _sheet(book, _("Phases"), _("Phase"), rollup.phases, rollup)
    _half_year_sheet(book, rollup)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def half_year_label(half_year) -> str:
    if half_year.half == 1:
        return _("first half of %(year)s") % {"year": half_year.year}
    return _("second half of %(year)s") % {"year": half_year.year}


def pdf(rollup) -> bytes:
    html = render_to_string(
        "national/rollup_pdf.html",
        {
            "rollup": rollup,
            "title": title(),
            "author": documents.APPLICATION,
            "tables": tables(rollup),
            "previous_label": half_year_label(rollup.half_year.previous()),
        },
    )
    return documents.pdf(html)


def tables(rollup) -> list[tuple[str, str, list, str]]:
    """(heading, first column, groups, the dashboard's filter that drills a group down) of each
    table, as the page and the PDF show them."""
    return [
        (_("Per programme"), _("Programme"), rollup.programmes, ""),
        (_("Per province"), _("Province"), rollup.provinces, ""),
        (_("Per grid operator"), _("Lead grid operator"), rollup.operators, "lead_operator"),
        (_("Per phase"), _("Phase"), rollup.phases, "phase"),
    ]
