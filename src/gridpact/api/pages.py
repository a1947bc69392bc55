"""The page where a person makes and revokes API tokens for their organisation's systems."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gridpact.core.access import access_for
from gridpact.core.confirm import confirmation
from gridpact.core.form_tokens import creates

from . import services
from .models import ApiToken

# The key just made waits here for the one page view that shows it (POST-redirect-GET, so a
# reload makes no second token and the key is not shown again).
NEW_KEY = "api_new_token"


@login_required
@require_http_methods(["GET", "POST"])
@creates(unless=("revoke",))
def tokens(request):
    new_key, error, status = request.session.pop(NEW_KEY, None), None, 200
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token = get_object_or_404(
                ApiToken, user=request.user, pk=request.POST.get("token") or 0
            )
            if asked := confirmation(
                request,
                question=_("Revoke the token “%(name)s”?") % {"name": token.name},
                consequence=_(
                    "Systems that use it can no longer reach GridPact. This cannot be undone; "
                    "make a new token for them if needed."
                ),
                button=_("Yes, revoke the token"),
                cancel_url=reverse("api-tokens"),
            ):
                return asked
            services.revoke_token(actor=request.user, token=token)
            messages.success(request, _("The token no longer works."))
            return redirect("api-tokens")
        try:
            _token, request.session[NEW_KEY] = services.create_token(
                actor=request.user, name=request.POST.get("name")
            )
        except ValidationError as problem:
            error, status = " ".join(problem.messages), 400
        else:
            return redirect("api-tokens")
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": request.user.api_tokens.all(),
            # What a token can do is what its owner can: a reader's token only reads.
            "may_change": bool(access_for(request.user).contributor_organisation_ids),
            "new_key": new_key,
            "error": error,
        },
        status=status,
    )
