"""Recent changes on *Mijn werk*: batches fold into one line, a dependency names its project,
and an observer follows the programme's projects too."""

import pytest
from django.urls import reverse
from django.utils import translation

from gridpact.workspace import demo


@pytest.fixture
def demo_page(client, db):
    demo.load()

    def page(username):
        client.force_login(demo.User.objects.get(username=username))
        html = client.get(reverse("my-work"), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
        return html.split('id="recent-title"', 1)[1].split("</section>", 1)[0]

    return page


def test_a_batch_of_system_edits_is_one_line(demo_page):
    with translation.override("nl"):
        recent = demo_page("stedin")
    lines = recent.count('class="gp-history__item"')
    cost_lines = recent.count("(illustratief bedrag)")
    assert lines <= 20
    assert cost_lines <= 1
    assert "vergelijkbare wijzigingen" in recent


def test_a_dependency_line_says_whose_milestone_it_waits_for(demo_page):
    recent = demo_page("stedin")
    assert "hangt nu af van “In bedrijf (Nieuw hoogspanningsstation Utrecht-Noord)”" in recent


def test_the_observer_sees_the_changes_of_the_programme(demo_page):
    recent = demo_page("waarnemer")
    assert "Geen wijzigingen in de afgelopen 30 dagen." not in recent
    assert recent.count('class="gp-history__item"') >= 5
