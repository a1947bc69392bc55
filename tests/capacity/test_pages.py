"""The capacity-map pages: a coordinator checks and imports a snapshot; a project's lead grid
operator confirms the suggested links."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gridpact.capacity import permissions, services
from gridpact.capacity.models import ProjectAreaLink, ProjectWorkLink, Publication, ServiceArea
from gridpact.core.models import AuditEvent
from gridpact.parties.models import Role

from ..factories import MembershipFactory, ProjectFactory
from .test_parsing import AUGUST, JULY


def _file(path=AUGUST, content=None):
    return SimpleUploadedFile(path.name, content if content is not None else path.read_bytes())


def _page(world):
    return reverse("capacity-publications", kwargs={"pk": world.programme.pk})


def test_the_coordinator_checks_a_file_then_imports_exactly_what_was_checked(client, world):
    client.force_login(world.coordinator)
    checked = client.post(_page(world), {"action": "check", "file": _file()})
    page = checked.content.decode()
    assert checked.status_code == 200
    assert (
        "Het bestand is in orde: de momentopname van 8 augustus 2026 met 16 voedingsgebieden"
        in (page)
    )
    assert "153,2 MW" in page and "362" in page  # Stedin's withdrawal waiting list
    assert Publication.objects.count() == 0

    imported = client.post(_page(world), {"action": "import"})
    assert imported.status_code == 302
    publication = Publication.objects.get()
    assert publication.snapshot_date.isoformat() == "2026-08-08"
    listing = client.get(_page(world)).content.decode()
    assert "Geïmporteerd: de momentopname van 8 augustus 2026, 16 voedingsgebieden." in listing
    assert "Er kunnen geen rechten aan worden ontleend" in listing  # the publisher's disclaimer
    assert 'id="capacity-snapshots"' in listing


def test_the_same_file_again_is_recognised_and_nothing_changes(client, world):
    client.force_login(world.coordinator)
    client.post(_page(world), {"action": "import", "file": _file()})
    events = AuditEvent.objects.count()
    again = client.post(_page(world), {"action": "check", "file": _file()})
    assert "Dit bestand is al geïmporteerd" in again.content.decode()
    assert 'value="import"' not in again.content.decode()
    assert Publication.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_a_file_with_problems_shows_each_by_path_and_value_and_imports_nothing(client, world):
    client.force_login(world.coordinator)
    data = json.loads(AUGUST.read_text(encoding="utf-8"))
    data["areas"]["CM10"]["detail"]["queueWithdrawal"] = "1.8 XW"
    data["areas"]["CM12"]["detail"]["projects"][0]["gridOperator"] = "Onbekend Net"
    response = client.post(
        _page(world), {"action": "import", "file": _file(content=json.dumps(data).encode())}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "2 problemen; er is niets opgeslagen." in page
    assert "<code>$.areas.CM10.detail.queueWithdrawal</code>" in page
    assert "&#x27;1.8 XW&#x27; is geen getal met eenheid MW." in page
    assert "&#x27;Onbekend Net&#x27; is geen netbeheerder die GridPact kent." in page
    assert Publication.objects.count() == 0
    # The import button does not appear, and an import without a checked file imports nothing.
    assert 'value="import"' not in page
    assert client.post(_page(world), {"action": "import"}).status_code == 400
    assert Publication.objects.count() == 0


def test_members_read_the_snapshots_but_only_the_coordinator_may_upload(client, world):
    services.import_publication(
        actor=world.coordinator,
        programme=world.programme,
        content=JULY.read_bytes(),
        filename=JULY.name,
        dry_run=False,
    )
    client.force_login(world.lead)
    page = client.get(_page(world)).content.decode()
    assert "29 juli 2026" in page
    assert 'type="file"' not in page
    response = client.post(_page(world), {"action": "import", "file": _file()})
    assert response.status_code == 403
    assert Publication.objects.count() == 1


def test_the_programme_overview_links_to_the_capacity_map(client, world):
    client.force_login(world.coordinator)
    overview = client.get(reverse("programme-overview", kwargs={"pk": world.programme.pk}))
    assert _page(world) in overview.content.decode()


# --- a project's links --------------------------------------------------------------------


@pytest.fixture
def mapped(world):
    """The August snapshot imported; the world's project is a Stedin station in Baarn."""
    services.import_publication(
        actor=world.coordinator,
        programme=world.programme,
        content=AUGUST.read_bytes(),
        filename=AUGUST.name,
        dry_run=False,
    )
    world.project.name = "Hoogspanningsstation Soest–Baarn"
    world.project.voltage_levels = "150/20 kV"
    world.project.save()
    world.operator.short_name = "Stedin"
    world.operator.save()
    return world


def _links(world):
    return reverse("capacity-project", kwargs={"pk": world.project.pk})


