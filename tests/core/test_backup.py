"""A backup restored into an empty database holds every record and audit event again."""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "parties",
            "programmes",
            "projects",
            "procedures",
            "escalations",
            "monitoring",
            "core",
            "api",
        }
    }


def test_backup_and_restore_round_trip(world, tmp_path, transactional_db):
    before = _counts()
    assert before["core.AuditEvent"] > 0
    target = tmp_path / "backup.json.gz"
    call_command("backup", output=str(target), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("restore", str(target), stdout=io.StringIO())  # refuses a non-empty database
    call_command("flush", interactive=False, verbosity=0)
    assert _counts()["core.AuditEvent"] == 0
    call_command("restore", str(target), stdout=io.StringIO())
    assert _counts() == before
