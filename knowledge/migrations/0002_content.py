from django.db import migrations


def load_content(apps, schema_editor):
    from knowledge import content

    content.load(apps)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(load_content, migrations.RunPython.noop)]
