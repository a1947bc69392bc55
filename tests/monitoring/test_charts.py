"""Numbers in the charts are written as the tables beside them write them."""

import re

from django.urls import reverse
from django.utils import translation

from gridpact.monitoring.charts import trend_svg


def _labels(svg: str) -> list[str]:
    return re.findall(r">([^<>]+)</text>", svg)


def test_trend_chart_writes_dutch_numbers_in_dutch_and_english_numbers_in_english():
    points = [("2026-K1", 48.0), ("nu", -2.5)]
    with translation.override("nl"):
        dutch = _labels(trend_svg(points, title="Trend", table_id="trend"))
    with translation.override("en"):
        english = _labels(trend_svg(points, title="Trend", table_id="trend"))
    assert "48,0" in dutch and "-2,5" in dutch and "48.0" not in dutch
    assert "48.0" in english and "-2.5" in english


def test_dashboard_chart_label_matches_the_trend_table(client, world):
    client.force_login(world.coordinator)
    html = client.get(
        reverse("dashboard", kwargs={"pk": world.programme.pk}), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    chart = html[html.index('aria-labelledby="trend-chart-title"') :]
    table_value = re.search(r'<table[^>]*id="trend".*?<td[^>]*>([^<]+)</td>', html, re.S)[1]
    assert "," in table_value
    assert table_value in _labels(chart[: chart.index("</svg>")])


def test_dashboard_ids_are_unique_so_the_charts_are_named_by_their_own_title(client, world):
    client.force_login(world.coordinator)
    html = client.get(reverse("dashboard", kwargs={"pk": world.programme.pk})).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
