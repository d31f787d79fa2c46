import base64
import hashlib
import hmac
import struct
import time as clock
from datetime import date, time, timedelta

import factory
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from tracker.models import Appointment, DailyEntry, Drug, PatientProfile, TherapyPeriod

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    role = User.Role.PATIENT
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class PatientProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatientProfile

    user = factory.SubFactory(UserFactory)
    time_zone = "Europe/London"
    reminder_time = time(20, 0)


class TherapyPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TherapyPeriod

    patient = factory.SubFactory(UserFactory)
    drug = Drug.ANASTROZOLE
    start = factory.LazyFunction(lambda: date.today() - timedelta(days=400))


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    patient = factory.SubFactory(UserFactory)
    date = factory.LazyFunction(lambda: date.today() + timedelta(days=14))


class DailyEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DailyEntry

    patient = factory.SubFactory(UserFactory)
    day = factory.LazyFunction(date.today)
    joint_pain = 3
    tablet_taken = True


def make_patient(*, email=None, started=None, time_zone="Europe/London"):
    """A patient who has finished setting up: account, profile and an open therapy period."""
    user = UserFactory(**({"email": email} if email else {}))
    PatientProfileFactory(user=user, time_zone=time_zone)
    TherapyPeriodFactory(patient=user, start=started or date.today() - timedelta(days=400))
    return user


def make_clinician(*, email=None, mfa=True):
    """A clinician account; with `mfa`, an authenticator app and recovery codes set up, as
    after her first sign-in. The app's secret is on `user.totp_secret` (see `totp_code`)."""
    user = UserFactory(role=User.Role.CLINICIAN, **({"email": email} if email else {}))
    if mfa:
        user.totp_secret = generate_totp_secret()
        TOTP.activate(user, user.totp_secret)
        RecoveryCodes.activate(user)
    return user


def totp_code(secret, *, at=None):
    """The 6-digit code an authenticator app shows for `secret` now (RFC 6238: HMAC-SHA1,
    30-second steps), computed here rather than by allauth so the tests check its sums."""
    counter = int((clock.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"
