from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reminders.models import Delivery

pytestmark = pytest.mark.django_db


def _report(*args):
    out = StringIO()
    call_command("reminder_report", *args, stdout=out)
    return out.getvalue()


def test_report_counts_and_lists_a_days_deliveries(patient, other_patient, clinician):
    day = date(2026, 11, 23)
    Delivery.objects.create(patient=patient, kind="daily", local_date=day, status="sent")
    Delivery.objects.create(
        patient=other_patient, kind="daily", local_date=day, status="failed", error="550 no such"
    )
    Delivery.objects.create(patient=patient, kind="daily", local_date=date(2026, 11, 24))

    report = _report("--date", "2026-11-23")

    lines = report.splitlines()
    assert lines[0] == (
        "Reminders for 2026-11-23: 2 (0 pending, 0 sending, 1 sent, 0 skipped, 1 failed)"
    )
    assert len(lines) == 3
    assert "other@example.org" in lines[1] and "error: 550 no such" in lines[1]
    assert "patient@example.org" in lines[2] and "sent" in lines[2]
    assert len(_report("--date", "2026-11-23", "--status", "failed").splitlines()) == 2


@pytest.mark.parametrize("bad", ["2026-13-01", "yesterday", ""])
def test_report_refuses_a_bad_date(bad):
    with pytest.raises(CommandError, match="--date wants a date like"):
        _report("--date", bad)
