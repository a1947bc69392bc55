"""The login pages: password (with the provider's button), the code step, enrolling an app."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gridpact.core.access import access_for
from gridpact.core.auth import ThrottledAuthenticationForm

from . import mfa, oidc, services
from .forms import SecondFactorForm, SetupForm
from .models import TotpDevice


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = ThrottledAuthenticationForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_provider"] = oidc.provider_name() if oidc.enabled() else ""
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_login(actor=form.get_user())
        return response


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _mark_verified(request) -> None:
    request.session.cycle_key()  # a new session id once the login is complete
    request.session[mfa.SESSION_KEY] = mfa.VERIFIED
    request.session.pop(mfa.PENDING_SECRET_KEY, None)


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Second step: the code from the authenticator app, or a recovery code."""
    if request.session.get(mfa.SESSION_KEY) != mfa.NEEDS_CODE:
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _mark_verified(request)
        return redirect(_next_url(request))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrol an authenticator app: QR code and secret, confirmed with a code."""
    state = request.session.get(mfa.SESSION_KEY)
    if state == mfa.NEEDS_CODE:
        return redirect("mfa-verify")
    if TotpDevice.objects.filter(user=request.user).exists():
        return render(request, "accounts/setup.html", {"enrolled": True})
    secret = request.session.get(mfa.PENDING_SECRET_KEY)
    if not secret:
        secret = request.session[mfa.PENDING_SECRET_KEY] = mfa.new_secret()
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_device(
                actor=request.user, secret=secret, code=form.cleaned_data["code"]
            )
        except ValidationError as problem:
            form.add_error("code", problem.message_dict["code"])
        else:
            _mark_verified(request)
            messages.success(request, _("Two-step verification is on."))
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    uri = mfa.provisioning_uri(secret, request.user.username)
    return render(
        request,
        "accounts/setup.html",
        {
            "form": form,
            "required": state == mfa.NEEDS_SETUP,
            "qr": mfa.qr_svg(uri, _("QR code for your authenticator app")),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
    )


@login_required
def account(request):
    """The person's account: the calendar feed, two-step verification and API tokens, each with
    what it does for them, also when the menu leaves one out because they will rarely need it."""
    return render(
        request,
        "accounts/account.html",
        {
            "second_factor_on": TotpDevice.objects.filter(user=request.user).exists(),
            "second_factor_required": mfa.is_required(request.user),
            "may_change": bool(access_for(request.user).contributor_organisation_ids),
            "active_tokens": request.user.api_tokens.filter(revoked_at__isnull=True).count(),
        },
    )
