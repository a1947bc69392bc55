"""The GS report as a Typst document: the same figures, words and order as `report_pdf.html`.

`source(context)` takes the context of `queries.gs_report` (plus the charts and the author, as
`exports.pdf` passes them) and returns Typst markup. The layout lives in
`templates/monitoring/report_pdf.typ`; this module writes only content, and every text in it
(names, explanations, translated sentences, formatted dates and numbers) goes through `_t`,
which escapes it, so nothing a user typed is read as Typst code. Decision 0035.
"""

from functools import cache
from pathlib import Path

from django.template.defaultfilters import capfirst, floatformat, truncatewords
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gridpact.capacity.templatetags.capacity import count, mw, public_difference
from gridpact.core.formatting import nl_date
from gridpact.core.templatetags.gridpact import delay_label
from gridpact.core.typst_markup import markup as _t
from gridpact.core.typst_markup import string as _s

from .templatetags.monitoring import status_label

LAYOUT = Path(__file__).parent / "templates" / "monitoring" / "report_pdf.typ"


@cache
def _layout() -> str:
    return LAYOUT.read_text(encoding="utf-8")


def title(context) -> str:
    """The document's title, as the HTML report's `<title>`."""
    period = context.get("period")
    kind = _("Quarterly report %(name)s") % {"name": period.name} if period else None
    return f"{kind or _('Monitoring report')} · {context['programme'].name}"


def source(context) -> str:
    """The whole report as Typst source: layout, then cover, summary, projects, impediments and
    deadlines, the public promise and the trend annex."""
    parts = [_layout()]
    for section in (_cover, _summary, _projects, _impediments, _promise, _trend):
        parts.extend(section(context))
    return "\n".join(parts)


# --- small pieces -----------------------------------------------------------------------------


def _status(code) -> str:
    """A status in words, coloured (the colour never carries it alone)."""
    return f"#status({_s(code or '')}, [{_t(status_label(code))}])"


def _bold(text) -> str:
    return f"#strong[{_t(text)}]"


def _muted(markup: str) -> str:
    return f"#muted[{markup}]"


class _Spanning(str):
    """A cell over several columns (already a Typst `table.cell`, not markup)."""


def _spanning(markup: str, columns: int) -> _Spanning:
    return _Spanning(f"table.cell(colspan: {columns})[{markup}]")


def _cells(cells) -> str:
    return ", ".join(c if isinstance(c, _Spanning) else f"[{c}]" for c in cells)


def _table(columns: str, header: list[str], cells: list[str], footer: list[str] = ()) -> str:
    """A table whose header row repeats on every page (and is tagged as the column headers);
    `cells` and `footer` are markup, row after row."""
    head = ", ".join(f"[{_t(h)}]" for h in header)
    foot = f", table.footer(repeat: false, {_cells(footer)})" if footer else ""
    return f"#table(columns: {columns}, table.header({head}), {_cells(cells)}{foot})"


def _no_planning(project) -> str:
    return _t(
        _("no planning yet (%(phase)s): no in-service date, so no status or delay")
        % {"phase": project.get_phase_display().lower()}
    )


# --- sections ---------------------------------------------------------------------------------


def _cover(context):
    programme, period, baseline = context["programme"], context.get("period"), context["baseline"]
    yield f"#v(55mm)\n= {_t(programme.name)}"
    if period:
        kind = _("Quarterly report %(name)s (%(start)s to %(end)s)") % {
            "name": period.name,
            "start": nl_date(period.starts_on),
            "end": nl_date(period.ends_on),
        }
    else:
        kind = _("Monitoring report")
    yield f"#text(size: 16pt)[{_t(kind)}]\n#v(4mm)"
    cover = []
    if programme.adopted_on:
        cover.append(
            _("Programme adopted by %(by)s on %(on)s.")
            % {"by": programme.adopted_by or "GS", "on": nl_date(programme.adopted_on)}
        )
    cover.append(_("Figures as of %(day)s.") % {"day": nl_date(context["today"])})
    if baseline:
        cover.append(_("Compared with the baseline “%(name)s”.") % {"name": baseline.name})
    cover.append(str(context["selection"]))
    yield "#text(size: 11pt)[\n" + "\n\n".join(_t(line) for line in cover) + "\n]\n"
    yield _muted(_t(f"{context['author']} · GridPact"))


