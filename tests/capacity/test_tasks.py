"""The scheduled fetch of the capacity map: off by default, and on a local file (no network)."""

import json

from django.conf import settings
from django.utils import timezone

from gridpact.capacity.models import Publication
from gridpact.capacity.tasks import fetch_publication
from gridpact.core.models import AuditEvent

from .test_parsing import AUGUST


def test_the_fetch_is_off_unless_a_url_is_configured(db):
    assert settings.GRIDPACT_CAPACITY_MAP_URL == ""
    assert "capacity-map-fetch" not in settings.CELERY_BEAT_SCHEDULE
    assert fetch_publication() == "off"
    assert Publication.objects.count() == 0


def test_a_configured_file_is_imported_once_by_the_system(db, settings):
    settings.GRIDPACT_CAPACITY_MAP_URL = AUGUST.as_uri()
    assert fetch_publication.delay().get() == "imported"
    publication = Publication.objects.get()
    assert publication.imported_by is None and publication.programme is None
    assert publication.filename == "utrecht-2026-08-08.json"
    event = AuditEvent.objects.get(action="capacity.publication_imported")
    assert event.actor is None
    assert fetch_publication() == "unchanged"
    assert Publication.objects.count() == 1
    assert AuditEvent.objects.filter(action="capacity.publication_imported").count() == 1


def test_a_broken_publication_is_logged_and_imports_nothing(db, tmp_path, caplog):
    data = json.loads(AUGUST.read_text(encoding="utf-8"))
    data["areas"]["CM10"]["detail"]["queueWithdrawal"] = "1.8 XW"
    broken = tmp_path / "kaart.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    assert fetch_publication(broken.as_uri()) == "problems"
    assert Publication.objects.count() == 0
    assert "$.areas.CM10.detail.queueWithdrawal" in caplog.text


def test_an_answer_without_a_date_is_the_snapshot_of_the_day_it_was_fetched(db, tmp_path):
    data = json.loads(AUGUST.read_text(encoding="utf-8"))
    del data["snapshot_date"]
    answer = tmp_path / "kaart.json"
    answer.write_text(json.dumps(data), encoding="utf-8")
    assert fetch_publication(answer.as_uri()) == "imported"
    assert Publication.objects.get().snapshot_date == timezone.localdate()
