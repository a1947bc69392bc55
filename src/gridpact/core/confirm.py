"""The confirmation step before a destructive action (remove, withdraw, revoke).

It works without JavaScript (the CSP allows no inline script, and the step must work by keyboard
and with a screen reader): the button posts as before; the view checks the user's permission,
then asks `confirmation(request, ...)`. Without `confirmed` in the post it answers a page that
names what goes and what follows, with the same fields posted again plus `confirmed`; "Cancel"
goes back and changes nothing. The same view, route, permission check and service do the work.
"""

from django.http import HttpResponse
from django.shortcuts import render

CONFIRMED = "confirmed"


def confirmation(
    request, *, question: str, consequence: str, button: str, cancel_url: str
) -> HttpResponse | None:
    """The confirmation page, or None when the user has confirmed this post."""
    if request.POST.get(CONFIRMED) == "1":
        return None
    fields = [
        (name, value)
        for name in request.POST
        if name not in ("csrfmiddlewaretoken", CONFIRMED)
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "confirm.html",
        {
            "question": question,
            "consequence": consequence,
            "button": button,
            "cancel_url": cancel_url,
            "fields": fields,
            "action": request.get_full_path(),
        },
    )
