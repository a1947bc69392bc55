"""Every write of the login: linking identities, enrolling and resetting authenticator apps.

Each runs in one transaction with its audit event, like every other service.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core import audit
from gridpact.core.access import access_for
from gridpact.parties.models import User

from . import mfa
from .models import ExternalIdentity, RecoveryCode, TotpDevice, code_hash

logger = logging.getLogger("gridpact.security")


def record_password_login(*, actor) -> None:
    """Note a login with user name and password (the second factor, if any, is recorded apart)."""
    with transaction.atomic():
        audit.record(actor=actor, action="auth.login.password", obj=actor)


def log_in_external_identity(*, issuer: str, subject: str, claims: dict):
    """The active person this issuer's subject belongs to, or None (refused).

    An unknown subject is linked to an existing person only when GRIDPACT_OIDC_LINK_BY_EMAIL is
    on, the provider vouches for the e-mail address (email_verified) and exactly one active
    person has that address. Accounts are never created here: an administrator adds people.
    """

    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        action = "auth.login.oidc"
        if identity is None:
            email = (claims.get("email") or "").strip()
            if not (
                settings.GRIDPACT_OIDC_LINK_BY_EMAIL and email and claims.get("email_verified")
            ):
                return None
            people = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
            if len(people) != 1:
                return None
            identity = ExternalIdentity.objects.create(
                user=people[0], issuer=issuer, subject=subject
            )
            action = "auth.identity.linked"
        if not identity.user.is_active:
            return None
        identity.last_login_at = timezone.now()
        identity.save(update_fields=["last_login_at"])
        audit.record(
            actor=identity.user,
            action=action,
            obj=identity,
            changes={"issuer": [None, issuer], "subject": [None, subject]}
            if action == "auth.identity.linked"
            else {},
        )
    return identity.user


def confirm_device(*, actor, secret: str, code: str) -> list[str]:
    """Enrol the actor's authenticator app once a code from it matches; returns recovery codes.

    The codes are shown once; only their hashes are kept. A person with an app already must
    have it reset by an administrator first, so a stolen password cannot replace the app.
    """
    if not actor.is_authenticated:
        raise PermissionDenied
    now = timezone.now()
    step = mfa.matching_step(secret, code, after_step=0, at=now)
    if step is None:
        raise ValidationError(
            {"code": _("That code does not match. Enter the code your app shows now.")}
        )
    codes = mfa.new_recovery_codes()
    with transaction.atomic():
        if TotpDevice.objects.select_for_update().filter(user=actor).exists():
            raise PermissionDenied
        device = TotpDevice.objects.create(
            user=actor, secret=secret, confirmed_at=now, last_used_step=step, last_used_at=now
        )
        RecoveryCode.objects.filter(user=actor).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=actor, code_hash=code_hash(one)) for one in codes
        )
        audit.record(
            actor=actor,
            action="mfa.device_confirmed",
            obj=device,
            changes={"recovery_codes": [None, len(codes)]},
        )
    return codes


def pass_second_factor(*, actor, code: str) -> bool:
    """Check a code from the actor's app (or a recovery code); true when it passes.

    A TOTP code is accepted once: its time step must come after the last one used. A recovery
    code is spent when used.
    """
    now = timezone.now()
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=actor).first()
        if device is None:
            return False
        step = mfa.matching_step(device.secret, code, after_step=device.last_used_step, at=now)
        if step is not None:
            device.last_used_step, device.last_used_at = step, now
            device.save(update_fields=["last_used_step", "last_used_at"])
            audit.record(actor=actor, action="auth.login.mfa", obj=device)
            return True
        recovery = (
            RecoveryCode.objects.select_for_update()
            .filter(user=actor, code_hash=code_hash(code), used_at__isnull=True)
            .first()
        )
        if recovery is None:
            return False
        recovery.used_at = now
        recovery.save(update_fields=["used_at"])
        left = RecoveryCode.objects.filter(user=actor, used_at__isnull=True).count()
        audit.record(
            actor=actor,
            action="auth.login.recovery_code",
            obj=device,
            changes={"recovery_codes_left": [left + 1, left]},
        )
        logger.warning("recovery code used by %s; %s left", actor.username, left)
        return True


def people_whose_app_actor_may_reset(actor):
    """Everyone, for administrators; for a coordinator on the staff, the people of the
    organisations taking part in the programmes they coordinate."""

    if not (actor.is_authenticated and actor.is_active and actor.is_staff):
        return User.objects.none()
    if actor.is_superuser or actor.has_perm("accounts.delete_totpdevice"):
        return User.objects.all()
    programmes = access_for(actor).coordinated_programme_ids
    return User.objects.filter(
        memberships__active=True,
        memberships__organisation__participations__programme_id__in=programmes,
    ).distinct()


def can_reset_second_factor(actor, user) -> bool:
    return people_whose_app_actor_may_reset(actor).filter(pk=user.pk).exists()


def reset_second_factor(*, actor, user) -> None:
    """Remove a person's app and recovery codes; they enrol a new app at their next login."""
    if not can_reset_second_factor(actor, user):
        raise PermissionDenied
    with transaction.atomic():
        device = TotpDevice.objects.select_for_update().filter(user=user).first()
        if device is None:
            return
        audit.record(
            actor=actor,
            action="mfa.device_reset",
            obj=device,
            changes={"confirmed_at": [device.confirmed_at.isoformat(), None]},
        )
        RecoveryCode.objects.filter(user=user).delete()
        device.delete()
