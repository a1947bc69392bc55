"""The public promise status rule: a forecast far outside the public date range turns amber or red."""

import pytest
from django.urls import reverse
from django.utils import translation

from gridpact.core.models import AuditEvent
from gridpact.monitoring import status
from gridpact.monitoring.models import StatusRules
from gridpact.monitoring.rules import AMBER, GREEN, RED, ProjectFacts, Thresholds, evaluate


def _facts(direction, months, delay_days=0, **more):
    return ProjectFacts(
        delay_days=delay_days,
        public_direction=direction,
        public_months_outside=months,
        public_range="2033–2035",
        **more,
    )


@pytest.mark.parametrize(
    ("facts", "status", "codes"),
    [
        # No comparison (no public date linked, or none settled): the rules as before.
        (ProjectFacts(delay_days=0), GREEN, ["on_time"]),
        (_facts("inside", 0.0), GREEN, ["on_time"]),
        (_facts("later", 6.0), GREEN, ["on_time"]),
        (_facts("later", 6.1), AMBER, ["public_promise"]),
        (_facts("later", 12.0), AMBER, ["public_promise"]),
        (_facts("later", 12.1), RED, ["public_promise"]),
        # Breukelen-Kortrijk: June 2029 against "2033 - 2035", on time against its baseline.
        (_facts("earlier", 42.1), RED, ["public_promise"]),
        # Soest–Baarn: December 2029 against "Tussen 2031 en 2033".
        (_facts("earlier", 13.0), RED, ["public_promise"]),
        (_facts("earlier", 8.0), AMBER, ["public_promise"]),
        (_facts("later", 8.0, delay_days=30), AMBER, ["slip_amber", "public_promise"]),
        (_facts("later", 8.0, delay_days=400), RED, ["slip_red"]),
        (_facts("later", 30.0, delay_days=None), RED, ["public_promise"]),
        (_facts("later", None), GREEN, ["on_time"]),
    ],
)
def test_default_public_promise_rule(facts, status, codes):
    evaluation = evaluate(facts)
    assert evaluation.status == status
    assert [r.code for r in evaluation.reasons] == codes


def test_the_reason_carries_direction_months_and_the_public_range():
    reason = evaluate(_facts("earlier", 42.1)).reasons[0]
    assert reason.values == {"direction": "earlier", "months": 42.1, "range": "2033–2035"}


def test_the_rule_is_configurable_like_the_others():
    strict = Thresholds(public_promise_amber_months=0, public_promise_red_months=3)
    assert evaluate(_facts("later", 0.1), strict).status == AMBER
    assert evaluate(_facts("later", 3.1), strict).status == RED
    off = Thresholds(public_promise_enabled=False)
    assert evaluate(_facts("later", 40.0), off).status == GREEN
    later_only = Thresholds(public_promise_earlier=False)
    assert evaluate(_facts("earlier", 42.1), later_only).status == GREEN
    assert evaluate(_facts("later", 42.1), later_only).status == RED


def test_inconsistent_public_promise_settings_are_reported():
    assert Thresholds(public_promise_amber_months=-1).problems() == ["public_promise_amber_months"]
    assert Thresholds(public_promise_red_months=601).problems() == ["public_promise_red_months"]
    assert Thresholds(public_promise_amber_months=12, public_promise_red_months=6).problems() == [
        "public_promise_order"
    ]
    assert Thresholds(public_promise_amber_months=6, public_promise_red_months=6).problems() == []


@pytest.mark.parametrize(
    ("facts", "text"),
    [
        (_facts("earlier", 42.1), "prognose 42,1 maanden eerder dan publiek (2033–2035)"),
        (_facts("later", 13.0), "prognose 13 maanden later dan publiek (2033–2035)"),
    ],
)
def test_the_reason_reads_in_dutch(facts, text):
    with translation.override("nl"):
        assert status.reason_text(evaluate(facts).reasons[0]) == text


# The setting page


def _url(world):
    return reverse("status-rules", kwargs={"pk": world.programme.pk})


GOOD = {
    "amber_max_slip_days": 91,
    "amber_impediment_level": 2,
    "red_on_overdue_milestone": "on",
    "red_on_missed_deadline": "on",
    "amber_on_schedule_conflict": "on",
    "public_promise_enabled": "on",
    "public_promise_amber_months": 3,
    "public_promise_red_months": 24,
}


def test_the_coordinator_sets_the_public_promise_rule(client, world):
    client.force_login(world.coordinator)
    page = client.get(_url(world), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert "Publieke belofte (capaciteitskaart)" in page
    assert 'name="public_promise_amber_months"' in page
    assert 'value="6"' in page and 'value="12"' in page  # the defaults
    response = client.post(_url(world), GOOD, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 302
    rules = StatusRules.objects.get(programme=world.programme)
    assert (rules.public_promise_amber_months, rules.public_promise_red_months) == (3, 24)
    assert rules.public_promise_enabled and not rules.public_promise_earlier
    thresholds = status.thresholds_for(world.programme)
    assert thresholds.public_promise_red_months == 24
    assert not thresholds.public_promise_earlier
    event = AuditEvent.objects.get(action="status_rules.changed")
    assert event.changes["public_promise_red_months"] == [12, 24]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"public_promise_amber_months": 12, "public_promise_red_months": 6},
            "Rood kan niet eerder komen dan oranje",
        ),
        ({"public_promise_amber_months": -1}, "oranje moet tussen 0 en 600 liggen"),
        ({"public_promise_red_months": 5000}, "rood moet tussen 0 en 600 liggen"),
        ({"public_promise_red_months": ""}, "Geef het aantal maanden voor rood."),
        ({"public_promise_amber_months": "zes"}, "Voer een geheel getal in."),
    ],
)
def test_bad_values_give_a_dutch_message_and_change_nothing(client, world, changes, message):
    client.force_login(world.coordinator)
    client.post(_url(world), GOOD | {"public_promise_red_months": 18}, HTTP_ACCEPT_LANGUAGE="nl")
    before = StatusRules.objects.get(programme=world.programme)
    events = AuditEvent.objects.count()
    response = client.post(_url(world), GOOD | changes, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    assert message in response.content.decode()
    after = StatusRules.objects.get(programme=world.programme)
    assert (after.version, after.public_promise_red_months) == (before.version, 18)
    assert after.public_promise_amber_months == 3
    assert AuditEvent.objects.count() == events


def test_bad_values_on_a_fresh_programme_create_no_rules(client, world):
    client.force_login(world.coordinator)
    bad = GOOD | {"public_promise_amber_months": 12, "public_promise_red_months": 6}
    assert client.post(_url(world), bad).status_code == 400
    assert not StatusRules.objects.filter(programme=world.programme).exists()


@pytest.mark.parametrize(("who", "code"), [("municipal_official", 403), ("lead", 403)])
def test_only_the_coordinator_changes_the_rule(client, world, who, code):
    client.force_login(getattr(world, who))
    assert client.post(_url(world), GOOD).status_code == code
    assert not StatusRules.objects.filter(programme=world.programme).exists()


def test_another_programmes_coordinator_does_not_see_the_rules(client, world, shared):
    client.force_login(shared.member)
    assert client.get(_url(world)).status_code == 404
    assert client.post(_url(world), GOOD).status_code == 404
    assert not StatusRules.objects.filter(programme=world.programme).exists()
