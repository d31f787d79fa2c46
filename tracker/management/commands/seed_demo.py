"""Create a demo patient with a year of plausible diary entries, and a demo clinician.

Today is left for the visitor to log.

The story the data tells: joint pain rising over the first months of anastrozole, a two-week
supervised break that eases it, a switch to exemestane, night cramps in spells, hot flashes that
ease with time, and a few missed tablets.

Safe to run again: accounts and the therapy timeline are created once, and each day is created
only if it is missing (from a generator seeded by the day's number, so it is always the same).
"""

import random
from datetime import UTC, datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from tracker import selectors
from tracker.models import Appointment, DailyEntry, Drug, PatientProfile, TherapyPeriod

DEMO_PATIENT_EMAIL = "patient@example.org"
DEMO_CLINICIAN_EMAIL = "clinician@example.org"
DEMO_PASSWORD = "diary-demo-2026"  # noqa: S105 (printed by make run on purpose)
DEMO_TIME_ZONE = "Europe/London"

DAYS = 365
BREAK_START, BREAK_END = 120, 133  # two weeks off anastrozole, agreed with the team
SWITCH_DAY = 200  # from anastrozole to exemestane
MISSED = {37: "forgot", 81: "forgot", 96: "side_effects", 110: "side_effects", 241: "forgot"}
SKIPPED = {15, 16, 58, 144, 145, 146, 187, 262, 300, 331}  # days she did not open the diary


def demo_day(n):
    """The demo patient's answers for day `n` of her therapy (0 is the first day)."""
    rng = random.Random(f"demo-day-{n}")
    on_break = BREAK_START <= n <= BREAK_END
    # Pain climbs over the first four months, eases on the break, settles lower on exemestane.
    if n < BREAK_START:
        pain = 1 + 5 * min(n, 110) / 110
    elif on_break:
        pain = 5.5 - 3 * (n - BREAK_START) / (BREAK_END - BREAK_START)
    elif n < SWITCH_DAY:
        pain = 3 + 3 * (n - BREAK_END) / (SWITCH_DAY - BREAK_END)
    else:
        pain = 5.5 - 2 * min(n - SWITCH_DAY, 90) / 90
    pain = max(0, min(10, round(pain + rng.uniform(-1.2, 1.2))))

    # Night cramps come in spells of about a week, every six weeks or so.
    in_spell = (n % 45) < 8 and n > 20
    cramps = rng.randint(1, 3) if in_spell else (1 if rng.random() < 0.05 else 0)
    night = cramps > 0 and (in_spell and rng.random() < 0.75)

    # Hot flashes ease over the year.
    flashes = max(0, round(7 * (1 - n / 450) + rng.uniform(-2, 2)))
    mild = round(flashes * 0.5)
    moderate = round(flashes * 0.3)
    severe = flashes - mild - moderate
    very_severe = 1 if severe and rng.random() < 0.1 else 0

    taken = not on_break and n not in MISSED
    reason = "agreed_break" if on_break else MISSED.get(n, "")
    later = n > 60
    sites = {"site_hands": pain >= 3, "site_wrists": pain >= 5, "site_knees": pain >= 4}
    sites["site_ankles_feet"] = pain >= 6 and rng.random() < 0.5
    sites["site_back"] = rng.random() < 0.15
    return {
        "joint_pain": pain,
        "morning_stiffness_minutes": max(0, pain * 8 + rng.randint(-10, 10)),
        **sites,
        "cramp_count": cramps,
        "cramp_severity": min(4, 1 + cramps) if cramps else None,
        "cramps_woke_me": night,
        "cramp_calf": cramps > 0,
        "cramp_foot": cramps > 1 and rng.random() < 0.3,
        "hot_flashes_mild": mild,
        "hot_flashes_moderate": moderate,
        "hot_flashes_severe": severe,
        "hot_flashes_very_severe": very_severe,
        "night_sweats": flashes >= 5 and rng.random() < 0.6,
        "fatigue": min(4, max(0, round(pain / 3 + rng.uniform(-1, 1)))),
        "sleep_problems": min(4, (2 if night else 0) + (1 if flashes >= 5 else 0)),
        "low_mood": 1 if pain >= 6 and rng.random() < 0.5 else 0,
        "headache": 1 if rng.random() < 0.08 else None,
        "nausea": None,
        "vaginal_dryness": 1 if n > 90 and rng.random() < 0.3 else None,
        "tablet_taken": taken,
        "missed_reason": reason,
        "did_stretching": later and (in_spell or rng.random() < 0.35),
        "did_walking": later and rng.random() < 0.5,
        "did_yoga": n > 150 and rng.random() < 0.2,
        "did_swimming": n > 220 and n % 7 == 2,
        "did_heat_cold": pain >= 6 and rng.random() < 0.4,
        "did_massage": False,
        "note": "Cramps woke me twice, stretched my calves." if night and cramps > 1 else "",
    }


