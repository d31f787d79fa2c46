"""The send task's guarded claim, its errors, the sweeper, and what the emails say."""

import re
import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.template.loader import render_to_string

from reminders import emails, links, services, tasks, transport
from reminders.models import Delivery
from tests.factories import AppointmentFactory, DailyEntryFactory
from tests.reminders.conftest import NOW, utc

pytestmark = pytest.mark.django_db


def _ids(deliveries):
    return [delivery.id for delivery in deliveries]


def test_only_one_of_two_runs_with_the_same_ids_sends(due):
    deliveries = due(3)

    first = services.send_deliveries(delivery_ids=_ids(deliveries))
    second = services.send_deliveries(delivery_ids=_ids(deliveries))

    assert (first, second) == (3, 0)
    assert len(mail.outbox) == 3
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_dispatcher_queues_batches_of_the_configured_size(due, settings):
    settings.REMINDERS_BATCH_SIZE = 2
    due(5)
    batches = []
    original = tasks.send_reminders.delay_on_commit
    tasks.send_reminders.delay_on_commit = batches.append
    try:
        assert tasks.queue_pending() == 5
        assert tasks.queue_pending() == 0
    finally:
        tasks.send_reminders.delay_on_commit = original

    assert [len(batch) for batch in batches] == [2, 2, 1]


def test_a_transient_refusal_puts_the_rest_back_for_the_retry(due, smtp_server):
    deliveries = due(3)
    smtp_server.handler.fail_once.add(deliveries[1].patient.email)

    with pytest.raises(services.TransientSendError):
        services.send_deliveries(delivery_ids=_ids(deliveries), final_attempt=False)

    statuses = dict(Delivery.objects.values_list("id", "status"))
    assert [statuses[d.id] for d in deliveries] == ["sent", "pending", "pending"]
    assert services.send_deliveries(delivery_ids=_ids(deliveries)) == 2
    assert smtp_server.handler.counts() == {d.patient.email: 1 for d in deliveries}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="marks go on a connection of their own on PostgreSQL"
)
def test_a_mark_lost_with_its_database_connection_leaves_that_row_for_the_sweeper(due, smtp_server):
    """The server took the first email, then the marks' connection died before its commit.

    That row stays "sending" (the sweeper's, never handed straight back: it was delivered),
    the rest go back to pending for the task's retry, and the next batch makes a new
    connection and sends each of them once.
    """
    deliveries = due(3)
    handler = smtp_server.handler
    handler.hold_at, handler.hold_answer = 1, "250 OK"
    outcome = {}

    def send():
        try:
            services.send_deliveries(delivery_ids=_ids(deliveries))
        except Exception as error:
            outcome["error"] = error
        finally:
            connection.close()

    sender = threading.Thread(target=send)
    sender.start()
    assert handler.holding.wait(10)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = current_database()",
            [transport.MarksConnection.APPLICATION_NAME],
        )
        assert cursor.fetchone() == (True,)
    handler.release.set()
    sender.join(10)

    assert isinstance(outcome.get("error"), OperationalError)
    statuses = dict(Delivery.objects.values_list("id", "status"))
    assert [statuses[d.id] for d in deliveries] == ["sending", "pending", "pending"]
    try:
        assert services.send_deliveries(delivery_ids=_ids(deliveries)) == 2
    finally:
        transport.MarksConnection.close_current()
    assert handler.counts() == {d.patient.email: 1 for d in deliveries}


def test_a_transient_error_on_the_last_attempt_marks_failed_with_the_error(due, smtp_server):
    deliveries = due(2)
    smtp_server.handler.fail_once.add(deliveries[0].patient.email)

    with pytest.raises(services.TransientSendError):
        services.send_deliveries(delivery_ids=_ids(deliveries), final_attempt=True)

    rows = list(Delivery.objects.order_by("id"))
    assert [row.status for row in rows] == ["failed", "failed"]
    assert "Try again later" in rows[0].error


def test_unreachable_mail_server_is_transient(due, settings):
    deliveries = due(1)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }

    with pytest.raises(services.TransientSendError):
        services.send_deliveries(delivery_ids=_ids(deliveries), final_attempt=False)

    assert Delivery.objects.get().status == "pending"


def test_sweeper_returns_rows_of_a_dead_worker_and_they_are_sent_once(due, time_machine):
    deliveries = due(3)
    claimed_at = NOW
    Delivery.objects.filter(id=deliveries[0].id).update(
        status="sent", sent_at=claimed_at, claimed_at=claimed_at, queued_at=claimed_at
    )
    Delivery.objects.filter(id__in=_ids(deliveries[1:])).update(
        status="sending", claimed_at=claimed_at, queued_at=claimed_at, attempts=1
    )

    # A worker that is only slow keeps its rows.
    assert services.release_stuck(now=NOW + services.STUCK_AFTER - timedelta(seconds=1)) == 0
    assert services.release_stuck(now=NOW + services.STUCK_AFTER + timedelta(seconds=1)) == 2
    assert list(Delivery.objects.order_by("id").values_list("status", flat=True)) == [
        "sent",
        "pending",
        "pending",
    ]
    assert services.send_deliveries(delivery_ids=_ids(deliveries)) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(d.patient.email for d in deliveries[1:])


