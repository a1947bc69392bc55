"""Recent changes on *Mijn werk*: batches fold into one line, a dependency names its project,
and an observer follows the programme's projects too."""

import re
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
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


def test_a_fold_over_several_projects_says_how_many_and_links_each(demo_page):
    recent = demo_page("stedin")
    line = next(item for item in recent.split('class="gp-history__item"') if "Kostenpost" in item)
    count = int(re.search(r"in (\d+) projecten", line).group(1))
    assert count > 1
    assert line.count('href="/projecten/') == count  # one link per project, none singled out
    assert "systeem" not in recent


def test_what_the_system_did_for_an_organisation_reads_naturally():
    def who(**event):
        event = SimpleNamespace(**{"for_several_organisations": False, **event})
        return render_to_string("projects/_event_who.html", {"event": event}).strip()

    amersfoort = SimpleNamespace(short_name="Amersfoort", name="Gemeente Amersfoort")
    with translation.override("nl"):
        assert who(actor=None, actor_organisation=amersfoort) == "GridPact (voor Amersfoort)"
        assert who(actor=None, actor_organisation=None) == "GridPact"
        assert (
            who(actor=None, actor_organisation=amersfoort, for_several_organisations=True)
            == "GridPact"
        )
        assert who(actor="Eva Smit", actor_organisation=amersfoort) == "Eva Smit (Amersfoort)"