def _summary(context):
    head, counts = context["headline"], context["status_counts"]
    yield f"#pagebreak()\n== {_t(_('Summary'))}"
    headline = [
        f"{head.accelerated} {_('accelerated')}",
        f"{head.on_time} {_('on time')}",
        f"{head.delayed} {_('delayed')}",
        f"{floatformat(head.total_delay_months, 1)} {_('months of delay in total')}",
    ]
    yield (
        '#text(size: 11pt, weight: "bold")[\n'
        + "\n".join(f"- {_t(item)}" for item in headline)
        + "\n]"
    )
    status_line = _("Status: %(g)s green, %(a)s amber, %(r)s red.") % {
        "g": counts.get("groen", 0),
        "a": counts.get("oranje", 0),
        "r": counts.get("rood", 0),
    }
    n = len(context["impediments"])
    open_line = ngettext("%(n)s open impediment.", "%(n)s open impediments.", n) % {"n": n}
    run = context.get("schedule_run")
    risk_line = ""
    if run is not None and run.p80:
        risk_line = " " + _(
            "Every project of the programme in service (internal projects left out): "
            "P50 %(p50)s, P80 %(p80)s."
        ) % {"p50": nl_date(run.p50), "p80": nl_date(run.p80)}
    yield _t(f"{status_line} {open_line}{risk_line}")

    previous = context.get("previous_period")
    changed = (
        _("What changed since %(name)s") % {"name": previous.name}
        if previous
        else _("What changed since the previous quarter")
    )
    yield f"=== {_t(changed)}"
    if context["changes"]:
        cells = []
        for c in context["changes"]:
            status = _status(c.new_status)
            if c.old_status != c.new_status:
                status = f"{_t(status_label(c.old_status))} → {status}"
            forecast = _t(nl_date(c.new_forecast))
            if c.moved_days:
                forecast = _t(
                    f"{nl_date(c.old_forecast)} → {nl_date(c.new_forecast)} "
                    f"({delay_label(c.moved_days)})"
                )
            cells += [_t(c.name), status, forecast]
        yield _table(
            "(2fr, 1.2fr, 2fr)", [_("Project"), _("Status"), _("In service (forecast)")], cells
        )
    elif previous:
        yield _t(_("No project changed status or forecast."))
    else:
        yield _muted(_t(_("There is no earlier closed quarter to compare with.")))

    yield f"=== {_t(_('Decisions asked of GS'))}"
    if context["decisions_asked"]:
        for i in context["decisions_asked"]:
            where = _("at %(body)s since %(since)s") % {
                "body": i.level_body,
                "since": nl_date(i.level_since),
            }
            more = f". {truncatewords(i.description, 40)}" if i.description else ""
            yield f"- {_bold(i.title)} {_t(f'({i.project.name}): {where}{more}')}"
    else:
        yield _t(
            _(
                "No impediment has reached the top of the escalation ladder: no decision is "
                "asked of GS."
            )
        )

    yield f"=== {_t(_('Projects'))}"
    cells = []
    for row in context["rows"]:
        cells.append(_t(row.project.name))
        if row.base.forecast_in_service:
            cells += [
                _status(row.evaluation.status),
                _t(delay_label(row.delay_days)),
                _t(nl_date(row.base.forecast_in_service)),
            ]
        else:
            cells.append(_spanning(_muted(_no_planning(row.project)), 3))
        # A P80 "in service" only where there is an in-service forecast to compare it with.
        risk = getattr(row, "risk", None) if row.base.forecast_in_service else None
        cells.append(_t(nl_date(risk.p80) if risk is not None and risk.p80 else "–"))
    yield _table(
        "(2.2fr, 0.9fr, 1.3fr, 1.3fr, 1.3fr)",
        [_("Project"), _("Status"), _("Delay"), _("In service (forecast)"), _("In service P80")],
        cells,
    )


def _facts(row) -> list[tuple[str, str]]:
    """One project's facts as (label, markup), in the order of the HTML report."""
    facts, base, report = [], row.base, row.latest_report
    if base.forecast_in_service:
        reasons = f": {'; '.join(row.reasons_text)}" if row.reasons_text else ""
        facts.append((_("Status"), _status(row.evaluation.status) + _t(reasons)))
        if base.baseline_in_service:
            when = _("baseline %(base)s, forecast %(forecast)s") % {
                "base": nl_date(base.baseline_in_service),
                "forecast": nl_date(base.forecast_in_service),
            }
            when = f"{when} ({delay_label(row.delay_days)})"
        else:
            when = _("forecast %(forecast)s; not in the baseline, so no delay to measure") % {
                "forecast": nl_date(base.forecast_in_service)
            }
        facts.append((_("In service"), _t(when)))
    elif base.baseline_in_service:
        when = _("baseline %(base)s; no forecast yet") % {"base": nl_date(base.baseline_in_service)}
        facts.append((_("In service"), _t(when)))
    else:
        facts.append((_("In service"), _no_planning(row.project)))
    if report:
        explanation = f": {report.explanation}" if report.explanation else ""
        facts.append((_("Own assessment"), _status(report.status) + _t(explanation)))
        happened = report.progress
        if report.next_steps:
            happened = f"{happened} {_('Next:')} {report.next_steps}"
        facts.append((_("What happened"), _t(happened)))
    else:
        facts.append((_("Own assessment"), _muted(_t(_("no report yet")))))
    if row.open_impediments:
        level = (
            f" ({_('up to level %(level)s') % {'level': row.highest_level}})"
            if row.highest_level
            else ""
        )
        facts.append((_("Impediments"), _t(f"{row.open_impediments}{level}")))
    if row.next_deadline:
        deadline = f"{row.next_deadline.label}: {nl_date(row.next_deadline.due)}"
        facts.append((_("Next deadline"), _t(deadline)))
    return facts


