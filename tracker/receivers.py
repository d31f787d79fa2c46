"""Every write to her diary renews its version (`tracker.versions`) and tells other apps
(`tracker.signals.diary_changed`). Model signals rather than calls in `tracker.services`, so
that the admin's edits and deletions count too; bulk writes (the demo, the benchmarks) send
none and make patients that no page has cached yet."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from tracker import versions
from tracker.models import Appointment, DailyEntry, PatientProfile, TherapyPeriod
from tracker.signals import diary_changed


@receiver(post_save, sender=DailyEntry, dispatch_uid="tracker.day_saved")
@receiver(post_delete, sender=DailyEntry, dispatch_uid="tracker.day_deleted")
def day_changed(sender, instance, origin=None, **kwargs):
    if not _her_account_deleted(origin):
        _changed(sender, instance.patient_id, day=instance.day)


@receiver(post_save, sender=TherapyPeriod, dispatch_uid="tracker.period_saved")
@receiver(post_delete, sender=TherapyPeriod, dispatch_uid="tracker.period_deleted")
@receiver(post_save, sender=Appointment, dispatch_uid="tracker.appointment_saved")
@receiver(post_delete, sender=Appointment, dispatch_uid="tracker.appointment_deleted")
def timeline_changed(sender, instance, origin=None, **kwargs):
    if not _her_account_deleted(origin):
        _changed(sender, instance.patient_id)


@receiver(post_save, sender=PatientProfile, dispatch_uid="tracker.profile_saved")
def profile_changed(sender, instance, **kwargs):
    _changed(sender, instance.user_id)


@receiver(post_delete, sender=get_user_model(), dispatch_uid="tracker.account_deleted")
def account_deleted(sender, instance, **kwargs):
    """Once for her whole diary, rather than once for each of its rows going with her."""
    _changed(sender, instance.pk)


def _her_account_deleted(origin):
    return isinstance(origin, get_user_model())


def _changed(sender, patient_id, day=None):
    versions.renew(versions.DIARY, [patient_id])
    diary_changed.send(sender=sender, patient_id=patient_id, day=day)
