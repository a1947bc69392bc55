"""Login throttling, session time-outs and the production settings' deployment checks."""

import os
import subprocess
import sys
import time
from pathlib import Path

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