def test_sweeper_requeues_a_task_lost_from_the_queue(due):
    deliveries = due(2)
    services.take_batch_to_queue(size=10)

    assert services.release_stuck(now=NOW + services.REQUEUE_AFTER - timedelta(seconds=1)) == 0
    assert services.release_stuck(now=NOW + services.REQUEUE_AFTER + timedelta(seconds=1)) == 2
    assert services.take_batch_to_queue(size=10) == _ids(deliveries)


def test_sweeper_gives_up_on_a_row_that_keeps_killing_its_worker(due):
    deliveries = due(1)
    Delivery.objects.update(
        status="sending", claimed_at=NOW, attempts=services.MAX_ATTEMPTS, queued_at=NOW
    )

    services.release_stuck(now=NOW + services.STUCK_AFTER + timedelta(seconds=1))

    delivery = Delivery.objects.get(id=deliveries[0].id)
    assert delivery.status == "failed"
    assert "Gave up" in delivery.error


def test_daily_email_has_text_and_html_links_and_no_health_data(due, settings):
    settings.SITE_URL = "https://diary.example.org"
    patient_delivery = due(1)[0]
    patient = patient_delivery.patient
    DailyEntryFactory(patient=patient, day=date(2026, 11, 22), note="knees awful", joint_pain=9)

    services.send_deliveries(delivery_ids=[patient_delivery.id])

    (message,) = mail.outbox
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    assert message.subject == "Your diary for today"
    for body in (message.body, html):
        assert "https://diary.example.org/diary/log/?day=2026-11-23" in body
        assert "https://diary.example.org/reminders/link/" in body
        words = re.sub(r"<[^>]*>|https?://\S+", " ", body).lower()  # the words she reads
        for health_word in ("knees", "pain", "anastrozole", "arimidex", "cancer", "9"):
            assert health_word not in words
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert (
        message.extra_headers["Message-ID"] == f"<reminder-{patient_delivery.id}@diary.example.org>"
    )


def test_appointment_reminder_two_days_before_links_to_her_summary(dispatch, patient_in):
    patient = patient_in("Europe/London")
    patient.therapy_periods.update(drug="letrozole")
    AppointmentFactory(patient=patient, date=date(2026, 11, 25), note="oncology review")
    DailyEntryFactory(patient=patient, day=date(2026, 11, 23))

    sent = dispatch(utc(2026, 11, 23, 20, 1))
    assert dispatch(utc(2026, 11, 24, 20, 1)) != []  # the daily one; no second summary email

    (message,) = sent
    assert message.subject == "Your diary summary"
    assert "/summary/" in message.body
    words = re.sub(r"https?://\S+", "", message.body).lower()
    for word in ("oncology", "appointment", "letrozole", "25"):
        assert word not in words
    kinds = Delivery.objects.filter(patient=patient).values_list("local_date", "kind")
    assert sorted(kinds) == [
        (date(2026, 11, 23), "appointment"),
        (date(2026, 11, 24), "daily"),
    ]


def test_deleted_appointment_is_not_reminded(patient_in, time_machine):
    patient = patient_in("Europe/London")
    appointment = AppointmentFactory(patient=patient, date=date(2026, 11, 25))
    time_machine.move_to(NOW, tick=False)
    DailyEntryFactory(patient=patient, day=date(2026, 11, 23))
    services.record_due_deliveries()
    appointment.delete()

    assert (
        services.send_deliveries(delivery_ids=list(Delivery.objects.values_list("id", flat=True)))
        == 0
    )
    assert Delivery.objects.get().status == "skipped"


def test_non_ascii_header_takes_djangos_path(due, settings, smtp_server):
    settings.DEFAULT_FROM_EMAIL = "Tagebuch für Symptome <diary@example.org>"
    deliveries = due(1)

    assert services.send_deliveries(delivery_ids=_ids(deliveries)) == 1
    assert smtp_server.handler.counts() == {deliveries[0].patient.email: 1}


def test_layout_rendered_once_gives_each_recipient_the_email_rendered_for_her(due, settings):
    # An ampersand in the site's address: the HTML part must carry it escaped, as the template
    # escapes it.
    settings.SITE_URL = "https://diary.example.org/a&b"
    first, second = (Delivery.objects.select_related("patient").get(id=row.id) for row in due(2))
    layouts = {}

    for delivery in (first, second):
        message = emails.reminder_message(delivery, layouts=layouts)
        context = {
            "kind": delivery.kind,
            "main_url": f"{settings.SITE_URL}/diary/log/?day={delivery.local_date.isoformat()}",
            "snooze_url": links.url_for(delivery.id, links.SNOOZE),
            "stop_url": links.url_for(delivery.id, links.STOP),
            "snooze_days": 7,
        }
        assert message.body == render_to_string("reminders/email.txt", context)
        assert message.alternatives[0][0] == render_to_string("reminders/email.html", context)
        assert "a&amp;b/reminders/link/" in message.alternatives[0][0]
    assert len(layouts) == 1
