"""Creating and revoking API tokens: shown once, stored hashed, audited."""

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridpact.core import audit

from .models import ApiToken, token_hash


def create_token(*, actor, name: str) -> tuple[ApiToken, str]:
    """A new token for the actor's own use; returns it with the key, which is never shown again."""
    if not actor.is_authenticated:
        raise PermissionDenied
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Name the token after the system that will use it.")})
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor, name=name[:100], prefix=key[:8], key_hash=token_hash(key)
        )
        audit.record(
            actor=actor,
            action="api_token.created",
            obj=token,
            changes=audit.created({"name": token.name, "prefix": token.prefix}),
        )
    return token, key


def revoke_token(*, actor, token: ApiToken) -> None:
    """Stop a token from working. Only its owner revokes it."""
    if token.user_id != actor.pk:
        raise PermissionDenied
    if token.revoked_at:
        return
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(
            actor=actor,
            action="api_token.revoked",
            obj=token,
            changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        )
