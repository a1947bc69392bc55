"""Pages say what they mean in Dutch: open choices ("Kies…", not "---------"), causes as the
form names them, and the deadline window in the caption."""

from django.urls import reverse
from django.utils import translation


def test_procedure_form_asks_to_choose_and_offers_none_for_an_optional_choice(client, world):
    client.force_login(world.coordinator)
    with translation.override("nl"):
        html = client.get(
            reverse("procedure-create", kwargs={"pk": world.project.pk}),
            HTTP_ACCEPT_LANGUAGE="nl",
        ).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>Kies…</option>' in html  # type, authority, applicant
    assert '<option value="" selected>Geen</option>' in html  # the optional gated milestone


def test_a_report_names_its_causes_as_the_form_does(world):
    world.report.causes = ["stikstof", "grond"]
    with translation.override("nl"):
        assert world.report.cause_labels() == ["Stikstof", "Grond"]


def test_the_deadlines_page_says_which_weeks_it_counts(client, world):
    client.force_login(world.coordinator)
    url = reverse("deadlines", kwargs={"pk": world.programme.pk})
    with translation.override("nl"):
        html = client.get(url, {"weeks": "12"}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "te laat of in de komende 12 weken" in html
