"""Load a backup made by `manage.py backup` into an empty, migrated database."""

import gzip
import tempfile
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gridpact.core.models import AuditEvent


class Command(BaseCommand):
    help = "Restore a backup into an empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        # A database in use has people or an audit trail (migrations seed neither). The user model
        # through Django's setting: core imports no domain app (decision 0024).
        if get_user_model().objects.exists() or AuditEvent.objects.exists():
            raise CommandError("The database is not empty; restore into a new, migrated database.")
        with (
            gzip.open(file, "rt", encoding="utf-8") as source,
            tempfile.NamedTemporaryFile(
                "w", suffix=".json", encoding="utf-8", delete=False
            ) as plain,
        ):
            plain.write(source.read())
        try:
            call_command("loaddata", plain.name, verbosity=0)
        finally:
            Path(plain.name).unlink()
        self.stdout.write(f"restored {file}")
