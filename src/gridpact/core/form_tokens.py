"""One-time form tokens: a form that creates something does so once, however often it is sent.

A double click, a second tap on a slow line or the browser's "resend" posts the same form twice.
Every create form renders `{% form_token %}`: a hidden field with a fresh random token (nothing
is stored when the page is shown). The view is wrapped with `@creates(...)`, which on POST

1. refuses a post without a well-formed token (400, a page saying so, nothing changed);
2. inserts (user, token) into `FormSubmission` as the first write of one transaction, then runs
   the view inside that transaction. The unique key makes a concurrent second post wait for the
   first (PostgreSQL row lock, SQLite write lock) and then fail the insert;
3. keeps the row only when the view changed something (it recorded an audit event) and answered
   without an error; otherwise it rolls back, so a form with errors can be corrected and sent
   again with the same token;
4. answers a post whose token was already used with a redirect to where the first post led,
   and the message that nothing was created twice.

Tokens carry the time they were issued; rows are forgotten after `RETENTION` by the tick, and
a token older than that is refused like a missing one, so a forgotten row never lets a form
through twice. The API is not covered: it has its own semantics (If-Match, 201 + Location).
"""

import functools
import re
import secrets
import time
from datetime import date, timedelta

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import FormSubmission

FIELD = "form_token"
RETENTION = timedelta(days=7)
_TOKEN = re.compile(r"^(?P<issued>[0-9a-z]{1,12})\.[A-Za-z0-9_-]{20,43}$")


def new_token() -> str:
    """A fresh token: when it was issued (base 36 seconds) and 128 random bits."""
    return f"{_base36(int(time.time()))}.{secrets.token_urlsafe(16)}"


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text


def _usable(token: str) -> bool:
    """Well formed, and issued within the retention (a little clock skew is allowed)."""
    match = _TOKEN.match(token)
    if match is None:
        return False
    age = time.time() - int(match["issued"], 36)
    return -300 <= age <= RETENTION.total_seconds()


def creates(*, unless: tuple[str, ...] = ()):
    """Make a view's POSTs one-time, except those whose `action` field is one of `unless` (the
    edit, remove and transition forms on a page that also has a create form). Protecting by
    default means a new action is one-time until someone names it as not creating anything."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if (
                request.method != "POST"
                or request.POST.get("action") in unless
                or not request.user.is_authenticated
            ):
                return view(request, *args, **kwargs)
            token = request.POST.get(FIELD, "")
            if not _usable(token):
                return render(request, "form_token_missing.html", status=400)
            return _once(request, token, lambda: view(request, *args, **kwargs))

        wrapped.creates_unless = unless
        return wrapped

    return decorate


def _once(request, token: str, run):
    with transaction.atomic():
        try:
            with transaction.atomic():
                submission = FormSubmission.objects.create(
                    user=request.user, token=token, path=request.path[:300]
                )
        except IntegrityError:
            return _repeat(request, token)
        with audit.counting() as recorded:
            response = run()
        if recorded() and response.status_code < 400:
            submission.result_url = _result_url(request, response)
            submission.save(update_fields=["result_url"])
        else:
            transaction.set_rollback(True)
        return response


def _result_url(request, response) -> str:
    location = response.get("Location", "") if 300 <= response.status_code < 400 else ""
    return (location or request.get_full_path())[:2000]


def _repeat(request, token: str):
    submission = FormSubmission.objects.get(user=request.user, token=token)
    messages.info(request, _("This form was already sent; nothing was created twice."))
    return redirect(submission.result_url or submission.path)


def forget_old(today: date) -> int:
    """Tick job: forget used tokens older than the retention (their forms are refused anyway)."""
    deleted, _counts = FormSubmission.objects.filter(
        created_at__lt=timezone.now() - RETENTION
    ).delete()
    return deleted
