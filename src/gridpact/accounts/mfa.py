"""TOTP arithmetic and who must use a second factor. No writes here; services.py writes."""

import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from django.conf import settings

from gridpact.core.access import access_for

# The session remembers where the person stands in the login: SESSION_KEY holds one of these.
SESSION_KEY = "gridpact_mfa"
VERIFIED = "verified"  # no second factor needed, or it passed
NEEDS_CODE = "code"  # has an authenticator app; must enter a code
NEEDS_SETUP = "setup"  # must use one and has none yet
PENDING_SECRET_KEY = "gridpact_mfa_pending_secret"  # noqa: S105 - a session key name

ISSUER_NAME = "GridPact"
RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


def new_secret() -> str:
    return pyotp.random_base32()


def is_expected(user) -> bool:
    """Coordinators and administrators are the people production asks a second factor of."""
    return bool(user.is_staff or user.is_superuser or access_for(user).coordinated_programme_ids)


def is_required(user) -> bool:
    """Coordinators and administrators must use a second factor (when the setting is on)."""
    return settings.GRIDPACT_MFA_REQUIRED and is_expected(user)


def matching_step(secret: str, code: str, *, after_step: int, at: datetime) -> int | None:
    """The time step whose code this is (one step of clock drift either way), if not used yet."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(at)
    for step in (current - 1, current, current + 1):
        if step > after_step and hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=ISSUER_NAME)


def qr_svg(uri: str, title: str) -> str:
    """The QR code as inline SVG (no inline style, so the strict CSP allows it)."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, title=title, svgclass="gp-qr", light="#fff"
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)


def new_recovery_codes() -> list[str]:
    def one() -> str:
        chars = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        return f"{chars[:5]}-{chars[5:]}"

    return [one() for _ in range(RECOVERY_CODE_COUNT)]
