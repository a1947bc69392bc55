"""Two-step verification as a person meets it: password, then a code; enrolment; recovery."""

import re

import pyotp
import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gridpact.accounts import services
from gridpact.accounts.models import RecoveryCode, TotpDevice
from gridpact.api.services import create_token
from gridpact.core.models import AuditEvent
from tests.api import api_url

from ..factories import UserFactory

PASSWORD = "secret-pass-123"


@pytest.fixture(autouse=True)
def mfa_required(settings):
    settings.GRIDPACT_MFA_REQUIRED = True
    cache.clear()  # throttling counters live in the cache


def _log_in(client, user):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD})


def _enrol(user) -> tuple[str, list[str]]:
    """Give `user` an authenticator app, as the setup page does; returns secret and codes."""
    secret = pyotp.random_base32()
    codes = services.confirm_device(actor=user, secret=secret, code=pyotp.TOTP(secret).now())
    # Enrolled a while ago: the code on the app now has not been used yet.
    TotpDevice.objects.filter(user=user).update(last_used_step=0)
    return secret, codes


def _secret_on_page(html: str) -> str:
    return re.search(r'<code class="gp-secret">([A-Z2-7 ]+)</code>', html).group(1).replace(" ", "")


def test_coordinator_must_set_up_an_app_before_any_page_works(client, world):
    _log_in(client, world.coordinator)
    page = client.get(reverse("programme-overview", kwargs={"pk": world.programme.pk}))
    assert page.status_code == 302
    assert page.url.startswith(reverse("mfa-setup"))

    setup = client.get(page.url)
    html = setup.content.decode()
    assert '<svg role="img"' in html and "<title>" in html  # the QR code, inline
    assert 'autocomplete="one-time-code"' in html and 'inputmode="numeric"' in html
    secret = _secret_on_page(html)

    wrong = client.post(reverse("mfa-setup"), {"code": "123456"})
    assert wrong.status_code == 200
    assert 'aria-invalid="true"' in wrong.content.decode()
    assert not TotpDevice.objects.filter(user=world.coordinator).exists()

    confirmed = client.post(reverse("mfa-setup"), {"code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>", confirmed.content.decode())
    assert len(codes) == 10
    assert RecoveryCode.objects.filter(user=world.coordinator).count() == 10
    assert not RecoveryCode.objects.filter(code_hash__in=codes).exists()  # stored hashed
    assert AuditEvent.objects.filter(action="mfa.device_confirmed").count() == 1
    overview = client.get(reverse("programme-overview", kwargs={"pk": world.programme.pk}))
    assert overview.status_code == 200


def test_person_with_an_app_enters_a_code_before_anything_else(client, world):
    secret, _codes = _enrol(world.lead)
    _log_in(client, world.lead)
    for name in ("my-work", "api-tokens", "mfa-setup"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("mfa-verify")), name
    assert client.get("/static/gridpact/gridpact.css").status_code == 200
    assert client.post(reverse("set_language"), {"language": "en"}).status_code == 302

    page = client.get(reverse("mfa-verify")).content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert 'inputmode="text"' in page  # recovery codes have letters
    assert reverse("api-tokens") not in page and "gp-nav__list" not in page  # no dead links
    assert reverse("logout") in page
    wrong = client.post(reverse("mfa-verify"), {"code": "000000", "next": "/agenda/"})
    assert wrong.status_code == 200
    assert "id_code-error" in wrong.content.decode()
    assert client.get(reverse("my-work")).status_code == 302

    right = client.post(
        reverse("mfa-verify"), {"code": pyotp.TOTP(secret).now(), "next": "/agenda/"}
    )
    assert right.status_code == 302 and right.url == "/agenda/"
    assert client.get(reverse("my-work")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.login.mfa", actor=world.lead).count() == 1


def test_a_code_cannot_be_used_twice(client, world):
    secret, _codes = _enrol(world.lead)
    code = pyotp.TOTP(secret).now()
    _log_in(client, world.lead)
    assert client.post(reverse("mfa-verify"), {"code": code}).status_code == 302
    client.post(reverse("logout"))

    _log_in(client, world.lead)
    replay = client.post(reverse("mfa-verify"), {"code": code})
    assert replay.status_code == 200
    assert client.get(reverse("my-work")).status_code == 302


def test_wrong_codes_are_throttled_like_passwords(client, world, settings):
    settings.GRIDPACT_LOGIN_FAILURE_LIMIT = 3
    secret, _codes = _enrol(world.lead)
    _log_in(client, world.lead)
    for _ in range(3):
        client.post(reverse("mfa-verify"), {"code": "000000"})
    blocked = client.post(reverse("mfa-verify"), {"code": pyotp.TOTP(secret).now()})
    assert "Te veel mislukte pogingen" in blocked.content.decode()
    assert client.get(reverse("my-work")).status_code == 302


def test_recovery_code_works_once(client, world):
    _secret, codes = _enrol(world.lead)
    _log_in(client, world.lead)
    assert client.post(reverse("mfa-verify"), {"code": codes[0].upper()}).status_code == 302
    assert client.get(reverse("my-work")).status_code == 200
    client.post(reverse("logout"))

    _log_in(client, world.lead)
    assert client.post(reverse("mfa-verify"), {"code": codes[0]}).status_code == 200
    assert client.post(reverse("mfa-verify"), {"code": codes[1]}).status_code == 302
    assert AuditEvent.objects.filter(action="auth.login.recovery_code").count() == 2


def test_others_may_log_in_without_an_app(client, world):
    _log_in(client, world.lead)
    assert client.get(reverse("my-work")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.login.password", actor=world.lead).exists()


def test_no_requirement_when_the_setting_is_off(client, world, settings):
    settings.GRIDPACT_MFA_REQUIRED = False
    _log_in(client, world.coordinator)
    assert client.get(reverse("my-work")).status_code == 200


def test_staff_must_set_up_an_app_even_for_the_admin(client, db):
    staff = UserFactory(is_staff=True)
    _log_in(client, staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and response.url.startswith(reverse("mfa-setup"))


def test_api_tokens_are_unaffected_but_an_unverified_session_is_not_enough(client, world):
    _enrol(world.coordinator)
    _token, key = create_token(actor=world.coordinator, name="SAP")
    anonymous_client = client.__class__()
    by_token = anonymous_client.get(
        api_url("project-list"), headers={"Authorization": f"Token {key}"}
    )
    assert by_token.status_code == 200

    _log_in(client, world.coordinator)
    assert client.get(api_url("project-list")).status_code in (401, 403)


def test_an_administrator_resets_someones_app_in_the_admin(client, world):
    admin = UserFactory(is_staff=True, is_superuser=True)
    _enrol(admin)
    _enrol(world.lead)
    _verified_session(client, admin)
    device = TotpDevice.objects.get(user=world.lead)
    response = client.post(
        reverse("admin:accounts_totpdevice_changelist"),
        {"action": "reset", "_selected_action": [device.pk]},
    )
    assert response.status_code == 302
    assert not TotpDevice.objects.filter(user=world.lead).exists()
    assert not RecoveryCode.objects.filter(user=world.lead).exists()
    event = AuditEvent.objects.get(action="mfa.device_reset")
    assert event.actor == admin


def test_staff_without_the_permission_cannot_reset(world):
    _enrol(world.lead)
    clerk = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(actor=clerk, user=world.lead)
    assert TotpDevice.objects.filter(user=world.lead).exists()


def test_force_login_does_not_skip_the_code_step(client, world):
    _enrol(world.lead)
    client.force_login(world.lead)
    assert client.get(reverse("my-work")).status_code == 302


def _verified_session(client, user):
    client.force_login(user)
    session = client.session
    session["gridpact_mfa"] = "verified"  # as after the code step
    session.save()


def test_a_coordinator_on_the_staff_resets_apps_of_their_programme_only(client, world):
    world.coordinator.is_staff = True
    world.coordinator.save()
    _enrol(world.lead)
    _enrol(world.outsider)
    _verified_session(client, world.coordinator)
    changelist = client.get(reverse("admin:accounts_totpdevice_changelist"))
    assert changelist.status_code == 200
    listed = [device.user for device in changelist.context["cl"].result_list]
    assert listed == [world.lead]  # not the outsider's, of another programme

    with pytest.raises(PermissionDenied):
        services.reset_second_factor(actor=world.coordinator, user=world.outsider)
    services.reset_second_factor(actor=world.coordinator, user=world.lead)
    assert not TotpDevice.objects.filter(user=world.lead).exists()
    assert TotpDevice.objects.filter(user=world.outsider).exists()
    assert AuditEvent.objects.get(action="mfa.device_reset").actor == world.coordinator
