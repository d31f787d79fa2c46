from datetime import UTC, datetime, time

import pytest

from bench import smtp_sink
from reminders import tasks
from tests.factories import make_patient


def utc(*args):
    return datetime(*args, tzinfo=UTC)


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