def _projects(context):
    yield f"#pagebreak()\n== {_t(_('The projects'))}"
    for row in context["rows"]:
        project = row.project
        facts = "\n".join(f"/ {_t(label)}: {value}" for label, value in _facts(row))
        operator = f"{project.lead_operator.name} · {capfirst(project.get_phase_display())}"
        yield f"#project[\n=== {_t(project.name)}\n{_muted(_t(operator))}\n\n{facts}\n]"


def _impediments(context):
    today = context["today"]
    yield f"#pagebreak()\n== {_t(_('Impediments and escalations'))}"
    if context["impediments"]:
        cells = []
        for i in context["impediments"]:
            due = "–"
            if i.level_due:
                due = _t(nl_date(i.level_due))
                if i.level_due < today:
                    due += f" {_bold(_('overdue'))}"
            owner = i.owner.short_name or i.owner.name
            cells += [_t(i.title), _t(i.project.name), _t(f"{i.level}: {i.level_body}")]
            cells += [_t(owner), due]
        yield _table(
            "(2fr, 2fr, 1.6fr, 1fr, 1.3fr)",
            [_("Impediment"), _("Project"), _("Level"), _("Owner"), _("Answer due")],
            cells,
        )
    else:
        yield _t(_("No open impediments."))

    yield f"== {_t(_('Statutory deadlines at risk'))}"
    yield _muted(
        _t(
            _(
                "Each project's next statutory deadline that falls within %(days)s days or has "
                "passed."
            )
            % {"days": context["deadline_risk_days"]}
        )
    )
    if context["deadlines_at_risk"]:
        cells = []
        for project, deadline in context["deadlines_at_risk"]:
            due = _t(nl_date(deadline.due))
            if deadline.due < today:
                due += f" {_bold(_('passed'))}"
            cells += [_t(project.name), _t(deadline.label), due]
        yield _table("(2fr, 2fr, 1.3fr)", [_("Project"), _("Deadline"), _("Date")], cells)
    else:
        yield _t(_("No statutory deadline at risk."))


def _promise(context):
    totals = context["promise_totals"]
    yield f"#pagebreak()\n== {_t(_('Public promise and waiting list'))}"
    if not totals.publication:
        yield _t(_("No snapshot of the map has been imported yet."))
        return
    cells = []
    for row in context["rows"]:
        p = row.promise
        if not (p and (p.history or p.areas)):
            continue
        settled = p.settled.range.label if p.settled and p.settled.range else "–"
        cells += [
            _t(row.project.name),
            _t(settled or "–"),
            _t(nl_date(p.forecast) if p.forecast else "–"),
            _t(public_difference(p.comparison) or "–"),
            _t(mw(p.waiting.mw) if p.areas else "–"),
            _t(count(p.waiting.requests) if p.areas else "–"),
            _t(count(p.mw.mw_months) if p.mw else "–"),
        ]
    footer = [
        _t(_("Total (each area once)")),
        "",
        "",
        "",
        _t(mw(totals.waiting.mw)),
        _t(count(totals.waiting.requests)),
        _t(count(totals.mw_months)),
    ]
    yield _table(
        "(2fr, 1fr, 1.3fr, auto, 1.1fr, 1fr, 0.9fr)",
        [
            _("Project"),
            _("Public date"),
            _("In service (forecast)"),
            _("Forecast against public"),
            _("Waiting MW"),
            _("Waiting requests"),
            _("MW-months"),
        ],
        cells,
        footer,
    )
    yield _muted(
        _t(
            _(
                "MW-months: the waiting MW of each area times the largest slip against the "
                "baseline (in months) of the projects that relieve it; each area counts once."
            )
        )
    )
    source_line = _(
        "Source: the capacity map of the grid operators (Netbeheer Nederland), snapshot of "
        "%(date)s."
    ) % {"date": nl_date(totals.publication.snapshot_date)}
    disclaimer = _(
        "The map is a snapshot and indicative: compiled with care, without guarantee of "
        "completeness or accuracy. No rights can be derived from it."
    )
    yield _muted(_t(f"{source_line} {disclaimer}"))


def _trend(context):
    yield f"#pagebreak()\n== {_t(_('Annex: trend of the total delay'))}"
    selection = context["selection"]
    if selection.filters:
        n = selection.shown
        yield _muted(
            _t(
                ngettext(
                    "Earlier periods count the same project as selected now, as it stood when "
                    "each period closed.",
                    "Earlier periods count the same %(n)s projects as selected now, as they "
                    "stood when each period closed.",
                    n,
                )
                % {"n": n}
            )
        )
    if context.get("trend_chart"):
        alt = _("Total delay in months per reporting period")
        yield (
            f'#image(bytes({_s(context["trend_chart"])}), format: "svg", '
            f"alt: {_s(alt)}, width: 100%)"
        )
    cells = []
    for point in context["trend"]:
        cells += [_t(point.label), f"#align(right)[{_t(floatformat(point.months, 1))}]"]
    yield _table("(2fr, 1fr)", [_("Period"), _("Total delay (months)")], cells)
