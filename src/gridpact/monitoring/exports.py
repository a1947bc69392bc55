"""The monitoring report as PDF (Typst, decision 0035), XLSX (a sheet per entity) and CSV."""

import csv
import io
from decimal import Decimal

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from gridpact.capacity.templatetags.capacity import public_difference
from gridpact.core import documents
from gridpact.core.documents import author_of
from gridpact.core.exports import safe_cell
from gridpact.escalations.models import Impediment
from gridpact.projects import stored
from gridpact.projects.models import Milestone
from gridpact.projects.schedule import delay_months

from . import report_typst
from .charts import dashboard_charts
from .rules import AMBER, GREEN, RED


def disclaimer() -> str:
    """The wording of the map's publisher, as on the capacity pages."""
    return _(
        "The map is a snapshot and indicative: compiled with care, without guarantee of "
        "completeness or accuracy. No rights can be derived from it."
    )


STATUS_LABELS = {GREEN: "groen", AMBER: "oranje", RED: "rood", None: "–"}


def pdf(context) -> bytes:
    """The report for GS as PDF/UA-1, typeset by Typst (no request needed, so a task can build
    it too): 1,200 projects in seconds, where WeasyPrint took over a minute (decision 0035)."""
    author = author_of(context["programme"])
    full = {**context, **dashboard_charts(context), "author": author}
    return documents.pdf_from_typst(
        report_typst.source(full), title=report_typst.title(full), author=author
    )


def _project_rows(context):
    for row in context["rows"]:
        report = row.latest_report
        yield [
            row.project.name,
            row.project.lead_operator.name,
            capfirst(row.project.get_phase_display()),
            row.base.baseline_in_service,
            row.base.forecast_in_service,
            delay_months(row.delay_days),
            row.delay_days,
            STATUS_LABELS[row.evaluation.status],
            "; ".join(row.reasons_text),
            STATUS_LABELS[report.status] if report else "",
            report.explanation if report else "",
            row.open_impediments,
            row.highest_level,
            *_risk_cells(row.risk),
            *_promise_cells(row.promise),
        ]


def _milestone_risk(figures) -> list:
    return [figures.p50, figures.p80, figures.total_float_days] if figures else [None] * 3


def _risk_cells(figures) -> list:
    """The project's in-service P50 and P80 from the programme's stored schedule (decision
    0031); empty for an internal project."""
    return [figures.p50, figures.p80] if figures else [None, None]


def _promise_cells(found) -> list:
    """The public promise and MW-months per project (decision 0028): MW-maanden = toegerekend MW
    × vertraging (maanden); the headline is the sum of that column."""
    if found is None:
        return ["", "", "", "", "", "", ""]
    settled = found.settled.range
    comparison = found.comparison
    return [
        settled.label if settled else "",
        public_difference(comparison) if comparison else "",
        _plain(found.waiting.mw) if found.areas else "",
        found.waiting.requests if found.areas else "",
        _plain(found.mw.attributed_mw) if found.mw else "",
        _plain(found.mw.slip_months) if found.mw else "",
        _plain(found.mw.mw_months) if found.mw else "",
    ]


def _plain(value: Decimal) -> float:
    """A Decimal without its trailing zeros, as a number a spreadsheet sums (1339.000 → 1339)."""
    return float(value.normalize())


def _project_header():
    return [
        _("Project"),
        _("Lead grid operator"),
        _("Phase"),
        _("In service (baseline)"),
        _("In service (forecast)"),
        _("Delay (months)"),
        _("Delay (days)"),
        _("Status"),
        _("Reasons"),
        _("Own assessment"),
        _("Explanation"),
        _("Open impediments"),
        _("Highest level"),
        _("In service P50"),
        _("In service P80"),
        _("Public date (capacity map)"),
        _("Forecast against public"),
        _("Waiting MW"),
        _("Waiting requests"),
        _("Attributed MW"),
        _("Slip counted (months)"),
        _("MW-months"),
    ]


def csv_rows(context) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(_project_header())
    for row in _project_rows(context):
        writer.writerow(
            [safe_cell(v.strftime("%d-%m-%Y") if hasattr(v, "strftime") else v) for v in row]
        )
    return "\ufeff" + out.getvalue()


