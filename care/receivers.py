"""What the care side does when the diary or who may see it changes (connected in
`CareConfig.ready`)."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from care import tasks
from care.list_cache import renew_lists, renew_lists_of
from care.models import ClinicianProfile, Grant
from tracker.signals import diary_changed


@receiver(diary_changed, dispatch_uid="care.after_diary_changed")
def after_diary_changed(sender, *, patient_id, day=None, **kwargs):
    """Her clinicians' lists show her anew; a changed day queues her alert evaluation once
    committed. Nothing, and one query, when she shares with nobody."""
    clinicians = list(
        Grant.objects.live().filter(patient_id=patient_id).values_list("clinician_id", flat=True)
    )
    renew_lists(clinicians)
    if clinicians and day is not None:
        tasks.raise_patient_alerts.delay_on_commit(patient_id)


@receiver(post_save, sender=Grant, dispatch_uid="care.grant_saved")
@receiver(post_delete, sender=Grant, dispatch_uid="care.grant_deleted")
def after_grant_changed(sender, instance, **kwargs):
    """A grant made, changed or stopped, also in the admin, changes her clinician's list."""
    renew_lists([instance.clinician_id])


@receiver(post_save, sender=ClinicianProfile, dispatch_uid="care.clinician_profile_saved")
def after_clinician_profile_saved(sender, instance, **kwargs):
    """Her time zone sets the date her list's 4 weeks of adherence end on."""
    renew_lists([instance.user_id])


@receiver(post_save, sender=get_user_model(), dispatch_uid="care.account_saved")
def after_account_saved(sender, instance, update_fields=None, **kwargs):
    """Her email stands for her name on the lists until she gives one; a sign-in, which
    saves only the time of it, changes nothing they show."""
    if update_fields != frozenset({"last_login"}) and not kwargs.get("created"):
        renew_lists_of([instance.pk])
