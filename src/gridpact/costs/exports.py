"""The programme's cost allocation as a spreadsheet (openpyxl) or a PDF (WeasyPrint).

Both take the context the programme costs page renders, so an export holds exactly what the user
may see on that page. Text cells that a spreadsheet could read as a formula are neutralised.
"""

from io import BytesIO
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from gridpact.core import documents
from gridpact.core.documents import author_of
from gridpact.core.exports import EURO_FORMAT, XLSX_TYPE, safe_cell

FORMATS = ("xlsx", "pdf")
PDF_CSS = Path(__file__).resolve().parent / "static" / "costs" / "pdf.css"


def render(fmt: str, context: dict) -> tuple[bytes, str]:
    if fmt == "xlsx":
        return xlsx(context), XLSX_TYPE
    if fmt == "pdf":
        return pdf(context), "application/pdf"
    raise ValueError(fmt)


def _sheet(workbook, title: str, header: list, rows, money_columns=()):

    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for column in money_columns:
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = EURO_FORMAT
    for index, _h in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 22
    sheet.freeze_panes = "B2"
    return sheet


def xlsx(context: dict) -> bytes:
    """One sheet per view: the allocation per party and category, every amount with its rule,
    the cost items, and (when chosen) the scenario comparison."""
    allocated, table = context["allocated"], context["table"]
    programme = context["programme"]
    workbook = documents.workbook(
        title=f"{_('Cost allocation')} – {programme.name}", creator=author_of(programme)
    )
    workbook.remove(workbook.active)
    categories = [c.name for c in table.categories]
    rows = [[row.organisation.name, *row.cells, row.total] for row in table.rows]
    if table.unallocated_total:
        rows.append([_("Not allocated"), *table.unallocated, table.unallocated_total])
    rows.append([_("Total of the cost items"), *table.item_totals, table.total])
    _sheet(
        workbook,
        _("Allocation"),
        [_("Party"), *categories, _("Total")],
        rows,
        money_columns=range(2, len(categories) + 3),
    )
    _sheet(
        workbook,
        _("Per cost item"),
        [
            _("Project"),
            _("Cost item"),
            _("Category"),
            _("Estimate or actual"),
            _("Paid by"),
            _("Amount"),
            _("Rule"),
            _("Agreement clause"),
            _("How"),
        ],
        (
            [
                r.item.project.name,
                r.item.description,
                r.item.category.name,
                capfirst(r.item.get_kind_display()),
                r.payer.name,
                r.amount,
                r.rule.name,
                r.rule.clause_reference,
                r.how,
            ]
            for r in allocated.portions
        ),
        money_columns=(6,),
    )
    problems = {item.pk: message for item, message in allocated.failure_rows()}
    _sheet(
        workbook,
        _("Cost items"),
        [
            _("Project"),
            _("Description"),
            _("Category"),
            _("Estimate or actual"),
            _("Phase"),
            _("Reported by"),
            _("Quantity"),
            _("Unit"),
            _("Amount"),
            _("Not allocated because"),
        ],
        (
            [
                item.project.name,
                item.description,
                item.category.name,
                capfirst(item.get_kind_display()),
                capfirst(item.get_phase_display()),
                item.reported_by.name,
                item.quantity,
                item.quantity_unit,
                item.amount,
                problems.get(item.pk, ""),
            ]
            for item in allocated.items
        ),
        money_columns=(9,),
    )
    if context.get("comparison"):
        sheet = _sheet(
            workbook,
            _("Scenario"),
            [
                _("Party"),
                _("Adopted rules"),
                context["scenario"].name,
                _("Difference"),
                _("Difference (%)"),
            ],
            (
                [
                    row.organisation.name if row.organisation else _("Not allocated"),
                    row.difference.current,
                    row.difference.alternative,
                    row.difference.difference,
                    row.difference.percent,
                ]
                for row in context["comparison"]
            ),
            money_columns=(2, 3, 4),
        )
        for (cell,) in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
            cell.number_format = "0.0"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf(context: dict) -> bytes:
    """A printable report (A4 landscape) with the same tables as the page."""
    html = render_to_string(
        "costs/export_pdf.html",
        {
            **context,
            "generated_at": timezone.localtime(),
            "author": author_of(context["programme"]),
        },
    )
    return documents.pdf(html, stylesheets=[PDF_CSS])
