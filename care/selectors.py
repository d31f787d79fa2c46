"""Reads of the care side. Callers have checked who is asking (`care.access.patient_for`)."""

from django.utils import timezone

from care.models import Alert
from care.services import viewer_words

# "Seen by ..." lines shown under a patient's unseen alerts.
SEEN_SHOWN = 5


def unseen_alerts(*, patient):
    """Her alerts no clinician has marked seen yet, newest first."""
    return unseen_alerts_by_patient(patient_ids=[patient.pk]).get(patient.pk, [])


def unseen_alerts_by_patient(*, patient_ids):
    """The unseen alerts of many patients in one query (a page of the patient list): a dict
    of patient id to her alerts, newest first; patients with none are left out. Served by the
    partial index `care_alert_unseen`."""
    found = {}
    for alert in Alert.objects.filter(patient_id__in=list(patient_ids), seen_at=None).order_by(
        "patient_id", "-raised_at", "key"
    ):
        found.setdefault(alert.patient_id, []).append(alert)
    return found


def seen_alerts(*, patient, limit=SEEN_SHOWN):
    """Her most recently seen alerts, each with `seen_words` ("Seen by Ana Silva
    (ana@clinic.org) on 3 December"), so the other clinicians of the patient know who dealt
    with them. One query."""
    alerts = list(
        Alert.objects.filter(patient=patient, seen_at__isnull=False)
        .select_related("seen_by__clinician_profile")
        .order_by("-seen_at", "key")[:limit]
    )
    for alert in alerts:
        who = viewer_words(clinician=alert.seen_by) if alert.seen_by else "a closed account"
        alert.seen_words = f"Seen by {who} on {timezone.localtime(alert.seen_at):%-d %B}"
    return alerts
