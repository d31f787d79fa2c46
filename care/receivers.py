"""What the care side does when the diary changes (connected in `CareConfig.ready`)."""

from django.dispatch import receiver

from care import tasks
from care.models import Grant
from tracker.signals import day_changed


@receiver(day_changed, dispatch_uid="care.evaluate_alerts_after_day_changed")
def evaluate_alerts_after_day_changed(sender, *, patient_id, **kwargs):
    """Queue her alert evaluation once the day is committed, if anyone may see the alerts."""
    if Grant.objects.live().filter(patient_id=patient_id).exists():
        tasks.raise_patient_alerts.delay_on_commit(patient_id)
