"""Write every record (audit trail included) to one compressed JSON file."""

import gzip
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

# Everything GridPact owns; Django's content types and permissions are rebuilt by `migrate`.
APPS = [
    "parties",
    "programmes",
    "projects",
    "procedures",
    "escalations",
    "monitoring",
    "costs",
    "meetings",
    "api",
    "core",
    "sessions",
]


class Command(BaseCommand):
    help = "Back up the database to var/backups/ (or --output) as gzipped JSON."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: var/backups/<time>.json.gz)")

    def handle(self, *args, output=None, **options):
        path = (
            Path(output)
            if output
            else (settings.VAR_DIR / "backups" / f"gridpact-{datetime.now():%Y%m%d-%H%M%S}.json.gz")
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        with gzip.open(path, "wt", encoding="utf-8") as stream:
            call_command("dumpdata", *APPS, stdout=stream, indent=None)
        self.stdout.write(str(path))
