"""A read replica serves dashboards and report exports, and nothing else: no writes, no pages
where a person must see their own change at once."""

import pytest
from django.test import override_settings
from django.urls import reverse

from gridpact.core.replica import REPLICA, ReplicaRouter, read_replica
from gridpact.projects.models import Project

WITH_REPLICA = {"default": {}, REPLICA: {}}
# Only the router reads DATABASES here; no connection is made to the pretend replica.
pytestmark = pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")


def test_without_a_replica_everything_reads_from_default():
    router = ReplicaRouter()
    with read_replica():
        assert router.db_for_read(Project) is None


@override_settings(DATABASES=WITH_REPLICA)
def test_with_a_replica_only_marked_reads_go_there_and_writes_never():
    router = ReplicaRouter()
    assert router.db_for_read(Project) is None
    with read_replica():
        assert router.db_for_read(Project) == REPLICA
        assert router.db_for_write(Project) is None
    assert router.db_for_read(Project) is None
    assert router.allow_migrate(REPLICA, "projects") is False
    assert router.allow_migrate("default", "projects") is True


class RecordingRouter(ReplicaRouter):
    """Records where each read would go; reads from default, as the test has no replica."""

    def __init__(self):
        self.seen = set()

    def db_for_read(self, model, **hints):
        self.seen.add(super().db_for_read(model, **hints))
        return None


def test_the_dashboard_and_its_export_read_from_the_replica_other_pages_do_not(client, world):
    client.force_login(world.coordinator)
    pages = {
        reverse("dashboard", kwargs={"pk": world.programme.pk}): {REPLICA},
        reverse("dashboard-export", kwargs={"pk": world.programme.pk, "fmt": "csv"}): {REPLICA},
        reverse("my-work"): set(),
        reverse("project-detail", kwargs={"pk": world.project.pk}): set(),
    }
    for url, expected in pages.items():
        recorder = RecordingRouter()
        with override_settings(DATABASES=WITH_REPLICA, DATABASE_ROUTERS=[recorder]):
            assert client.get(url).status_code == 200
        assert recorder.seen - {None} == expected, url
