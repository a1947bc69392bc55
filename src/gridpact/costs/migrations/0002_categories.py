"""Seed the built-in cost categories."""

from django.db import migrations

from gridpact.costs import categories


def seed(apps, schema_editor):
    categories.seed(apps)


class Migration(migrations.Migration):
    dependencies = [("costs", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