def demo_account(email, **defaults):
    """The demo account at `email` with the demo password, made once (`defaults` for a new
    one), its address confirmed as if its owner had typed the code from the email: sign-in
    asks for that code while an address is unconfirmed. The care side's demo uses it too."""
    account, created = get_user_model().objects.get_or_create(email=email, defaults=defaults)
    if created:
        account.set_password(DEMO_PASSWORD)
        account.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=account, email=account.email, defaults={"verified": True, "primary": True}
    )
    return account


class Command(BaseCommand):
    help = "Create the demo patient and clinician with a year of diary entries (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        patient = demo_account(DEMO_PATIENT_EMAIL, first_name="Margaret")
        demo_account(DEMO_CLINICIAN_EMAIL, role=User.Role.CLINICIAN, first_name="Sam")

        profile, _ = PatientProfile.objects.get_or_create(
            user=patient, defaults={"time_zone": DEMO_TIME_ZONE}
        )
        today = selectors.local_today(profile)
        start = selectors.therapy_start(patient=patient)
        if start is None:
            start = today - timedelta(days=DAYS - 1)
            self._create_timeline(patient, start)
        added = self._fill_days(patient, start, today)
        self.stdout.write(
            f"Demo patient {DEMO_PATIENT_EMAIL} and clinician {DEMO_CLINICIAN_EMAIL} "
            f"(password {DEMO_PASSWORD}): {added} {ngettext('day', 'days', added)} added."
        )

    def _create_timeline(self, patient, start):
        def day(n):
            return start + timedelta(days=n)

        TherapyPeriod.objects.bulk_create(
            [
                TherapyPeriod(
                    patient=patient, drug=Drug.ANASTROZOLE, start=start, end=day(BREAK_START - 1)
                ),
                TherapyPeriod(
                    patient=patient,
                    kind=TherapyPeriod.Kind.BREAK,
                    drug=Drug.ANASTROZOLE,
                    start=day(BREAK_START),
                    end=day(BREAK_END),
                    # Agreed with her team: confirmed on its first day, to end when it did.
                    confirmed_at=datetime.combine(day(BREAK_START), time(10), tzinfo=UTC),
                    planned_end=day(BREAK_END),
                ),
                TherapyPeriod(
                    patient=patient,
                    drug=Drug.ANASTROZOLE,
                    start=day(BREAK_END + 1),
                    end=day(SWITCH_DAY - 1),
                ),
                TherapyPeriod(patient=patient, drug=Drug.EXEMESTANE, start=day(SWITCH_DAY)),
            ]
        )
        Appointment.objects.bulk_create(
            [
                Appointment(patient=patient, date=day(n), note=note)
                for n, note in [
                    (90, "Oncology nurse clinic"),
                    (195, "Oncologist: talk about switching"),
                    (290, "Bone density scan"),
                    (DAYS + 9, "Oncologist follow-up"),
                ]
            ]
        )

    def _fill_days(self, patient, start, today):
        existing = set(DailyEntry.objects.filter(patient=patient).values_list("day", flat=True))
        entries = [
            DailyEntry(patient=patient, day=start + timedelta(days=n), **demo_day(n))
            for n in range((today - start).days)
            if n not in SKIPPED and start + timedelta(days=n) not in existing
        ]
        DailyEntry.objects.bulk_create(entries, ignore_conflicts=True)
        return len(entries)
