"""Seed the catalogue of procedure types and the decreed Atw days."""

from django.db import migrations

from gridpact.procedures import catalogue


def seed(apps, schema_editor):
    catalogue.seed(apps)


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial"), ("core", "0004_decreedday_notification")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
