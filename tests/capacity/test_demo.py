"""The demonstration loads both real Utrecht snapshots and the demo projects' links."""

from decimal import Decimal

import pytest

from gridpact.capacity import queries
from gridpact.capacity.models import (
    AreaFigures,
    ProjectAreaLink,
    ProjectWorkLink,
    Publication,
)
from gridpact.core.models import AuditEvent
from gridpact.workspace import demo


@pytest.fixture
def loaded(db):
    demo.load()


def test_the_demo_holds_both_snapshots_and_the_published_waiting_list(loaded):
    assert [p.snapshot_date.isoformat() for p in queries.publications()] == [
        "2026-08-08",
        "2026-07-29",
    ]
    latest = queries.latest_publication()
    stedin = AreaFigures.objects.filter(publication=latest, area__operator="Stedin")
    assert stedin.count() == 15
    assert sum(f.queue_withdrawal_mw for f in stedin) == Decimal("153.2")
    assert sum(f.queue_withdrawal_requests for f in stedin) == 362
    assert set(stedin.values_list("tennet_year_solved_withdrawal", flat=True)) == {2035}


def test_the_demo_projects_on_the_map_are_linked_to_their_public_works(loaded):
    dates = {
        (link.project.code, link.work_name): link
        for link in ProjectWorkLink.objects.select_related("project", "confirmed_by")
    }
    latest = queries.latest_publication()

    def public_date(code, name):
        link = dates[code, name]
        work = latest.works.filter(operator=link.operator, key=link.work_key).first()
        return work.date_text

    assert public_date("breukelen-kortrijk", "Breukelen Kortrijk 380 kV verzwaren station") == (
        "2033 - 2035"
    )
    assert public_date("soest-baarn", "Nieuw Transformatorstation - Soest/Baarn") == (
        "Tussen 2031 en 2033"
    )
    assert public_date("utrecht-noord", "Utrecht Noord 150 kV realiseren station") == (
        "2033 - 2035"
    )
    assert public_date("oudenrijn", "Oudenrijn 150 kV vervangen station") == "2029 - 2030"
    assert dates[
        "soest-baarn", "Nieuw Transformatorstation - Soest/Baarn"
    ].confirmed_by.username == ("stedin")
    assert {link.project.code for link in ProjectAreaLink.objects.select_related("project")} == {
        "breukelen-kortrijk",
        "utrecht-noord",
        "oudenrijn",
        "soest-baarn",
    }


def test_loading_the_demo_again_changes_nothing(loaded):
    counts = (
        Publication.objects.count(),
        ProjectWorkLink.objects.count(),
        ProjectAreaLink.objects.count(),
        AuditEvent.objects.count(),
    )
    assert demo.load() is False
    assert (
        Publication.objects.count(),
        ProjectWorkLink.objects.count(),
        ProjectAreaLink.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_a_demo_loaded_before_the_capacity_map_gets_it_on_the_next_load(loaded):
    ProjectWorkLink.objects.all().delete()
    ProjectAreaLink.objects.all().delete()
    AreaFigures.objects.all().delete()
    Publication.objects.all().delete()
    assert demo.load() is True
    assert Publication.objects.count() == 2
    assert ProjectWorkLink.objects.count() == 7
