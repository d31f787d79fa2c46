"""Celery tasks of the care side: alerts evaluated after a day changes and every night, and
the weekly digest (beat entries in settings.CELERY_BEAT_SCHEDULE).

Tasks take ids, are queued after the transaction that asked for them commits, and retry with
backoff when the database is away; a task run twice does no harm (the memory ignores what it
holds already, a digest is claimed before it is sent).
"""

import smtplib
from itertools import batched

from celery import shared_task
from django.conf import settings
from django.db import OperationalError

from accounts.models import User
from care import alerts, digests
from tracker.selectors import local_today

# Seconds; a batch of `CARE_ALERTS_BATCH_SIZE` patients takes well under one (bench/alerts.py).
SOFT_LIMIT, HARD_LIMIT = 240, 300
RETRIES = {
    "autoretry_for": (OperationalError,),
    "max_retries": 5,
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
}


@shared_task(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT, **RETRIES)
def raise_patient_alerts(patient_id):
    """After one of her days changed: her fortnight ending on her local today."""
    patient = User.objects.select_related("patient_profile").filter(pk=patient_id).first()
    if patient is None or not hasattr(patient, "patient_profile"):
        return 0
    return alerts.raise_alerts(patient=patient, today=local_today(patient.patient_profile))


@shared_task(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT, **RETRIES)
def raise_alerts_for_sharers():
    """Nightly: queue one batch task per `CARE_ALERTS_BATCH_SIZE` patients who share."""
    ids = alerts.sharing_patient_ids()
    for batch in batched(ids, settings.CARE_ALERTS_BATCH_SIZE):
        raise_alerts_batch.delay(list(batch))
    return len(ids)


@shared_task(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT, **RETRIES)
def raise_alerts_batch(patient_ids):
    return alerts.raise_alerts_for(patient_ids=patient_ids)


@shared_task(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT, **RETRIES)
def dispatch_weekly_digests():
    """Hourly: record the digests due (Monday morning, each clinician's time) and queue them."""
    pending = digests.record_due_digests()
    for digest_id in pending:
        send_weekly_digest.delay_on_commit(digest_id)
    return len(pending)


@shared_task(
    soft_time_limit=SOFT_LIMIT,
    time_limit=HARD_LIMIT,
    **RETRIES | {"autoretry_for": (OperationalError, smtplib.SMTPException, OSError)},
)
def send_weekly_digest(digest_id):
    return digests.send_digest(digest_id=digest_id)
