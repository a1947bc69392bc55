"""The delay trend as server-rendered SVG (the same markup in the page and the PDF)."""

from html import escape

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from gridpact.projects.charts import TimelineRow, timeline_svg

WIDTH, HEIGHT, LEFT, BOTTOM, TOP = 640, 220, 56, 34, 16


def _number(value: float, decimals: int) -> str:
    """A number as the active language writes it (48,0 in Dutch), like the table beside it."""
    return escape(number_format(round(value, decimals), decimal_pos=decimals))


def trend_svg(points: list[tuple[str, float]], *, title: str, table_id: str) -> str:
    """Bars of the total delay in months per reporting period; the table `table_id` has the data."""
    if not points:
        return ""
    values = [v for _label, v in points]
    high, low = max([*values, 0.0]), min([*values, 0.0])
    span = (high - low) or 1.0
    plot_h = HEIGHT - TOP - BOTTOM
    step = (WIDTH - LEFT - 10) / len(points)

    def y(value: float) -> float:
        return TOP + plot_h * (high - value) / span

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gp-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="{table_id}-chart-title" aria-describedby="{table_id}-chart-desc">',
        f'<title id="{table_id}-chart-title">{escape(title)}</title>',
        f'<desc id="{table_id}-chart-desc">{escape(_("The same data is in the table below the chart."))}</desc>',
        '<g font-family="sans-serif" font-size="11" fill="#4b4b4b">',
        f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - 6}" y2="{y(0):.1f}" stroke="#6b6b6b"/>',
        f'<text x="{LEFT - 6}" y="{y(high) + 4:.1f}" text-anchor="end">{_number(high, 0)}</text>',
        f'<text x="{LEFT - 6}" y="{y(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    if low < 0:
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(low) + 4:.1f}" text-anchor="end">{_number(low, 0)}</text>'
        )
    for index, (label, value) in enumerate(points):
        x = LEFT + step * index + step * 0.2
        top, bottom = sorted((y(value), y(0)))
        colour = "#b3261e" if value > 0 else "#1e7a34"
        parts.append(
            f'<rect x="{x:.1f}" y="{top:.1f}" width="{step * 0.6:.1f}" '
            f'height="{max(bottom - top, 1):.1f}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{x + step * 0.3:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
        parts.append(
            f'<text x="{x + step * 0.3:.1f}" y="{top - 4:.1f}" text-anchor="middle" '
            f'fill="#1a1a1a">{_number(value, 1)}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)


def dashboard_charts(context: dict) -> dict:
    """The dashboard's two charts, from the figures `queries.dashboard` returns: the page and the
    PDF report draw the same SVG (queries return figures, never drawings)."""
    rows = context["rows"]
    return {
        "trend_chart": trend_svg(
            [(p.label, p.months) for p in context["trend"]],
            title=_("Total delay in months per reporting period"),
            table_id="trend",
        ),
        "timeline_chart": timeline_svg(
            [
                TimelineRow(
                    r.project.name,
                    r.base.baseline_in_service,
                    r.base.forecast_in_service,
                    r.base.in_service_reached,
                )
                for r in rows
            ],
            today=context["today"],
            title=_("In service per project: baseline and forecast"),
            table_id="dashboard-table",
        )
        if rows
        else "",
    }
