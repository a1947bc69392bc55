"""The capacity map over the API: the areas are public, the links are scoped like the project."""

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gridpact.capacity import services
from gridpact.capacity.models import ServiceArea
from tests.api import api_url

from .test_parsing import AUGUST, JULY


def _import(world, path):
    services.import_publication(
        actor=world.coordinator,
        programme=world.programme,
        content=path.read_bytes(),
        filename=path.name,
        dry_run=False,
    )


def test_every_caller_reads_the_areas_with_the_latest_figures(client, world):
    _import(world, JULY)
    _import(world, AUGUST)
    client.force_login(world.outsider)  # of another programme: the map is public
    answer = client.get(api_url("service-area-list", operator="Stedin", pageSize=50)).json()
    assert answer["count"] == 15
    oudenrijn = next(row for row in answer["results"] if row["code"] == "CM10")
    assert oudenrijn["latest"]["snapshot_date"] == "2026-08-08"
    assert Decimal(oudenrijn["latest"]["queue_withdrawal_mw"]) == Decimal("6")
    assert oudenrijn["latest"]["queue_withdrawal_requests"] == 30
    assert oudenrijn["latest"]["capacity_now_injection"] is None  # "-" on the map
    assert oudenrijn["latest"]["tennet_year_solved_withdrawal"] == 2035


def test_the_area_list_does_a_bounded_number_of_queries(client, world):
    _import(world, AUGUST)
    client.force_login(world.lead)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(api_url("service-area-list", pageSize=50))
    assert response.json()["count"] == 16
    assert len(queries) <= 8


def test_links_are_read_only_by_who_sees_the_project(client, world):
    _import(world, AUGUST)
    area = ServiceArea.objects.get(code="CM15")
    visible = services.link_area(actor=world.coordinator, project=world.project, area=area)
    internal = services.link_area(actor=None, project=world.internal_project, area=area)
    client.force_login(world.lead)  # not of the internal project's lead operator
    ids = {row["id"] for row in client.get(api_url("project-area-link-list")).json()["results"]}
    assert ids == {str(visible.pk)}
    assert client.get(api_url("project-area-link-detail", internal.pk)).status_code == 404
    client.force_login(world.outsider)
    assert client.get(api_url("project-area-link-list")).json()["count"] == 0
    assert client.get(api_url("project-area-link-detail", visible.pk)).status_code == 404
