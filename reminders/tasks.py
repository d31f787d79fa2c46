"""Celery tasks: a dispatcher run by beat every minute, the send task, and the sweeper.

No task is scheduled with an `eta` or `countdown` for the future: Redis hands such a task to a
second worker once its visibility timeout passes. The database decides who is due; tasks take
ids and are queued after the transaction that recorded the rows commits. The only countdowns
are retry back-offs, capped far below the visibility timeout (one hour), and a duplicate run
of a send task finds nothing left to claim.
"""

from itertools import batched

from celery import shared_task
from celery.signals import worker_process_shutdown
from django.conf import settings
from django.db import OperationalError

from reminders import services, transport

# Seconds; the hard limit stays below services.STUCK_AFTER (prefork pool: threads have none).
SOFT_LIMIT, HARD_LIMIT = 240, 300
# How many send tasks' worth of rows the dispatcher takes from the table at a time.
BATCHES_PER_TAKE = 50


@shared_task(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def dispatch_due_reminders():
    """Record the deliveries due now and queue a send task for each batch of them."""
    recorded = services.record_due_deliveries()
    return {"recorded": recorded, "queued": queue_pending()}


@shared_task(soft_time_limit=SOFT_LIMIT, time_limit=HARD_LIMIT)
def sweep_stuck_deliveries():
    """Hand back deliveries whose worker died or whose task got lost, and queue them again."""
    released = services.release_stuck()
    return {"released": released, "queued": queue_pending()}


@shared_task(
    bind=True,
    soft_time_limit=SOFT_LIMIT,
    time_limit=HARD_LIMIT,
    autoretry_for=(services.TransientSendError, OperationalError),
    max_retries=5,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
)
def send_reminders(self, delivery_ids):
    """Send the reminders of one batch over one mail connection."""
    return services.send_deliveries(
        delivery_ids=delivery_ids, final_attempt=self.request.retries >= self.max_retries
    )


def queue_pending():
    """Queue one send task per batch of pending deliveries that no task holds; returns rows.

    Rows are taken many batches at a time (one transaction each), so a dispatcher facing
    100,000 due patients runs tens of statements, not thousands.
    """
    size = settings.REMINDERS_BATCH_SIZE
    queued = 0
    while ids := services.take_batch_to_queue(size=size * BATCHES_PER_TAKE):
        for batch in batched(ids, size):
            send_reminders.delay_on_commit(list(batch))
        queued += len(ids)
    return queued


@worker_process_shutdown.connect
def close_marks_connection(**kwargs):
    """A pool process leaving says goodbye to PostgreSQL instead of dropping the socket."""
    transport.MarksConnection.close_current()
