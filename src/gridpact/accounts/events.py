"""The audit events of signing in and two-step verification, with the sentence each reads as."""

from django.utils.translation import gettext_lazy

from gridpact.core.events import Event, change


def _codes_left(event):
    return {"left": change(event, "recovery_codes_left")[1]}


EVENTS = [
    Event("auth.login.password", gettext_lazy("%(obj)s signed in with a password")),
    Event(
        "auth.login.mfa", gettext_lazy("%(obj)s confirmed signing in with the authenticator app")
    ),
    Event(
        "auth.login.recovery_code",
        gettext_lazy("%(obj)s signed in with a recovery code (%(left)s left)"),
        render=_codes_left,
    ),
    Event("auth.login.oidc", gettext_lazy("%(obj)s signed in through the organisation's account")),
    Event(
        "auth.identity.linked",
        gettext_lazy("Organisation account linked to the GridPact account: %(obj)s"),
    ),
    Event("mfa.device_confirmed", gettext_lazy("Authenticator app set up for %(obj)s")),
    Event("mfa.device_reset", gettext_lazy("Authenticator app of %(obj)s reset")),
]
