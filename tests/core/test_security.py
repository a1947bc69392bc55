"""Login throttling, session time-outs and the production settings' deployment checks."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_five_failed_logins_lock_the_name_even_with_the_right_password(client, world):
    cache.clear()
    world.lead.set_password("juist-wachtwoord-123")
    world.lead.save()
    url = reverse("login")
    for _ in range(5):
        assert (
            client.post(url, {"username": world.lead.username, "password": "fout"}).status_code
            == 200
        )
    locked = client.post(url, {"username": world.lead.username, "password": "juist-wachtwoord-123"})
    assert locked.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Wacht" in locked.content.decode() or "Wait" in locked.content.decode()
    cache.clear()
    ok = client.post(url, {"username": world.lead.username, "password": "juist-wachtwoord-123"})
    assert ok.status_code == 302


def test_one_persons_typos_do_not_lock_out_a_colleague_at_the_same_address(client, world):
    cache.clear()
    world.municipal_official.set_password("ander-wachtwoord-456")
    world.municipal_official.save()
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": world.lead.username, "password": "fout"})
    colleague = client.post(
        url, {"username": world.municipal_official.username, "password": "ander-wachtwoord-456"}
    )
    assert colleague.status_code == 302
    cache.clear()


@override_settings(GRIDPACT_LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_guessing_many_names_from_one_address_locks_the_address(client, world):
    cache.clear()
    world.municipal_official.set_password("ander-wachtwoord-456")
    world.municipal_official.save()
    url = reverse("login")
    for attempt in range(8):
        client.post(url, {"username": f"naam-{attempt}", "password": "fout"})
    refused = client.post(
        url, {"username": world.municipal_official.username, "password": "ander-wachtwoord-456"}
    )
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    cache.clear()


def _failed_logins(client, url, names, **headers):
    for name in names:
        response = client.post(url, {"username": name, "password": "fout"}, headers=headers)
        assert response.status_code == 200


def test_a_look_alike_spelling_of_a_locked_name_is_locked_too(client, world):
    """Django logs fullwidth ｌｅａｄ in as lead (NFKC): it must not bring 5 fresh guesses."""
    cache.clear()
    world.lead.username = "waarnemer"
    world.lead.set_password("juist-wachtwoord-123")
    world.lead.save()
    url = reverse("login")
    _failed_logins(client, url, ["waarnemer"] * 5)
    fullwidth = "ｗａａｒｎｅｍｅｒ"
    refused = client.post(url, {"username": fullwidth, "password": "juist-wachtwoord-123"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Wacht" in refused.content.decode()
    cache.clear()


def test_failures_under_different_spellings_count_together(client, world):
    cache.clear()
    world.lead.username = "waarnemer"
    world.lead.set_password("juist-wachtwoord-123")
    world.lead.save()
    url = reverse("login")
    spellings = ["waarnemer", "ｗａａｒｎｅｍｅｒ", "WAARNEMER", " Waarnemer ", "ｗaarnemer"]
    _failed_logins(client, url, spellings)
    refused = client.post(url, {"username": "waarnemer", "password": "juist-wachtwoord-123"})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    cache.clear()


def test_the_back_office_login_shares_the_lock(client, world):
    cache.clear()
    world.lead.is_staff = True
    world.lead.set_password("juist-wachtwoord-123")
    world.lead.save()
    _failed_logins(client, reverse("login"), [world.lead.username] * 5)
    refused = client.post(
        reverse("admin:login"),
        {"username": world.lead.username, "password": "juist-wachtwoord-123"},
    )
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    cache.clear()


def _request(remote="192.0.2.10", forwarded=None):
    from django.test import RequestFactory

    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, None, "192.0.2.10"),
        (0, "203.0.113.7", "192.0.2.10"),  # no proxy of ours: the header is anyone's to write
        (1, None, "192.0.2.10"),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client's own entry is ignored
        (1, "6.6.6.6,7.7.7.7,  203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "203.0.113.7"),  # fewer entries than proxies: the leftmost one
        (1, "not-an-address", "192.0.2.10"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxies_only(hops, forwarded, expected):
    from gridpact.core.auth import client_address

    with override_settings(GRIDPACT_TRUSTED_PROXIES=hops):
        assert client_address(_request(forwarded=forwarded)) == expected


@override_settings(GRIDPACT_TRUSTED_PROXIES=1, GRIDPACT_LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_behind_the_proxy_one_address_guessing_does_not_lock_out_another(client, world):
    """Every request comes from the proxy's address; the lock follows the person's address."""
    cache.clear()
    world.lead.set_password("juist-wachtwoord-123")
    world.lead.save()
    url = reverse("login")
    guesser = {"X-Forwarded-For": "203.0.113.7"}
    _failed_logins(client, url, ["naam-1", "naam-2", "naam-3"], **guesser)
    # The guesser writes an address of its own in front; the proxy appends the real one.
    spoofed = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}
    right = {"username": world.lead.username, "password": "juist-wachtwoord-123"}
    refused = client.post(url, right, headers=spoofed)
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    colleague = client.post(url, right, headers={"X-Forwarded-For": "198.51.100.20"})
    assert colleague.status_code == 302
    cache.clear()


@override_settings(GRIDPACT_LOGIN_ADDRESS_FAILURE_LIMIT=3)
def test_without_trusted_proxies_a_forged_header_does_not_escape_the_address_lock(client, world):
    cache.clear()
    world.lead.set_password("juist-wachtwoord-123")
    world.lead.save()
    url = reverse("login")
    for attempt in range(3):
        client.post(
            url,
            {"username": f"naam-{attempt}", "password": "fout"},
            headers={"X-Forwarded-For": f"198.51.100.{attempt}"},
        )
    refused = client.post(
        url,
        {"username": world.lead.username, "password": "juist-wachtwoord-123"},
        headers={"X-Forwarded-For": "198.51.100.99"},
    )
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    cache.clear()


@override_settings(GRIDPACT_SESSION_IDLE_SECONDS=60)
def test_an_idle_session_ends(client, world):
    client.force_login(world.lead)
    assert client.get(reverse("my-work")).status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 3600
    session.save()
    assert client.get(reverse("my-work")).status_code == 302


def test_production_settings_pass_the_deployment_checks():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "gridpact.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-like-secret-key-0123456789-abcdefghijklmnop",
        "PYTHONPATH": str(ROOT / "src"),
    }
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_errors_show_a_reference_and_no_internals(client, db):
    from django.test import RequestFactory

    from gridpact.core.views import server_error

    request = RequestFactory().get("/")
    request.request_id = "abc123"
    response = server_error(request)
    assert response.status_code == 500
    assert b"abc123" in response.content
    assert b"Traceback" not in response.content


def _no_store(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return "no-store" in directives and not any(d.startswith("public") for d in directives)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda w: reverse("my-work"), id="mijn-werk"),
        pytest.param(
            lambda w: reverse("project-detail", kwargs={"pk": w.project.pk}), id="project-page"
        ),
        pytest.param(
            lambda w: reverse("dashboard-export", kwargs={"pk": w.programme.pk, "fmt": "xlsx"}),
            id="report-xlsx",
        ),
        pytest.param(
            lambda w: reverse("dashboard-export", kwargs={"pk": w.programme.pk, "fmt": "csv"}),
            id="report-csv",
        ),
        pytest.param(
            lambda w: reverse("project-detail", kwargs={"pk": w.project.pk}) + "?export=csv",
            id="list-export-csv",
        ),
    ],
)
def test_pages_and_exports_of_a_signed_in_person_are_not_stored(client, world, url):
    """Shared office PCs: after logout, the browser's cache must not hold personal pages."""
    client.force_login(world.coordinator)
    response = client.get(url(world))
    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


def test_api_answers_are_not_stored(world):
    from rest_framework.test import APIClient

    from gridpact.api import services as token_services

    _token, key = token_services.create_token(actor=world.coordinator, name="systeem")
    response = APIClient().get(reverse("api:project-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


def test_the_personal_calendar_feed_is_not_stored(client, world):
    from gridpact.procedures import feeds

    token = feeds.create_feed(actor=world.municipal_official)
    response = client.get(reverse("calendar-feed-ics", kwargs={"token": token}))
    assert response.status_code == 200
    assert _no_store(response)


def test_public_answers_keep_their_caching(client, world):
    """Only what a signed-in person sees is personal; security.txt may be cached anywhere."""
    assert "no-store" not in client.get(reverse("security-txt")).get("Cache-Control", "")
