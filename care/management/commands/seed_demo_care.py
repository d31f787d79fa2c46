"""The care team's side of the demo, on top of `seed_demo` (run it first; `make run` does).

The demo clinician gets the name patients see her by, an authenticator app with a FIXED key
(`DEMO_TOTP_SECRET`, printed by `make run` and in the README, so that anyone can add it to an
authenticator app) and recovery codes; the demo patient shares her diary with her; and a
second patient, who shares too, logged a few days of severe joint pain this week, which the
alert rule raises (`care.alerts.raise_alerts`, as the nightly run would), so the clinician's
list has someone on top.

This lives in `care` because it writes care's rows: `tracker` never imports `care`.

Safe to run again: each account, grant and authenticator is made once, each day only if it
is missing, and the alert memory does not raise a reason twice.
"""

from datetime import timedelta

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from care import services
from care.alerts import raise_alerts
from care.models import ClinicianProfile, Grant
from tracker import selectors
from tracker.management.commands.seed_demo import (
    DEMO_CLINICIAN_EMAIL,
    DEMO_PASSWORD,
    DEMO_PATIENT_EMAIL,
    DEMO_TIME_ZONE,
    demo_account,
    demo_day,
)
from tracker.models import DailyEntry, Drug, PatientProfile, TherapyPeriod

DEMO_CLINICIAN_NAME = "Sam Taylor, oncology nurse"
# A number Ofcom keeps for drama (0161 496 0000 to 0999): it reaches no one.
DEMO_SERVICE_NAME = "Demo oncology helpline"
DEMO_SERVICE_PHONE = "0161 496 0123"
DEMO_PATIENT_CARE_NAME = "Margaret Hughes"
SECOND_PATIENT_EMAIL = "patient2@example.org"
SECOND_PATIENT_CARE_NAME = "Joan Baker"
# Base32, 20 bytes: an authenticator app accepts it typed in. Public on purpose: a demo only.
DEMO_TOTP_SECRET = "SYMPTOMDIARYDEMOCLINICIANTOTPKEY"  # noqa: S105

# The second patient: on letrozole for about eight months, four weeks of days logged up to
# yesterday, her joint pain mild until the last three days, when it flared to severe.
SECOND_THERAPY_DAYS = 240
SECOND_LOGGED_DAYS = 28
FLARE_DAYS = 3


def second_patient_day(days_ago):
    """Her answers `days_ago` days before today: a day of the demo's last weeks (no missed
    tablet, no spell of cramps), kept mild, until the flare's severe joint pain."""
    day = demo_day(330 + SECOND_LOGGED_DAYS - days_ago)
    if days_ago > FLARE_DAYS:
        return day | {"joint_pain": min(day["joint_pain"], 3), "fatigue": min(day["fatigue"], 1)}
    return day | {
        "joint_pain": 7 + days_ago % 2,
        "morning_stiffness_minutes": 45,
        "site_hands": True,
        "site_wrists": True,
        "site_knees": True,
        "fatigue": 2,
    }


class Command(BaseCommand):
    help = (
        "Give the demo clinician a profile, two-step sign-in and two sharing patients, one "
        "with an alert (after seed_demo; idempotent)."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        try:
            clinician = User.objects.get(email=DEMO_CLINICIAN_EMAIL)
            patient = User.objects.get(email=DEMO_PATIENT_EMAIL)
        except User.DoesNotExist:
            raise CommandError("The demo accounts are missing: run seed_demo first.") from None
        ClinicianProfile.objects.get_or_create(
            user=clinician,
            defaults={
                "name": DEMO_CLINICIAN_NAME,
                "time_zone": DEMO_TIME_ZONE,
                "service_name": DEMO_SERVICE_NAME,
                "service_phone": DEMO_SERVICE_PHONE,
            },
        )
        recovery = self._two_step(clinician)
        second = self._second_patient()
        for sharer, care_name in (
            (patient, DEMO_PATIENT_CARE_NAME),
            (second, SECOND_PATIENT_CARE_NAME),
        ):
            profile = sharer.patient_profile
            if not profile.care_name:
                services.set_care_name(profile=profile, care_name=care_name)
            # A grant row rather than `services.share_with`, whose email to the clinician
            # would fill `make run`'s console; one is made only while the pair has none open.
            Grant.objects.get_or_create(patient=sharer, clinician=clinician, revoked_at=None)
            raise_alerts(patient=sharer, today=selectors.local_today(profile))
        self._print_logins(recovery)

    def _two_step(self, clinician):
        """Her authenticator app on the fixed key and her recovery codes, each made once;
        returns the first recovery code she has not used."""
        if not Authenticator.objects.filter(user=clinician, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(clinician, DEMO_TOTP_SECRET)
        # allauth draws the codes from a random seed and has no way to choose them: printed.
        return RecoveryCodes.activate(clinician).get_unused_codes()[0]

    def _second_patient(self):
        patient = demo_account(SECOND_PATIENT_EMAIL, first_name="Joan")
        profile, _ = PatientProfile.objects.get_or_create(
            user=patient, defaults={"time_zone": DEMO_TIME_ZONE}
        )
        today = selectors.local_today(profile)
        if selectors.therapy_start(patient=patient) is None:
            TherapyPeriod.objects.create(
                patient=patient,
                drug=Drug.LETROZOLE,
                start=today - timedelta(days=SECOND_THERAPY_DAYS),
            )
        existing = set(DailyEntry.objects.filter(patient=patient).values_list("day", flat=True))
        DailyEntry.objects.bulk_create(
            DailyEntry(patient=patient, day=day, **second_patient_day(days_ago))
            for days_ago in range(1, SECOND_LOGGED_DAYS + 1)
            if (day := today - timedelta(days=days_ago)) not in existing
        )
        patient.patient_profile = profile
        return patient

    def _print_logins(self, recovery_code):
        key = " ".join(DEMO_TOTP_SECRET[i : i + 4] for i in range(0, len(DEMO_TOTP_SECRET), 4))
        self.stdout.write(
            f"  Demo patient:   {DEMO_PATIENT_EMAIL}   password {DEMO_PASSWORD}\n"
            f"  Second patient: {SECOND_PATIENT_EMAIL}  password {DEMO_PASSWORD} "
            "(an alert this week)\n"
            f"  Demo clinician: {DEMO_CLINICIAN_EMAIL} password {DEMO_PASSWORD}\n"
            f"    second step: add the key {key} to an authenticator app,\n"
            f"    or use recovery code {recovery_code} (each code works once)"
        )
