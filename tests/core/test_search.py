"""One search over what people look up by name, scoped exactly like every read.

Runs on SQLite (the substring fallback) and on PostgreSQL (Dutch full-text search); the stemming
and search-syntax tests run only where PostgreSQL answers.
"""

import pytest
from django.db import connection
from django.urls import reverse

from gridpact.core.search import PER_KIND, search

from ..factories import MilestoneFactory, ProjectFactory, make_agreement, meeting_world

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Dutch full-text search is PostgreSQL's"
)


def _found(user, text) -> dict[str, list[str]]:
    return {g.kind.key: [h.name for h in g.hits] for g in search(user, text) if g.hits}


def test_finds_each_kind_by_its_name(world):
    make_agreement(world)
    meeting_world(world)
    found = _found(world.coordinator, "station")
    assert found["projects"] == ["Station Noord"]
    assert found["procedures"] == ["Omgevingsvergunning Station Noord"]
    assert _found(world.coordinator, "locatiebesluit")["milestones"] == ["Locatiebesluit"]
    assert _found(world.coordinator, "grond")["impediments"] == ["Grond niet beschikbaar"]
    assert _found(world.coordinator, "samenwerkingsafspraken")["agreements"] == [
        "Samenwerkingsafspraken Test"
    ]
    assert "Overleg januari" in _found(world.coordinator, "overleg januari")["meetings"]


def test_impediments_and_procedures_are_found_by_their_projects_name(world):
    found = _found(world.coordinator, "noord")
    assert found["impediments"] == ["Grond niet beschikbaar"]
    assert found["procedures"] == ["Omgevingsvergunning Station Noord"]
    assert "Grond niet beschikbaar" not in _found(world.coordinator, "zuid").get("impediments", [])


def test_every_word_must_match(world):
    assert _found(world.coordinator, "station noord")["projects"] == ["Station Noord"]
    assert "projects" not in _found(world.coordinator, "station zuid")


def test_the_start_of_a_name_is_enough(world):
    assert _found(world.coordinator, "Stat")["projects"] == ["Station Noord"]


def test_an_internal_project_of_another_operator_is_not_found(world):
    """'Geheim station' is internal and led by the other grid operator."""
    for user in (world.coordinator, world.lead, world.municipal_official):
        assert "Geheim station" not in _found(user, "station").get("projects", [])


def test_another_programme_finds_nothing_of_this_one_and_the_reverse(world):
    assert _found(world.outsider, "station") == {}
    ProjectFactory(name="Station Elders", programme=world.other_programme)
    assert _found(world.outsider, "station")["projects"] == ["Station Elders"]
    assert "Station Elders" not in _found(world.coordinator, "station")["projects"]


def test_results_per_kind_are_bounded(world, django_assert_max_num_queries):
    for n in range(PER_KIND + 5):
        MilestoneFactory(project=world.project, name=f"Mast {n:02d}", sequence=10 + n)
    with django_assert_max_num_queries(20):
        groups = {g.kind.key: g for g in search(world.coordinator, "mast")}
    assert len(groups["milestones"].hits) == PER_KIND
    assert groups["milestones"].more


def test_one_character_searches_nothing(world):
    assert search(world.coordinator, "s") == []


@postgres_only
def test_dutch_stemming_finds_the_plural(world):
    assert _found(world.coordinator, "gronden")["impediments"] == ["Grond niet beschikbaar"]


@postgres_only
def test_websearch_syntax_excludes_a_word(world):
    ProjectFactory(name="Station Zuid", programme=world.programme)
    assert _found(world.coordinator, "station -noord")["projects"] == ["Station Zuid"]


def test_search_page_groups_results_and_hides_what_the_user_may_not_see(client, world):
    client.force_login(world.outsider)
    page = client.get(reverse("search"), {"q": "station"}).content.decode()
    assert "Station Noord" not in page
    assert "Niets gevonden voor" in page
    client.force_login(world.lead)
    page = client.get(reverse("search"), {"q": "station"}).content.decode()
    assert f'href="{world.project.get_absolute_url()}"' in page
    assert 'id="results-projects"' in page and 'id="results-procedures"' in page
    assert "Geheim station" not in page
