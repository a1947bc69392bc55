"""How people prove who they are: an identity at an OIDC provider, a TOTP device, recovery codes."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def code_hash(code: str) -> str:
    """The stored form of a recovery code: case, spaces and dashes do not matter."""
    normalised = "".join(code.split()).replace("-", "").lower()
    return hashlib.sha256(normalised.encode()).hexdigest()


class ExternalIdentity(models.Model):
    """A person's account at an organisation's identity provider, matched on issuer + subject.

    Never on e-mail: an address can be reassigned; the subject an issuer gives is stable.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="external_identities",
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("last login"), null=True, blank=True)

    class Meta:
        ordering = ["issuer", "subject"]
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="unique_external_identity")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"


class TotpDevice(models.Model):
    """A person's authenticator app: the shared secret and the last time step used."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="totp_device",
    )
    secret = models.CharField(_("secret"), max_length=64, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed at"))
    # A code is accepted only for a time step after this one: a code cannot be used twice.
    last_used_step = models.BigIntegerField(default=0, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A one-time code for when the authenticator app is lost. Only a hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        constraints = [
            models.UniqueConstraint(fields=["user", "code_hash"], name="unique_recovery_code")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.code_hash[:8]}…)"
