from datetime import UTC, datetime, time

import pytest

from bench import smtp_sink
from reminders import services, tasks
from reminders.models import Delivery
from tests.factories import make_patient


def utc(*args):
    return datetime(*args, tzinfo=UTC)


NOW = utc(2026, 11, 23, 20, 5)


@pytest.fixture
def due(patient_in, time_machine):
    """`due(n)`: n London patients whose reminder is recorded and pending; returns the rows."""
    time_machine.move_to(NOW, tick=False)

    def make(n):
        patients = [patient_in("Europe/London") for _ in range(n)]
        services.record_due_deliveries()
        return list(Delivery.objects.filter(patient__in=patients).order_by("id"))

    return make


@pytest.fixture
def dispatch(beat_at):
    """`dispatch(at)`: beat's dispatcher at that moment, its sends run; returns new mail."""
    return lambda at: beat_at(tasks.dispatch_due_reminders, at)


@pytest.fixture
def patient_in():
    """`patient_in(zone, at=time(20, 0))`: a patient in that time zone, reminded at `at`."""

    def make(time_zone, at=time(20, 0), **kwargs):
        patient = make_patient(time_zone=time_zone, **kwargs)
        patient.patient_profile.reminder_time = at
        patient.patient_profile.save(update_fields=["reminder_time"])
        return patient

    return make


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on localhost that counts what it takes; Django's mailer points at it."""
    controller = smtp_sink.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    yield controller
    controller.handler.release.set()
    controller.stop()