def _sheet(workbook, title, header, rows, date_columns=()):
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for column in date_columns:
        for cell in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell[0].number_format = "DD-MM-YYYY"
    sheet.freeze_panes = "A2"


def _summary_sheet(workbook, context) -> None:
    """The first sheet says what the report covers, so a filtered export is never read as all."""
    sheet = workbook.create_sheet(_("Summary"))
    baseline = context["baseline"]
    rows = [
        [context["programme"].name],
        [_("Monitoring report"), context["today"]],
        [str(context["selection"])],
        [_("Projects"), len(context["rows"])],
        [_("Baseline"), baseline.name if baseline else "–"],
    ]
    if (run := context.get("schedule_run")) and run.p80:
        rows.append([_("Programme in service P50"), run.p50])
        rows.append([_("Programme in service P80"), run.p80])
        computed_at = timezone.localtime(run.computed_at).replace(tzinfo=None)
        rows.append([_("Schedule computed at"), computed_at])
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["B2"].number_format = "DD-MM-YYYY"
    for cell in sheet["B"][5:7]:
        cell.number_format = "DD-MM-YYYY"
    if sheet.max_row >= 8:
        sheet["B8"].number_format = "DD-MM-YYYY HH:MM"
    sheet.column_dimensions["A"].width = 40


def _promise_sheet(workbook, context) -> None:
    """The public promise and who waits, per project and in total (each area once)."""
    totals = context["promise_totals"]
    header = [_("Project"), _("In service (forecast)"), *_project_header()[-7:]]
    rows = [
        [row.project.name, row.base.forecast_in_service, *_promise_cells(row.promise)]
        for row in context["rows"]
        if row.promise and (row.promise.history or row.promise.areas)
    ]
    rows.append(
        [
            _("Total (each area once)"),
            None,
            "",
            "",
            _plain(totals.waiting.mw),
            totals.waiting.requests,
            _plain(totals.waiting.mw),
            "",
            _plain(totals.mw_months),
        ]
    )
    if totals.publication:
        rows.append([])
        rows.append([_("Snapshot"), totals.publication.snapshot_date])
        rows.append([disclaimer()])
    _sheet(workbook, _("Public promise"), header, rows, (2,))


def xlsx(user, context) -> bytes:
    programme = context["programme"]
    workbook = documents.workbook(
        title=f"{_('Monitoring report')} – {programme.name}", creator=author_of(programme)
    )
    workbook.remove(workbook.active)
    _summary_sheet(workbook, context)
    _sheet(workbook, _("Projects"), _project_header(), _project_rows(context), (4, 5, 14, 15))
    _run, figures, _finishes = stored.for_programme(user, programme)
    project_ids = [r.project.pk for r in context["rows"]]
    milestones = (
        Milestone.objects.visible_to(user)
        .filter(project_id__in=project_ids)
        .select_related("project", "owner")
        .order_by("project__name", "sequence")
    )
    _sheet(
        workbook,
        _("Milestones"),
        [
            _("Project"),
            _("Milestone"),
            _("Owner"),
            _("Forecast"),
            _("Actual"),
            _("P50"),
            _("P80"),
            _("Float (days)"),
        ],
        (
            [
                m.project.name,
                m.name,
                m.owner.name,
                m.forecast_date,
                m.actual_date,
                *_milestone_risk(figures.get(m.pk)),
            ]
            for m in milestones
        ),
        (4, 5, 6, 7),
    )
    impediments = (
        Impediment.objects.visible_to(user)
        .filter(project_id__in=project_ids, programme=context["programme"])
        .select_related("project", "owner")
    )
    _sheet(
        workbook,
        _("Impediments"),
        [_("Project"), _("Impediment"), _("Category"), _("Level"), _("Status"), _("Answer due")],
        (
            [
                i.project.name,
                i.title,
                capfirst(i.get_category_display()),
                i.level,
                capfirst(i.get_status_display()),
                i.level_due,
            ]
            for i in impediments
        ),
        (6,),
    )
    _promise_sheet(workbook, context)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
