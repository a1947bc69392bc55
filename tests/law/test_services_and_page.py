"""Law changes are data changes: administrators only, no overlapping periods, audited, listed."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from gridpact.core.models import AuditEvent
from gridpact.law import services
from gridpact.law.catalogue import UNDERGROUNDING
from gridpact.law.models import StatutoryRule

from ..factories import UserFactory


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True)


NEW_DECREE = {
    "code": "atw-gelijkstelling",
    "title": "Gelijkgestelde dagen",
    "citation": "Besluit gelijkstelling 2029-2031 (Stcrt.)",
    "status": "vastgesteld",
    "valid_from": date(2029, 1, 1),
    "valid_until": date(2031, 12, 31),
    "source": "Staatscourant",
    "checked_on": date(2026, 12, 5),
}


def test_the_catalogue_is_seeded_with_sources_and_check_dates(db):
    rules = StatutoryRule.objects.all()
    assert rules.filter(code=UNDERGROUNDING).count() == 2
    assert not rules.filter(source="").exists()
    assert not rules.filter(checked_on__isnull=True).exists()
    withdrawn = rules.get(code=UNDERGROUNDING, valid_from=date(2026, 1, 1))
    assert withdrawn.to_confirm
    assert "ingetrokken per 1 januari 2026" in withdrawn.citation
    assert rules.get(code="elektriciteitsproject-21kv").status == "ontwerp"


def test_an_administrator_adds_a_version_with_one_audit_event(admin_user):
    before = AuditEvent.objects.count()
    rule = services.save_rule_version(actor=admin_user, **NEW_DECREE)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "law.rule_added"
    assert event.object_id == str(rule.pk)


def test_an_overlapping_period_is_refused_with_a_clear_dutch_message(admin_user):
    count = StatutoryRule.objects.count()
    events = AuditEvent.objects.count()
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        services.save_rule_version(
            actor=admin_user,
            **{**NEW_DECREE, "code": UNDERGROUNDING, "valid_from": date(2025, 7, 1)},
        )
    message = " ".join(error.value.message_dict["valid_from"])
    assert "overlapt met de versie van kostenaandeel-verkabeling" in message
    assert "van 1 januari 2019 tot en met 31 december 2025" in message
    assert StatutoryRule.objects.count() == count
    assert AuditEvent.objects.count() == events


def test_ending_a_version_and_adding_the_next_is_how_the_law_changes(admin_user):
    # The 21 kV rule enters into force (hypothetically) on 1 January 2027.
    rule = StatutoryRule.objects.get(code="elektriciteitsproject-21kv")
    services.save_rule_version(
        actor=admin_user,
        rule=rule,
        expected_version=rule.version,
        status="in_werking",
        valid_from=date(2027, 1, 1),
    )
    rule.refresh_from_db()
    assert (rule.status, rule.valid_from, rule.version) == ("in_werking", date(2027, 1, 1), 2)
    assert AuditEvent.objects.filter(action="law.rule_changed", object_id=str(rule.pk)).exists()


def test_only_an_administrator_changes_the_law(world):
    with pytest.raises(PermissionDenied):
        services.save_rule_version(actor=world.coordinator, **NEW_DECREE)
    assert not StatutoryRule.objects.filter(code=NEW_DECREE["code"]).exists()


def test_admin_form_refuses_an_overlap_and_saves_through_the_service(client, admin_user):
    admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    url = reverse("admin:law_statutoryrule_add")
    data = {**NEW_DECREE, "code": UNDERGROUNDING, "valid_from": "2025-07-01", "valid_until": ""}
    data.update(parameters="{}", note="", source_url="", to_confirm="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "overlap" in response.content.decode()
    events = AuditEvent.objects.count()
    response = client.post(url, {**data, "code": "atw-gelijkstelling", "valid_from": "2029-01-01"})
    assert response.status_code == 302
    assert AuditEvent.objects.count() == events + 1


def test_the_legal_bases_page_lists_every_rule_with_citation_validity_status_and_source(
    client, world
):
    client.force_login(world.outsider)  # the law is public to every logged-in user
    with translation.override("nl"):
        page = client.get(reverse("legal-bases")).content.decode()
    for rule in StatutoryRule.objects.all():
        assert rule.code in page
        assert rule.as_version().validity_nl() in page
    assert "Besluit verplaatsen en verkabelen hoogspanningsverbindingen (Stb. 2018, 359)" in page
    assert "te bevestigen" in page
    assert "https://wetten.overheid.nl/BWBR0041451/2019-01-01" in page
