"""Removing a suspension asks first, then removes it through the service with one audit event."""

from django.test import Client
from django.urls import reverse

from gridpact.core.models import AuditEvent
from gridpact.procedures.models import Suspension


def _post(client, world, **extra):
    url = reverse("suspension-change", kwargs={"pk": world.suspension.pk})
    return client.post(url, {"action": "remove", "version": world.procedure.version, **extra})


def test_the_first_post_asks_for_confirmation_and_changes_nothing(client, world):
    client.force_login(world.municipal_official)  # the competent authority
    events = AuditEvent.objects.count()
    page = _post(client, world)
    assert page.status_code == 200
    assert page.templates[0].name == "confirm.html"
    html = page.content.decode()
    assert 'name="confirmed" value="1"' in html
    assert 'name="action" value="remove"' in html
    assert f'name="version" value="{world.procedure.version}"' in html
    assert "csrfmiddlewaretoken" in html
    assert world.procedure.get_absolute_url() in html  # cancel goes back
    assert Suspension.objects.filter(pk=world.suspension.pk).exists()
    assert AuditEvent.objects.count() == events


def test_the_confirmed_post_removes_it_with_one_audit_event(client, world):
    client.force_login(world.municipal_official)
    events = AuditEvent.objects.count()
    response = _post(client, world, confirmed="1")
    assert response.status_code == 302
    assert not Suspension.objects.filter(pk=world.suspension.pk).exists()
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("-pk").first().action == "procedure.suspension_removed"


def test_removal_needs_post_csrf_and_the_right_to_edit(world):
    url = reverse("suspension-change", kwargs={"pk": world.suspension.pk})
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.municipal_official)
    assert strict.get(url).status_code == 405
    data = {"action": "remove", "version": world.procedure.version, "confirmed": "1"}
    assert strict.post(url, data).status_code == 403  # no CSRF token
    applicant = Client()
    applicant.force_login(world.lead)  # the grid operator applies; it does not decide
    assert applicant.post(url, data).status_code == 403
    assert Suspension.objects.filter(pk=world.suspension.pk).exists()
