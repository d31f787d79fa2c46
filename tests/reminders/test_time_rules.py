"""The time rules of the daily reminder, with frozen time and the dispatcher run by hand."""

from datetime import date, time, timedelta

import pytest

from reminders import services
from reminders.models import Delivery
from tests.factories import DailyEntryFactory
from tests.reminders.conftest import utc

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("time_zone", "just_before", "local_date"),
    [
        # 20:00 in Auckland in November is 07:00 UTC (NZDT, UTC+13), on the same date.
        ("Pacific/Auckland", utc(2026, 11, 23, 6, 59), date(2026, 11, 23)),
        # 20:00 in New York in November is 01:00 UTC the next day (EST, UTC-5).
        ("America/New_York", utc(2026, 11, 24, 0, 59), date(2026, 11, 23)),
        # 20:00 in London in November is 20:00 UTC (GMT).
        ("Europe/London", utc(2026, 11, 23, 19, 59), date(2026, 11, 23)),
        # And in July, 19:00 UTC (BST).
        ("Europe/London", utc(2026, 7, 14, 18, 59), date(2026, 7, 14)),
    ],
)
def test_reminder_comes_at_her_local_time_once(
    dispatch, patient_in, time_zone, just_before, local_date
):
    patient = patient_in(time_zone)

    assert dispatch(just_before) == []
    sent = dispatch(just_before + timedelta(minutes=1))
    assert [message.to for message in sent] == [[patient.email]]
    assert dispatch(just_before + timedelta(minutes=2)) == []
    assert dispatch(just_before + timedelta(hours=3)) == []
    delivery = Delivery.objects.get(patient=patient)
    assert (delivery.local_date, delivery.status) == (local_date, Delivery.Status.SENT)


def _every_ten_minutes(dispatch, start, hours):
    """Run the dispatcher every ten minutes; returns the moments at which mail went out."""
    moments = []
    for step in range(hours * 6):
        at = start + timedelta(minutes=10 * step)
        moments.extend(at for _ in dispatch(at))
    return moments


@pytest.mark.parametrize(
    ("time_zone", "reminder", "day_start_utc", "first_due_utc"),
    [
        # New York springs forward on 8 March 2026: 02:00 EST becomes 03:00 EDT, so 02:30
        # never happens. The reminder comes at 03:00 EDT (07:00 UTC), once.
        ("America/New_York", time(2, 30), utc(2026, 3, 8, 5, 0), utc(2026, 3, 8, 7, 0)),
        # London springs forward on 29 March 2026: 01:00 GMT becomes 02:00 BST.
        ("Europe/London", time(1, 30), utc(2026, 3, 29, 0, 0), utc(2026, 3, 29, 1, 0)),
        # Auckland springs forward on 27 September 2026: 02:00 NZST becomes 03:00 NZDT.
        ("Pacific/Auckland", time(2, 30), utc(2026, 9, 26, 12, 0), utc(2026, 9, 26, 14, 0)),
        # New York falls back on 1 November 2026: 01:30 happens twice (05:30 and 06:30 UTC).
        ("America/New_York", time(1, 30), utc(2026, 11, 1, 4, 0), utc(2026, 11, 1, 5, 30)),
        # London falls back on 25 October 2026: 01:30 happens at 00:30 and at 01:30 UTC.
        ("Europe/London", time(1, 30), utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 0, 30)),
        # Auckland falls back on 5 April 2026: 02:30 happens at 13:30 and 14:30 UTC.
        ("Pacific/Auckland", time(2, 30), utc(2026, 4, 4, 12, 0), utc(2026, 4, 4, 13, 30)),
    ],
)
def test_daylight_saving_days_give_exactly_one_reminder(
    dispatch, patient_in, time_zone, reminder, day_start_utc, first_due_utc
):
    patient_in(time_zone, at=reminder)

    # From local midnight through the rest of that local day (the day is 23 or 25 hours long).
    moments = _every_ten_minutes(dispatch, day_start_utc, hours=20)

    assert moments == [first_due_utc]


