"""A list opens with the filters the person last chose there; only valid values are kept."""

from django.urls import reverse

from gridpact.core.models import AuditEvent, SavedFilter


def test_overview_remembers_filters_per_person_and_page(client, world):
    url = reverse("programme-overview", kwargs={"pk": world.programme.pk})
    client.force_login(world.lead)
    client.get(url, {"phase": "vergunningen", "order": "-delay"})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{url}?phase=vergunningen&order=-delay"
    # Another page and another person keep their own.
    dashboard = reverse("dashboard", kwargs={"pk": world.programme.pk})
    assert client.get(dashboard).status_code == 200
    client.force_login(world.coordinator)
    assert client.get(url).status_code == 200


def test_only_valid_values_are_kept(client, world):
    url = reverse("programme-overview", kwargs={"pk": world.programme.pk})
    client.force_login(world.lead)
    client.get(url, {"phase": "bestaat-niet", "municipality": "geen-uuid", "kind": "concreet"})
    assert SavedFilter.objects.get(user=world.lead).query == "kind=concreet"


def test_clearing_forgets_and_opens_unfiltered(client, world):
    url = reverse("deadlines", kwargs={"pk": world.programme.pk})
    client.force_login(world.lead)
    client.get(url, {"weeks": "26", "municipality": str(world.municipality.pk)})
    assert client.get(url)["Location"].startswith(f"{url}?")
    response = client.get(url, {"reset": "1"})
    assert response["Location"] == url
    assert not SavedFilter.objects.exists()
    assert client.get(url).status_code == 200


def test_choosing_all_again_forgets(client, world):
    url = reverse("dashboard", kwargs={"pk": world.programme.pk})
    client.force_login(world.lead)
    client.get(url, {"phase": "vergunningen"})
    client.get(url, {"phase": "", "kind": ""})
    assert client.get(url).status_code == 200


def test_a_download_does_not_change_the_remembered_filters(client, world):
    url = reverse("programme-overview", kwargs={"pk": world.programme.pk})
    client.force_login(world.lead)
    client.get(url, {"export": "csv", "phase": "vergunningen"})
    assert not SavedFilter.objects.exists()


def test_remembering_is_not_an_audited_change(client, world):
    url = reverse("programme-costs", kwargs={"pk": world.programme.pk})
    client.force_login(world.lead)
    before = AuditEvent.objects.count()
    client.get(url, {"kind": "raming"})
    assert SavedFilter.objects.get(user=world.lead).query == "kind=raming"
    assert AuditEvent.objects.count() == before
