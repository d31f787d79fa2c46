from statistics import mean

import pytest
from django.core.management import call_command

from accounts.models import User
from tracker.management.commands.seed_demo import DEMO_PATIENT_EMAIL, SKIPPED
from tracker.models import Appointment, DailyEntry, TherapyPeriod

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(User.objects.order_by("email").values_list("email", "role", "password")),
        list(TherapyPeriod.objects.order_by("start").values_list("drug", "kind", "start", "end")),
        list(Appointment.objects.order_by("date").values_list("date", "note")),
        list(DailyEntry.objects.order_by("day").values_list("day", "joint_pain", "updated_at")),
    )


def test_running_it_twice_changes_nothing():
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first


def test_the_demo_tells_a_years_story():
    call_command("seed_demo")
    patient = User.objects.get(email=DEMO_PATIENT_EMAIL)
    assert User.objects.filter(role=User.Role.CLINICIAN).count() == 1

    periods = list(TherapyPeriod.objects.filter(patient=patient).order_by("start"))
    assert [(p.kind, p.drug) for p in periods] == [
        ("treatment", "anastrozole"),
        ("break", "anastrozole"),
        ("treatment", "anastrozole"),
        ("treatment", "exemestane"),
    ]
    brk = periods[1]
    assert (brk.end - brk.start).days + 1 == 14

    entries = list(DailyEntry.objects.filter(patient=patient).order_by("day"))
    assert len(entries) == 365 - len(SKIPPED) - 1  # today is left to log
    first_month = mean(e.joint_pain for e in entries[:30])
    fourth_month = mean(e.joint_pain for e in entries[90:120])
    assert fourth_month > first_month + 2, "pain rises over the first months"
    assert mean(e.hot_flash_score for e in entries[-30:]) < mean(
        e.hot_flash_score for e in entries[:30]
    ), "hot flashes ease"
    missed = [e for e in entries if not e.tablet_taken]
    assert {e.missed_reason for e in missed} == {"forgot", "side_effects", "agreed_break"}
    assert sum(e.missed_reason != "agreed_break" for e in missed) == 5
    assert sum(e.cramps_woke_me for e in entries) >= 20, "night cramps in spells"