def test_reminder_time_passed_while_worker_was_down_is_still_sent_that_day(dispatch, patient_in):
    patient = patient_in("Europe/London", at=time(20, 0))

    # No dispatcher ran from 19:00 to 23:50 (worker and beat down); the first one after sends.
    sent = dispatch(utc(2026, 11, 23, 23, 50))

    assert [message.to for message in sent] == [[patient.email]]
    assert Delivery.objects.get(patient=patient).local_date == date(2026, 11, 23)


def test_missed_reminder_is_not_sent_after_her_midnight(dispatch, patient_in):
    patient_in("Europe/London", at=time(20, 0))

    # Down all evening; at 00:10 it is another day for her, whose reminder time is still ahead.
    assert dispatch(utc(2026, 11, 24, 0, 10)) == []


def test_logging_first_suppresses_the_reminder(dispatch, patient_in):
    patient = patient_in("Pacific/Auckland")
    DailyEntryFactory(patient=patient, day=date(2026, 11, 23))

    assert dispatch(utc(2026, 11, 23, 7, 30)) == []
    assert not Delivery.objects.exists()
    # The next day she has not logged: that reminder comes.
    assert len(dispatch(utc(2026, 11, 24, 7, 30))) == 1


def test_logging_after_dispatch_but_before_sending_suppresses_it(patient_in, time_machine):
    patient = patient_in("Europe/London")
    time_machine.move_to(utc(2026, 11, 23, 20, 5), tick=False)
    services.record_due_deliveries()
    delivery = Delivery.objects.get(patient=patient)
    DailyEntryFactory(patient=patient, day=delivery.local_date)

    assert services.send_deliveries(delivery_ids=[delivery.id]) == 0

    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SKIPPED


def test_logging_another_day_does_not_suppress_today(dispatch, patient_in):
    patient = patient_in("America/New_York")
    DailyEntryFactory(patient=patient, day=date(2026, 11, 22))

    assert len(dispatch(utc(2026, 11, 24, 1, 5))) == 1


def test_snooze_is_honoured_until_the_day_reminders_resume(dispatch, patient_in):
    patient = patient_in("Europe/London")
    resume_on = services.snooze(patient=patient, today=date(2026, 11, 23))

    assert resume_on == date(2026, 12, 1)
    quiet_days = [date(2026, 11, 23) + timedelta(days=n) for n in range(8)]
    for day in quiet_days:
        assert dispatch(utc(day.year, day.month, day.day, 20, 30)) == [], day
    assert len(dispatch(utc(2026, 12, 1, 20, 30))) == 1


def test_stopped_reminders_are_not_sent(dispatch, patient_in):
    patient = patient_in("Europe/London")
    services.set_enabled(patient=patient, enabled=False)

    assert dispatch(utc(2026, 11, 23, 20, 30)) == []
    services.set_enabled(patient=patient, enabled=True)
    assert len(dispatch(utc(2026, 11, 23, 20, 31))) == 1


def test_stop_between_dispatch_and_send_is_honoured(patient_in, time_machine):
    patient = patient_in("Europe/London")
    time_machine.move_to(utc(2026, 11, 23, 20, 5), tick=False)
    services.record_due_deliveries()
    services.set_enabled(patient=patient, enabled=False)
    delivery = Delivery.objects.get(patient=patient)

    assert services.send_deliveries(delivery_ids=[delivery.id]) == 0
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SKIPPED


def test_inactive_accounts_get_no_reminder(dispatch, patient_in):
    patient = patient_in("Europe/London")
    patient.is_active = False
    patient.save(update_fields=["is_active"])

    assert dispatch(utc(2026, 11, 23, 20, 30)) == []


def test_patients_in_three_zones_each_get_theirs_at_their_own_time(dispatch, patient_in):
    auckland = patient_in("Pacific/Auckland")
    new_york = patient_in("America/New_York")
    london = patient_in("Europe/London")

    got = {
        moment: [message.to[0] for message in dispatch(moment)]
        for moment in (utc(2026, 11, 23, 7, 0), utc(2026, 11, 23, 20, 0), utc(2026, 11, 24, 1, 0))
    }

    assert list(got.values()) == [[auckland.email], [london.email], [new_york.email]]
