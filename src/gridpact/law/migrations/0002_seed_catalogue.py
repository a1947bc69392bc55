from django.db import migrations

from gridpact.law.catalogue import seed


def forwards(apps, schema_editor):
    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("law", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
