"""Logging in through an organisation's identity provider, against a real (tiny) provider."""

from urllib.parse import urlsplit

import pyotp
import pytest
import requests
from django.core.cache import cache
from django.urls import reverse

from gridpact.accounts.models import ExternalIdentity
from gridpact.accounts.services import confirm_device
from gridpact.core.models import AuditEvent

from ..factories import ExternalIdentityFactory
from .oidc_provider import Provider

CLIENT_ID = "gridpact-test"


@pytest.fixture
def provider(settings):
    with Provider(CLIENT_ID) as running:
        settings.GRIDPACT_OIDC_ISSUER = running.issuer
        settings.GRIDPACT_OIDC_CLIENT_ID = CLIENT_ID
        settings.GRIDPACT_OIDC_CLIENT_SECRET = "not-secret"
        settings.GRIDPACT_OIDC_PROVIDER_NAME = "Provincie Test"
        cache.clear()  # no discovery document from another test's provider
        yield running


def _log_in_at_provider(client, next_url=""):
    """Click the button, let the provider send the browser back; returns GridPact's answer."""
    start = client.get(reverse("oidc-start"), {"next": next_url} if next_url else {})
    assert start.status_code == 302 and start["Location"].startswith("http://127.0.0.1:")
    back = requests.get(start["Location"], allow_redirects=False, timeout=5)
    callback = urlsplit(back.headers["Location"])
    return client.get(f"{callback.path}?{callback.query}", follow=True)


def test_login_page_offers_the_provider(client, provider):
    page = client.get(reverse("login"))
    assert "Inloggen met Provincie Test" in page.content.decode()


def test_login_page_without_provider_shows_no_button(client, db):
    assert "Inloggen met" not in client.get(reverse("login")).content.decode()


def test_known_subject_logs_in_without_a_second_code(client, world, provider, settings):
    settings.GRIDPACT_MFA_REQUIRED = True
    secret = pyotp.random_base32()  # an app, which a password login would ask a code of
    confirm_device(actor=world.coordinator, secret=secret, code=pyotp.TOTP(secret).now())
    ExternalIdentityFactory(user=world.coordinator, issuer=provider.issuer, subject="alice")
    page = _log_in_at_provider(client, next_url="/agenda/")
    assert page.redirect_chain[-1][0] == "/agenda/"
    assert page.status_code == 200
    assert page.wsgi_request.user == world.coordinator
    assert client.get(reverse("my-work")).status_code == 200  # counts as verified
    event = AuditEvent.objects.get(action="auth.login.oidc")
    assert event.actor == world.coordinator


def test_same_subject_from_another_issuer_is_refused(client, world, provider):
    ExternalIdentityFactory(
        user=world.coordinator, issuer="https://idp.elders.example", subject="alice"
    )
    page = _log_in_at_provider(client)
    assert not page.wsgi_request.user.is_authenticated
    assert "niet gekoppeld aan een GridPact-account" in page.content.decode()


def test_unknown_subject_is_refused_with_a_message(client, world, provider):
    page = _log_in_at_provider(client)
    assert page.redirect_chain[-1][0] == reverse("login")
    assert not page.wsgi_request.user.is_authenticated
    html = page.content.decode()
    assert "Je Provincie Test-account is niet gekoppeld aan een GridPact-account" in html
    assert not ExternalIdentity.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="auth.").exists()


def test_unknown_subject_is_linked_by_verified_email_only_when_allowed(
    client, world, provider, settings
):
    world.lead.email = "lead@netbeheer.test"
    world.lead.save()
    provider.extra_claims = {"email": "LEAD@netbeheer.test", "email_verified": False}
    settings.GRIDPACT_OIDC_LINK_BY_EMAIL = True
    assert not _log_in_at_provider(client).wsgi_request.user.is_authenticated

    provider.extra_claims["email_verified"] = True
    settings.GRIDPACT_OIDC_LINK_BY_EMAIL = False
    assert not _log_in_at_provider(client).wsgi_request.user.is_authenticated

    settings.GRIDPACT_OIDC_LINK_BY_EMAIL = True
    assert _log_in_at_provider(client).wsgi_request.user == world.lead
    assert ExternalIdentity.objects.get(subject="alice").user == world.lead
    assert AuditEvent.objects.filter(action="auth.identity.linked").count() == 1


def test_tampered_token_is_refused(client, world, provider):
    ExternalIdentityFactory(user=world.coordinator, issuer=provider.issuer, subject="alice")
    ExternalIdentityFactory(user=world.lead, issuer=provider.issuer, subject="mallory")
    provider.tamper = True
    page = _log_in_at_provider(client)
    assert not page.wsgi_request.user.is_authenticated
    assert "Inloggen met Provincie Test is niet gelukt" in page.content.decode()


def test_token_naming_another_issuer_is_refused(client, world, provider):
    ExternalIdentityFactory(user=world.coordinator, issuer=provider.issuer, subject="alice")
    provider.issuer_in_token = "https://idp.elders.example"
    page = _log_in_at_provider(client)
    assert not page.wsgi_request.user.is_authenticated
    assert "Inloggen met Provincie Test is niet gelukt" in page.content.decode()


def test_inactive_person_is_refused(client, world, provider):
    ExternalIdentityFactory(user=world.coordinator, issuer=provider.issuer, subject="alice")
    world.coordinator.is_active = False
    world.coordinator.save()
    assert not _log_in_at_provider(client).wsgi_request.user.is_authenticated


def test_deactivating_a_person_ends_their_oidc_session(client, world, provider):
    ExternalIdentityFactory(user=world.coordinator, issuer=provider.issuer, subject="alice")
    assert _log_in_at_provider(client).wsgi_request.user == world.coordinator
    world.coordinator.is_active = False
    world.coordinator.save()
    response = client.get(reverse("my-work"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
