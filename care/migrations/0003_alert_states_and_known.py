import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The memory keeps each alert's evidence (its day, level and the level that is worse),
    the last day its reason was found, and "known, being managed"; the week key gives way to
    the evidence day."""

    dependencies = [
        ("care", "0002_weekly_digest"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="alert", name="care_alert_one_per_reason_and_week"),
        migrations.RenameField(model_name="alert", old_name="week", new_name="day"),
        migrations.AddField(
            model_name="alert",
            name="priority",
            field=models.PositiveSmallIntegerField(
                choices=[(1, "May be stopping the tablet"), (2, "Symptoms")], default=2
            ),
        ),
        migrations.AddField(model_name="alert", name="level", field=models.FloatField(default=0)),
        migrations.AddField(
            model_name="alert", name="worse_at", field=models.FloatField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="alert", name="present_on", field=models.DateField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="alert", name="known_until", field=models.DateField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="alert", name="known_at", field=models.DateTimeField(blank=True, null=True)
        ),
        migrations.AddField(
            model_name="alert",
            name="known_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.UniqueConstraint(
                fields=("patient", "key", "day"), name="care_alert_one_per_reason_and_day"
            ),
        ),
        migrations.AddConstraint(
            model_name="alert",
            constraint=models.CheckConstraint(
                condition=models.Q(("known_until__isnull", True), ("seen_at__isnull", False), _connector="OR"),
                name="care_alert_known_is_seen",
            ),
        ),
        migrations.AddIndex(
            model_name="alert",
            index=models.Index(fields=["patient", "key", "-raised_at"], name="care_alert_latest"),
        ),
    ]
