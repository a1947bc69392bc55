"""The national roll-up: its figures per programme, province, grid operator and phase, who
sees it, that nothing invisible is counted, and that the page's queries do not grow."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gridpact.national import queries
from gridpact.parties.models import OrganisationKind, User
from gridpact.programmes.models import ParticipationRole
from gridpact.projects.models import Phase

from ..factories import (
    MilestoneFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgrammeFactory,
    ProjectFactory,
)
from .conftest import TODAY, build_world


def _by_label(groups):
    return {g.label: g for g in groups}


def test_totals_count_every_visible_list_entry(national):
    rollup = queries.rollup(national.ministry_reader, TODAY)
    total = rollup.total
    # Gelderland: Zevenaar +100, Nijmegen −30, Ede 0, Apeldoorn unknown, Breukelen +50;
    # Utrecht: Breukelen +50, Soest +10. The internal project is not there.
    assert total.projects == 7
    assert (total.accelerated, total.on_time, total.delayed, total.unknown) == (1, 1, 4, 1)
    assert total.slip_days == 100 + 50 + 50 + 10
    assert total.net_delay_days == 100 - 30 + 50 + 50 + 10
    assert rollup.distinct_projects == 6
    assert total.national_impediments == 1  # Zevenaar's at level 4; not Geheim's, not resolved


def test_per_programme_province_operator_and_phase(national):
    rollup = queries.rollup(national.ministry_reader, TODAY)
    programmes = _by_label(rollup.programmes)
    assert programmes["P-MIEK Gelderland"].figures.projects == 5
    assert programmes["P-MIEK Utrecht"].figures.projects == 2
    provinces = _by_label(rollup.provinces)
    assert set(provinces) == {"Provincie Gelderland", "Provincie Utrecht"}
    assert provinces["Provincie Utrecht"].figures.slip_days == 60
    operators = _by_label(rollup.operators)
    assert operators["TenneT Test"].figures.projects == 3
    assert operators["TenneT Test"].figures.slip_days == 200
    assert operators["Liander Test"].figures.accelerated == 1
    phases = [g.key for g in rollup.phases]
    assert phases == [Phase.PERMITS, Phase.CONSTRUCTION]  # in the order of the phases
    # Each table adds up to the same total.
    for groups in (rollup.programmes, rollup.provinces, rollup.operators, rollup.phases):
        assert sum(g.figures.projects for g in groups) == rollup.total.projects
    # Drilling down: the grid operator's programmes, each with its own figures.
    tennet = {p.name: f.projects for p, f in operators["TenneT Test"].programmes}
    assert tennet == {"P-MIEK Gelderland": 2, "P-MIEK Utrecht": 1}


def test_mw_waiting_counts_each_area_once(national):
    rollup = queries.rollup(national.ministry_reader, TODAY)
    programmes = _by_label(rollup.programmes)
    assert programmes["P-MIEK Gelderland"].waiting_mw == Decimal("100")
    assert programmes["P-MIEK Utrecht"].waiting_mw == Decimal("20")
    assert rollup.total_waiting_mw == Decimal("120")
    assert _by_label(rollup.phases)["Realisatie"].waiting_mw == Decimal("20")


def test_half_year_compares_with_the_previous_half_years_snapshot(national):
    rollup = queries.rollup(national.ministry_reader, TODAY)
    assert rollup.half_year.previous().starts_on == date(2026, 1, 1)
    rows = {c.label: c for c in rollup.comparisons}
    before = rows["P-MIEK Gelderland"].before
    # The invisible project's row (999 days) is left out.
    assert (before.projects, before.delayed, before.slip_days) == (2, 1, 60)
    assert rows["P-MIEK Utrecht"].before is None


def test_an_observer_of_one_programme_sees_only_that_one(national):
    rollup = queries.rollup(national.umbrella_reader, TODAY)
    assert [g.label for g in rollup.programmes] == ["P-MIEK Gelderland"]
    assert rollup.total.projects == 5
    assert rollup.total.slip_days == 150
    assert rollup.distinct_projects == 5
    assert rollup.total_waiting_mw == Decimal("100")


def test_the_lead_operator_counts_its_internal_project_only_where_it_sees_it(national):
    """Visibility is the projects' own: the internal project's operator would see it (the
    roll-up reads through `visible_to`); the ministry and IPO never do."""
    for reader in (national.ministry_reader, national.umbrella_reader):
        rollup = queries.rollup(reader, TODAY)
        assert all(g.figures.slip_days < 400 for g in rollup.programmes)


def test_page_for_a_national_role(client, national):
    client.force_login(national.ministry_reader)
    response = client.get(reverse("national-rollup"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "P-MIEK Gelderland" in text and "Provincie Utrecht" in text
    assert "Geheim" not in text
    assert reverse("national-rollup") in text  # the menu entry
    assert reverse("dashboard", kwargs={"pk": national.gelderland.pk}) in text


def test_no_page_and_no_menu_entry_without_a_national_role(client, national):
    client.force_login(national.coordinator)
    assert client.get(reverse("national-rollup")).status_code == 404
    assert client.get(reverse("national-rollup-xlsx")).status_code == 404
    home = client.get(reverse("programme-list")).content.decode()
    assert reverse("national-rollup") not in home


def test_queries_do_not_grow_with_the_programmes(db, client, django_assert_max_num_queries):
    build_world()
    reader = User.objects.get(memberships__organisation__name="Ministerie KGG")
    client.force_login(reader)
    with django_assert_max_num_queries(30) as small:
        assert client.get(reverse("national-rollup")).status_code == 200
    _more_programmes(reader)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        assert client.get(reverse("national-rollup")).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def _more_programmes(reader):
    """Five more programmes of five projects each, all visible to `reader`."""
    ministry = reader.memberships.get().organisation
    for n in range(5):
        programme = ProgrammeFactory(
            owner=OrganisationFactory(name=f"Provincie {n}", kind=OrganisationKind.PROVINCE)
        )
        ParticipationFactory(
            programme=programme, organisation=ministry, role=ParticipationRole.OBSERVER
        )
        for _ in range(5):
            MilestoneFactory(project=ProjectFactory(programme=programme))


@pytest.mark.parametrize("actor", ["ministry_reader", "umbrella_reader"])
def test_xlsx_holds_what_the_page_shows(client, national, actor):
    client.force_login(getattr(national, actor))
    response = client.get(reverse("national-rollup-xlsx"))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames == [
        "Samenvatting",
        "Programma's",
        "Provincies",
        "Netbeheerders",
        "Fasen",
        "Halfjaar",
    ]
    rows = list(book["Programma's"].iter_rows(values_only=True))
    assert rows[0][:5] == ("Programma", "Projecten", "Versneld", "Op tijd", "Vertraagd")
    names = [r[0] for r in rows[1:]]
    if actor == "ministry_reader":
        assert names == ["P-MIEK Gelderland", "P-MIEK Utrecht", "Totaal"]
        assert rows[-1][1] == 7
    else:
        assert names == ["P-MIEK Gelderland", "Totaal"]
        assert rows[-1][1] == 5
    text = repr([list(sheet.iter_rows(values_only=True)) for sheet in book])
    assert "Geheim" not in text
