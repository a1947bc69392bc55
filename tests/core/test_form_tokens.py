"""A create form sent twice creates once (docs/decisions/0017-one-time-create-forms.md).

The create forms are found, not listed: every view wrapped with `@creates` (its posts, except
the named edit actions, need a one-time token) is taken from the permission matrix's post rows,
and every page of the matrix is read for forms that post to such a view. Each is then sent twice
with the same token, as a double click does.
"""

import threading
from datetime import timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from gridpact.agreements import services as agreement_services
from gridpact.agreements import workflow
from gridpact.agreements.models import Comment
from gridpact.core import form_tokens
from gridpact.core.form_tokens import FIELD, new_token
from gridpact.core.models import AuditEvent, FormSubmission
from gridpact.escalations.models import Impediment

from ..factories import make_agreement
from ..test_permission_matrix import ACTORS, CASES, Case, _state, _user

ALREADY_SENT = "Dit formulier is al verstuurd; er is niets dubbel aangemaakt."


def _creates(url: str, action: str | None) -> bool:
    """Does a post of this form (its `action` field) to this address create something?"""
    try:
        view = resolve(urlsplit(url).path).func
    except Resolver404:
        return False
    unless = getattr(view, "creates_unless", None)
    return unless is not None and action not in unless


def _new_version_possible(w):
    """Adopt the version being worked on, so the coordinator may start a new one."""
    version = make_agreement(w).version
    if version.status not in workflow.WORKING:
        return {"pk": version.agreement_id}
    agreement_services.move_version(
        actor=w.coordinator,
        version=version,
        to="ter_vaststelling",
        expected_version=version.version,
    )
    version.refresh_from_db()
    agreement_services.adopt_version(
        actor=w.coordinator,
        version=version,
        adopted_by="Gedeputeerde Staten",
        adopted_on=timezone.localdate(),
        decision_reference="GS-2026-7",
        expected_version=version.version,
    )
    return {"pk": version.agreement_id}


def _allowed_actor(case: Case) -> str | None:
    return next((a for a in ACTORS[1:] if case.expected.get(a) in (200, 302) and case.writes), None)


# The matrix's new-version row is refused (a version is being worked on); here it may succeed.
_EXTRA = [
    Case(
        "version-create",
        "post",
        {"coordinator": 302},
        kwargs=_new_version_possible,
        data=lambda w: {"summary": "Derde versie"},
        writes=True,
    )
]


