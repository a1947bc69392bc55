"""The demonstration agreement loads on top of the base demonstration, once."""

from django.urls import reverse

from gridpact.agreements import demo
from gridpact.agreements.models import DEFAULT_THEMES, Agreement, Endorsement
from gridpact.workspace import demo as base


def test_demo_agreement_follows_the_memo_and_leaves_baarn_open(client, db):
    base.load()  # the programme demo loads the agreement too
    orgs, users, programme = base.arguments_from_database()
    assert demo.load(orgs, users, programme) is False
    agreement = Agreement.objects.get(programme=programme)
    first, second = agreement.versions.order_by("number")
    assert (first.status, first.adopted_by, first.adopted_on.isoformat()) == (
        "vastgesteld",
        "Gedeputeerde Staten",
        "2025-03-25",
    )
    assert first.steps.filter(to_status="ter_bespreking", on="2025-01-29").exists()
    assert second.status == "ter_bespreking"
    themes = set(first.clauses.values_list("theme__name", flat=True))
    assert themes == set(DEFAULT_THEMES)
    responded = set(
        Endorsement.objects.filter(agreement_version=second).values_list(
            "organisation__short_name", flat=True
        )
    )
    assert "Baarn" not in responded
    municipalities = {"Amersfoort", "Baarn", "Bunschoten", "Soest", "Stichtse Vecht", "Utrecht"}
    assert 2 <= len(responded & municipalities) < len(municipalities)
    client.force_login(users["coordinator"])
    for name, kwargs in [
        ("agreement-detail", {"pk": agreement.pk}),
        ("version-detail", {"pk": second.pk}),
        ("version-detail", {"pk": first.pk}),
        ("endorsements", {"pk": second.pk}),
        ("agreement-compare", {"pk": agreement.pk}),
    ]:
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200, name
