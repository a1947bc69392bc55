"""Server-rendered SVG charts: the same markup serves the page and the PDF report."""

from dataclasses import dataclass
from datetime import date
from html import escape

from django.utils.translation import gettext as _

LABEL_WIDTH = 230
PLOT_WIDTH = 620
ROW_HEIGHT = 30
TOP = 46
COLOURS = {
    "axis": "#6b6b6b",
    "grid": "#d9d9d9",
    "baseline": "#4b4b4b",
    "forecast": "#1f4fa3",
    "actual": "#1e7a34",
    "late": "#b3261e",
    "early": "#1e7a34",
    "today": "#8a5a00",
    "risk": "#dbe5f6",
}


@dataclass(frozen=True)
class TimelineRow:
    label: str
    baseline: date | None
    expected: date | None
    reached: bool
    key: str = ""  # names the row for `links`
    heading: bool = False  # a project's heading above its milestones: label only, in bold
    critical: bool = False  # on the critical path: "▲" before the label, in bold
    p50: date | None = None  # schedule risk: a band from P50 to P80 behind the markers
    p80: date | None = None


def _year_ticks(start: date, end: date) -> list[date]:
    return [date(year, 1, 1) for year in range(start.year + 1, end.year + 1)]


def timeline_svg(
    rows: list[TimelineRow],
    *,
    today: date,
    title: str,
    table_id: str,
    links: tuple[tuple[str, str, bool], ...] = (),
) -> str:
    """Baseline and forecast side by side per row; the table `table_id` carries the same data.

    `links` are finish-to-start dependencies (predecessor key, successor key, in conflict): a
    line from what is waited for to what waits, red when the waiting one is planned earlier.
    """
    dates = [d for r in rows for d in (r.baseline, r.expected, r.p80) if d] + [today]
    start = date(min(dates).year, 1, 1)
    end = date(max(dates).year + 1, 1, 1)
    span = (end - start).days or 1

    def x(d: date) -> float:
        return LABEL_WIDTH + PLOT_WIDTH * (d - start).days / span

    height = TOP + ROW_HEIGHT * max(len(rows), 1) + 10
    width = LABEL_WIDTH + PLOT_WIDTH + 40
    description = _("The same data is in the table below the chart.")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gp-chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{table_id}-chart-title" aria-describedby="{table_id}-chart-desc">',
        f'<title id="{table_id}-chart-title">{escape(title)}</title>',
        f'<desc id="{table_id}-chart-desc">{escape(description)}</desc>',
        f'<g font-family="sans-serif" font-size="12" fill="{COLOURS["axis"]}">',
    ]
    legend = [
        ("baseline", _("baseline")),
        ("forecast", _("forecast")),
        ("actual", _("reached")),
    ]
    lx = LABEL_WIDTH
    for key, text in legend:
        parts.append(_marker(key, lx + 6, 14))
        parts.append(f'<text x="{lx + 16}" y="18">{escape(text)}</text>')
        lx += 24 + 7 * len(text)
    if any(r.p80 for r in rows):
        parts.append(
            f'<rect x="{lx}" y="9" width="14" height="10" fill="{COLOURS["risk"]}" '
            f'stroke="{COLOURS["forecast"]}" stroke-width="0.5"/>'
        )
        text = _("P50–P80")
        parts.append(f'<text x="{lx + 18}" y="18">{escape(text)}</text>')
        lx += 26 + 7 * len(text)
    if any(r.critical for r in rows):
        text = "▲ " + _("critical path")
        parts.append(
            f'<text x="{lx}" y="18" font-weight="bold" fill="#1a1a1a">{escape(text)}</text>'
        )
    for tick in _year_ticks(start, end):
        tx = x(tick)
        parts.append(
            f'<line x1="{tx:.1f}" y1="{TOP - 8}" x2="{tx:.1f}" y2="{height - 6}" '
            f'stroke="{COLOURS["grid"]}" stroke-width="1"/>'
        )
        parts.append(f'<text x="{tx + 3:.1f}" y="{TOP - 10}">{tick.year}</text>')
    ty = x(today)
    parts.append(
        f'<line x1="{ty:.1f}" y1="{TOP - 4}" x2="{ty:.1f}" y2="{height - 6}" '
        f'stroke="{COLOURS["today"]}" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )
    where = {}
    for index, row in enumerate(rows):
        cy = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
        if row.key and row.expected:
            where[row.key] = (x(row.expected), cy)
    for before, after, conflict in links:
        if before in where and after in where:
            (x1, y1), (x2, y2) = where[before], where[after]
            colour = COLOURS["late"] if conflict else COLOURS["axis"]
            parts.append(
                f'<path d="M{x1:.1f},{y1:.1f} C{x1 + 30:.1f},{y1:.1f} {x2 - 30:.1f},{y2:.1f} '
                f'{x2:.1f},{y2:.1f}" fill="none" stroke="{colour}" stroke-width="1.2" '
                f'stroke-dasharray="{"3 2" if conflict else "none"}" class="gp-chart-link"/>'
            )
    for index, row in enumerate(rows):
        cy = TOP + ROW_HEIGHT * index + ROW_HEIGHT / 2
        label = row.label if len(row.label) <= 34 else row.label[:33] + "…"
        if row.heading:
            parts.append(
                f'<text x="4" y="{cy + 4:.1f}" fill="#1a1a1a" font-weight="bold">'
                f"{escape(label)}</text>"
            )
            continue
        if row.critical:
            parts.append(
                f'<text x="4" y="{cy + 4:.1f}" fill="#1a1a1a" font-weight="bold" '
                f'class="gp-chart-critical">▲ {escape(label)}</text>'
            )
        else:
            parts.append(f'<text x="4" y="{cy + 4:.1f}" fill="#1a1a1a">{escape(label)}</text>')
        if row.p50 and row.p80 and not row.reached:
            left, right = x(row.p50), x(row.p80)
            parts.append(
                f'<rect x="{left:.1f}" y="{cy - 9:.1f}" width="{max(right - left, 2):.1f}" '
                f'height="18" fill="{COLOURS["risk"]}" stroke="{COLOURS["forecast"]}" '
                f'stroke-width="0.5" class="gp-chart-risk"/>'
            )
        if row.baseline and row.expected and row.baseline != row.expected:
            colour = COLOURS["late"] if row.expected > row.baseline else COLOURS["early"]
            parts.append(
                f'<line x1="{x(row.baseline):.1f}" y1="{cy:.1f}" x2="{x(row.expected):.1f}" '
                f'y2="{cy:.1f}" stroke="{colour}" stroke-width="3"/>'
            )
        if row.baseline:
            parts.append(_marker("baseline", x(row.baseline), cy))
        if row.expected:
            kind = "actual" if row.reached else "forecast"
            small = row.expected == row.baseline  # keep the baseline diamond visible around it
            parts.append(_marker(kind, x(row.expected), cy, small=small))
    parts.append("</g></svg>")
    return "".join(parts)


def _marker(kind: str, cx: float, cy: float, *, small: bool = False) -> str:
    colour = COLOURS[kind]
    size = 3.5 if small else 6
    if kind == "baseline":
        return (
            f'<polygon points="{cx:.1f},{cy - 7:.1f} {cx + 7:.1f},{cy:.1f} {cx:.1f},{cy + 7:.1f} '
            f'{cx - 7:.1f},{cy:.1f}" fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
        )
    if kind == "actual":
        return (
            f'<rect x="{cx - size:.1f}" y="{cy - size:.1f}" width="{2 * size:.1f}" '
            f'height="{2 * size:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{size}" fill="{colour}"/>'
