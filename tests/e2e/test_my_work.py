"""Mijn werk on a phone: a duty is listed with its date and one tap from doing it."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_alderman_on_a_phone_finds_the_position_to_give_and_reaches_the_form(login):
    page = login("wethouder.baarn", width=375)
    duties = page.locator("#my-positions")
    expect(duties).to_contain_text("Geef het standpunt over")
    expect(duties).to_contain_text("gevraagd sinds")
    duties.get_by_role("link").first.click()
    expect(page.locator("#endorsement-form")).to_be_visible()


def test_project_lead_sees_the_overdue_quarterly_report_and_opens_the_form(login):
    page = login("stedin", width=375)
    reports = page.locator("#my-reports")
    # The demo leaves the last ended quarter open with reports missing (whatever today is).
    expect(reports).to_contain_text(re.compile(r"Rapportage \d{4}-K\d voor "))
    expect(reports).to_contain_text("uiterlijk")
    reports.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        re.compile(r"Voortgangsrapportage \d{4}-K\d")
    )


def test_a_required_text_area_looks_like_any_other_before_anyone_types(login):
    page = login("stedin")
    page.locator("#my-reports").get_by_role("link").first.click()

    def look(selector):
        return page.eval_on_selector(
            selector,
            "e => { const s = getComputedStyle(e); "
            "return [s.backgroundColor, s.borderTopColor, s.borderTopWidth, s.color]; }",
        )

    assert look("#id_progress") == look("#id_next_steps")


def test_alderman_sees_the_projects_in_the_municipality_at_a_glance_on_a_phone(login):
    page = login("wethouder.baarn", width=375)
    block = page.locator("#my-municipality-projects")
    expect(page.get_by_role("heading", name="Projecten in jouw gemeente")).to_be_visible()
    card = block.locator("[data-project=soest-baarn]")
    expect(card).to_contain_text("Hoogspanningsstation Soest–Baarn")
    expect(card.locator(".gp-status")).to_have_class(re.compile(r"gp-status--(groen|oranje|rood)"))
    expect(card).to_contain_text(re.compile(r"In bedrijf \(prognose\): \d{1,2} \w+ \d{4}"))
    # On the first screen of a phone, before the list of duties.
    assert card.bounding_box()["y"] < 900
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # Projects elsewhere (Amersfoort, Utrecht) are not in Baarn's block.
    expect(block.locator("[data-project]")).to_have_count(1)


def test_a_grid_operator_has_no_municipality_block(login):
    page = login("stedin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")
    expect(page.locator("#my-municipality-projects")).to_have_count(0)


def test_recent_changes_fold_system_batches_and_name_the_project_of_a_dependency(login):
    page = login("stedin")
    recent = page.locator("#recent-title + .gp-history")
    items = recent.locator(".gp-history__item")
    expect(items.first).to_be_visible()
    assert items.count() <= 20, "a batch of system cost edits does not flood the list"
    expect(
        recent.get_by_text(re.compile(r"en nog \d+ vergelijkbare wijzigingen")).first
    ).to_be_visible()
    expect(recent).to_contain_text(
        "hangt nu af van “In bedrijf (Nieuw hoogspanningsstation Utrecht-Noord)”"
    )


def test_the_observer_is_shown_the_day_s_changes(login):
    page = login("waarnemer")
    expect(page.get_by_text("Geen wijzigingen in de afgelopen 30 dagen.")).to_have_count(0)
    expect(page.locator("#recent-title + .gp-history .gp-history__item").first).to_be_visible()


def test_a_change_with_a_reason_keeps_its_project_link_beside_the_date(login):
    page = login("coordinator")  # 1280 px
    item = page.locator("#recent-title + .gp-history .gp-history__item").filter(
        has=page.locator(".gp-history__why")
    )
    expect(item.first).to_be_visible()
    for row in item.all():
        when = row.locator(".gp-history__when").bounding_box()
        # (a line folded over several projects offers them behind "in N projecten")
        link = row.locator(":is(a, summary)").first.bounding_box()
        assert link["x"] >= when["x"] + when["width"], row.inner_text()


def test_a_fold_across_projects_opens_to_each_project_and_the_system_reads_as_gridpact(login):
    page = login("stedin")
    line = page.locator("#recent-title + .gp-history .gp-history__item").filter(
        has_text="Kostenpost"
    )
    expect(line).to_have_count(1)
    expect(line.locator(".gp-history__who")).to_have_text(re.compile(r"^GridPact"))
    summary = line.locator("summary")
    expect(summary).to_have_text(re.compile(r"in \d+ projecten"))
    count = int(re.search(r"\d+", summary.inner_text()).group())
    summary.click()
    expect(line.get_by_role("link")).to_have_count(count)
    expect(page.locator("#recent-title + .gp-history")).not_to_contain_text("systeem")