def _callbacks(resolver=None):
    """Every named route's view, found by name (the rows' addresses need the world)."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern)
        elif pattern.name:
            yield pattern.name, pattern.callback


ONE_TIME_ROUTES = {
    name for name, view in _callbacks() if getattr(view, "creates_unless", None) is not None
}
CREATE_CASES = _EXTRA + [
    case
    for case in CASES
    if case.method == "post"
    and not case.json
    and case.route in ONE_TIME_ROUTES
    and _allowed_actor(case)
    and case.route != "version-create"
]
IDS = [f"{case.route}-{n}" for n, case in enumerate(CREATE_CASES)]


def _url(world, case):
    return reverse(case.route, kwargs=case.kwargs(world) if case.kwargs else None)


def _is_create(world, case) -> bool:
    data = case.data(world) if case.data else {}
    return _creates(_url(world, case), data.get("action"))


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _send(client, url, data, capture):
    with capture(execute=True):
        return client.post(url, data)


@pytest.mark.parametrize("case", CREATE_CASES, ids=IDS)
def test_a_create_form_sent_twice_creates_once(
    client, world, case, django_capture_on_commit_callbacks
):
    if not _is_create(world, case):
        pytest.skip("not a create form (an edit, remove or transition)")
    client.force_login(_user(world, _allowed_actor(case)))
    url = _url(world, case)
    data = {**(case.data(world) if case.data else {}), FIELD: new_token()}
    events = AuditEvent.objects.count()
    first = _send(client, url, data, django_capture_on_commit_callbacks)
    assert first.status_code in (200, 302), first.content[:400]
    assert AuditEvent.objects.count() == events + 1
    after_first, mails_after_first = _state(), len(mail.outbox)

    second = _send(client, url, data, django_capture_on_commit_callbacks)

    assert second.status_code == 302
    assert second["Location"] == (first["Location"] if first.status_code == 302 else url)
    assert _state() == after_first, "the second post created or changed something"
    assert len(mail.outbox) == mails_after_first, "the second post sent e-mail again"
    assert ALREADY_SENT in _messages(second)


@pytest.mark.parametrize("case", CREATE_CASES, ids=IDS)
def test_a_create_post_without_its_token_is_refused_and_changes_nothing(client, world, case):
    if not _is_create(world, case):
        pytest.skip("not a create form")
    client.force_login(_user(world, _allowed_actor(case)))
    url = _url(world, case)
    before = _state()
    response = client.post(url, {**(case.data(world) if case.data else {}), FIELD: None})
    assert response.status_code == 400
    assert "eenmalige sleutel" in response.content.decode()
    assert _state() == before


def test_every_create_view_is_sent_twice_above():
    """A view made one-time without a row above would go untested."""
    # Needs a national role, which no actor of the matrix has: tests/national/test_access.py.
    tested = {case.route for case in CREATE_CASES} | {"national-export-start"}
    assert tested >= ONE_TIME_ROUTES, sorted(ONE_TIME_ROUTES - tested)
    assert len(ONE_TIME_ROUTES) >= 20


class _Forms(HTMLParser):
    """The post forms of a page: their address, `action` field and whether they carry a token."""

    def __init__(self):
        super().__init__()
        self.forms, self._open = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self._open = {"url": attrs.get("action") or "", "action": None, "token": False}
        elif tag == "input" and self._open is not None:
            if attrs.get("name") == "action":
                self._open["action"] = attrs.get("value")
            if attrs.get("name") == FIELD:
                self._open["token"] = bool(attrs.get("value"))
        elif tag == "button" and self._open is not None and attrs.get("name") == "action":
            self._open["action"] = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "form" and self._open is not None:
            self.forms.append(self._open)
            self._open = None


PAGES = [c for c in CASES if c.method == "get" and not c.query]


@pytest.mark.parametrize("actor", ["own_org", "other_org", "coordinator"])
def test_every_create_form_on_every_page_carries_a_token(client, world, actor):
    """Read each page of the matrix as someone who may write: a form that posts to a create
    view carries a token; a form with a token posts to a view that consumes it."""
    client.force_login(_user(world, actor))
    found = set()
    for case in PAGES:
        url = _url(world, case)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(response.content.decode())
        for form in parser.forms:
            target = form["url"] or url
            creates = _creates(target, form["action"])
            where = f"{case.route}: form to {target} (action={form['action']})"
            assert creates == form["token"], where
            if creates:
                found.add(resolve(urlsplit(target).path).url_name)
    assert found, "no create form found on any page"


def test_a_form_with_errors_keeps_its_token_for_the_corrected_post(client, world):
    client.force_login(world.lead)
    url = reverse("impediment-create", kwargs={"pk": world.project.pk})
    token = new_token()
    count = Impediment.objects.count()
    valid = {
        "programme": world.programme.pk,
        "title": "Geen netcapaciteit voor de bouwstroom",
        "category": "stikstof",
        "severity": "middel",
        "owner": world.municipality.pk,
        FIELD: token,
    }
    refused = client.post(url, {**valid, "title": ""})
    assert refused.status_code == 400
    assert Impediment.objects.count() == count
    assert not FormSubmission.objects.exists()

    corrected = client.post(url, valid)
    assert corrected.status_code == 302
    assert Impediment.objects.count() == count + 1


def test_a_double_submitted_impediment_sends_one_round_of_email(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.lead)
    world.municipal_official.email = "ambtenaar@test.invalid"  # the owner's contributor
    world.municipal_official.save()
    url = reverse("impediment-create", kwargs={"pk": world.project.pk})
    data = {
        "programme": world.programme.pk,
        "title": "Vergunning ligt stil",
        "category": "stikstof",
        "severity": "middel",
        "owner": world.municipality.pk,
        FIELD: new_token(),
    }
    count = Impediment.objects.count()
    first = _send(client, url, data, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert sent > 0  # the first post told the ladder's first level
    second = _send(client, url, data, django_capture_on_commit_callbacks)
    assert Impediment.objects.count() == count + 1
    assert second["Location"] == first["Location"]
    assert len(mail.outbox) == sent


def test_a_clause_comment_sent_twice_is_stored_once(client, world):
    agr = make_agreement(world)
    client.force_login(world.municipal_official)
    url = reverse("comment-add", kwargs={"pk": agr.clause.pk})
    data = {"text": "Graag een termijn per gemeente.", FIELD: new_token()}
    count = Comment.objects.count()
    client.post(url, data)
    client.post(url, data)
    assert Comment.objects.count() == count + 1


def test_a_token_is_one_users(client, world):
    """The same token from someone else is their own first post (the key is user + token)."""
    agr = make_agreement(world)
    url = reverse("comment-add", kwargs={"pk": agr.clause.pk})
    token = new_token()
    count = Comment.objects.count()
    for user in (world.municipal_official, world.lead):
        client.force_login(user)
        client.post(url, {"text": f"Opmerking van {user}", FIELD: token})
    assert Comment.objects.count() == count + 2


@pytest.mark.parametrize(
    "token",
    ["", "abc", "zzzzzz.<script>", None],
    ids=["empty", "short", "malformed", "absent"],
)
def test_malformed_tokens_are_refused(client, world, token):
    client.force_login(world.lead)
    url = reverse("impediment-create", kwargs={"pk": world.project.pk})
    count = Impediment.objects.count()
    response = client.post(url, {"title": "x", FIELD: token})
    assert response.status_code == 400
    assert Impediment.objects.count() == count


def test_a_token_older_than_the_retention_is_refused(client, world, monkeypatch):
    """Used tokens are forgotten after the retention, so older forms cannot go through again."""
    client.force_login(world.lead)
    issued = timezone.now() - form_tokens.RETENTION - timedelta(minutes=1)
    monkeypatch.setattr(form_tokens.time, "time", lambda: issued.timestamp())
    old = new_token()
    monkeypatch.undo()
    url = reverse("impediment-create", kwargs={"pk": world.project.pk})
    assert client.post(url, {"title": "x", FIELD: old}).status_code == 400


def test_the_tick_forgets_used_tokens_after_the_retention(client, world):
    old = FormSubmission.objects.create(user=world.lead, token=new_token(), path="/")
    recent = FormSubmission.objects.create(user=world.lead, token=new_token(), path="/")
    FormSubmission.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - form_tokens.RETENTION - timedelta(hours=1)
    )
    call_command("gridpact_tick", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(FormSubmission.objects.values_list("pk", flat=True)) == [recent.pk]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need a server database"
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_posts_of_one_form_create_once(world):
    """A double click sends both posts before the first answers: the second waits for the
    first's transaction on the unique key, then leads to its result."""
    url = reverse("impediment-create", kwargs={"pk": world.project.pk})
    data = {
        "programme": world.programme.pk,
        "title": "Twee keer geklikt",
        "category": "stikstof",
        "severity": "middel",
        "owner": world.municipality.pk,
        FIELD: new_token(),
    }
    count = Impediment.objects.count()
    start, responses = threading.Barrier(2), []

    def post():
        client = Client()
        client.force_login(world.lead)
        start.wait()
        responses.append(client.post(url, data))
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Impediment.objects.count() == count + 1
    assert [r.status_code for r in responses] == [302, 302]
    assert len({r["Location"] for r in responses}) == 1
