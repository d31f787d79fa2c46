"""A random FHIR id for every patient: added empty, filled one uuid4 per existing row, then
made required and unique (a default on AddField would give every row the same value)."""

import uuid

from django.db import migrations, models


def fill_fhir_ids(apps, schema_editor):
    PatientProfile = apps.get_model("tracker", "PatientProfile")
    profiles = list(PatientProfile.objects.filter(fhir_id=None).only("pk"))
    for profile in profiles:
        profile.fhir_id = uuid.uuid4()
    PatientProfile.objects.bulk_update(profiles, ["fhir_id"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("tracker", "0004_joint_or_muscle_pain_label"),
    ]

    operations = [
        migrations.AddField(
            model_name="patientprofile",
            name="fhir_id",
            field=models.UUIDField(editable=False, null=True, verbose_name="FHIR id"),
        ),
        migrations.RunPython(fill_fhir_ids, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="patientprofile",
            name="fhir_id",
            field=models.UUIDField(
                default=uuid.uuid4, editable=False, unique=True, verbose_name="FHIR id"
            ),
        ),
    ]