def test_the_lead_operator_sees_suggestions_and_confirms_them(client, mapped):
    world = mapped
    client.force_login(world.lead)
    page = client.get(_links(world)).content.decode()
    assert "Nieuw Transformatorstation - Soest/Baarn" in page
    assert "Tussen 2031 en 2033" in page
    assert 'id="area-suggestions"' in page and "Baarn" in page
    work_row = page.split("Nieuw Transformatorstation - Soest/Baarn")[1]
    work_id = work_row.split('name="work" value="')[1].split('"')[0]
    assert client.post(_links(world), {"action": "link_work", "work": work_id}).status_code == 302
    baarn = ServiceArea.objects.get(code="CM15")
    assert client.post(_links(world), {"action": "link_area", "area": baarn.pk}).status_code == 302

    link = ProjectWorkLink.objects.get(project=world.project)
    assert (link.operator, link.work_key) == ("Stedin", "nieuw transformatorstation soest baarn")
    assert link.confirmed_by == world.lead
    assert ProjectAreaLink.objects.get(project=world.project).area == baarn
    page = client.get(_links(world)).content.decode()
    linked = page.split('id="linked-areas"')[1].split("</table>")[0]
    assert "1,8 MW" in linked and "15" in linked and "2029; 2035" in linked
    # A linked work is no longer suggested.
    suggestions = page.split('id="work-suggestions"')[1].split("</table>")[0]
    assert "Soest/Baarn" not in suggestions


def test_removing_a_link_asks_first_and_then_records_it(client, mapped):
    world = mapped
    link = services.link_area(
        actor=world.lead, project=world.project, area=ServiceArea.objects.get(code="CM15")
    )
    client.force_login(world.coordinator)
    asked = client.post(_links(world), {"action": "unlink_area", "link": link.pk})
    assert asked.status_code == 200
    assert "De koppeling met “Baarn (Stedin)” verwijderen?" in asked.content.decode()
    assert ProjectAreaLink.objects.count() == 1
    done = client.post(_links(world), {"action": "unlink_area", "link": link.pk, "confirmed": "1"})
    assert done.status_code == 302
    assert ProjectAreaLink.objects.count() == 0
    assert AuditEvent.objects.order_by("-id").first().action == "capacity.area_unlinked"


def test_a_link_holds_for_the_work_in_a_later_snapshot(client, mapped):
    world = mapped
    work = Publication.objects.get().works.get(name="Nieuw Transformatorstation - Soest/Baarn")
    services.link_work(actor=None, project=world.project, work=work)  # by the system
    services.import_publication(
        actor=world.coordinator,
        programme=world.programme,
        content=JULY.read_bytes(),
        filename=JULY.name,
        dry_run=False,
    )
    client.force_login(world.lead)
    page = client.get(_links(world)).content.decode()
    linked = page.split('id="linked-works"')[1].split("</table>")[0]
    assert "Tussen 2031 en 2033" in linked  # found again in the newest snapshot, by its key


def test_others_read_the_links_without_suggestions_or_buttons(client, mapped):
    world = mapped
    client.force_login(world.municipal_official)
    page = client.get(_links(world))
    assert page.status_code == 200
    assert 'id="work-suggestions"' not in page.content.decode()
    assert 'name="action"' not in page.content.decode()


def test_the_links_page_does_a_bounded_number_of_queries(client, mapped):
    world = mapped
    client.force_login(world.lead)
    client.get(_links(world))
    with CaptureQueriesContext(connection) as few:
        client.get(_links(world))
    for area in ServiceArea.objects.all():
        services.link_area(actor=world.lead, project=world.project, area=area)
    with CaptureQueriesContext(connection) as many:
        client.get(_links(world))
    assert len(many) == len(few)


def test_who_may_edit_a_projects_links(world):
    other_operator_member = MembershipFactory(
        organisation=world.internal_project.lead_operator, role=Role.CONTRIBUTOR
    ).user
    may = {
        "coordinator": True,
        "lead": True,
        "reader": False,  # of the lead operator, but only reading
        "municipal_official": False,
        "outsider": False,  # coordinator of another programme
    }
    for name, expected in may.items():
        assert permissions.can_edit_links(getattr(world, name), world.project) is expected, name
    assert permissions.can_edit_links(other_operator_member, world.project) is False
    assert permissions.can_edit_links(other_operator_member, world.internal_project) is True
    elsewhere = ProjectFactory(programme=world.other_programme)
    assert permissions.can_edit_links(world.coordinator, elsewhere) is False


def test_who_imported_a_snapshot_in_another_programme_is_not_shown(client, world):
    elsewhere = MembershipFactory(
        organisation=world.other_programme.owner,
        role=Role.COORDINATOR,
        user__username="coordinator.elders",
        user__last_name="Van Elders",
    ).user
    services.import_publication(
        actor=elsewhere,
        programme=world.other_programme,
        content=AUGUST.read_bytes(),
        filename=AUGUST.name,
        dry_run=False,
    )
    client.force_login(world.lead)
    page = client.get(_page(world)).content.decode()
    snapshots = page.split('id="capacity-snapshots"')[1].split("</table>")[0]
    assert "8 augustus 2026" in snapshots  # the map itself is public
    assert "in een ander programma" in snapshots
    assert elsewhere.username not in page and elsewhere.last_name not in page
