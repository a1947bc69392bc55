"""The impediment form: the stuck procedure can be named, and the owner is explained."""

import pytest
from django.urls import reverse
from django.utils import translation

from gridpact.escalations.models import Impediment


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl"):
        yield


def _post(client, world, **fields):
    client.force_login(world.municipal_official)
    data = {
        "title": "Vergunning ligt stil",
        "category": "vergunning",
        "severity": "middel",
        "owner": world.municipality.pk,
        "programme": world.programme.pk,
    } | fields
    return client.post(
        reverse("impediment-create", kwargs={"pk": world.project.pk}),
        data,
        HTTP_ACCEPT_LANGUAGE="nl",
    )


def test_an_impediment_names_the_procedure_that_is_stuck(client, world):
    response = _post(client, world, procedure=world.procedure.pk)
    assert response.status_code == 302
    impediment = Impediment.objects.get(title="Vergunning ligt stil")
    assert impediment.procedure == world.procedure
    page = client.get(impediment.get_absolute_url()).content.decode()
    assert "Vastgelopen procedure" in page
    assert world.procedure.get_absolute_url() in page


def test_the_owner_is_explained_and_a_missing_owner_says_what_to_choose(client, world):
    client.force_login(world.municipal_official)
    form = client.get(
        reverse("impediment-create", kwargs={"pk": world.project.pk}), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert "De organisatie die aan de oplossing werkt" in form
    response = _post(client, world, owner="")
    page = response.content.decode()
    assert "Kies de eigenaar: de organisatie die aan de oplossing werkt." in page
    assert "Dit veld is vereist." not in page
    assert not Impediment.objects.filter(title="Vergunning ligt stil").exists()
