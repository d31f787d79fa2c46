import base64
import hashlib
import hmac
import re
import struct
import time as clock
from datetime import UTC, date, datetime, time, timedelta

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from care.models import ClinicianProfile, Grant, VisitLink
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

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        """Her address confirmed, as after sign-up (sign-in asks for a code until it is);
        `UserFactory(verified_email=False)` for one never confirmed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


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


def make_patient(*, email=None, started=None, time_zone="Europe/London", drug=None):
    """A patient who has finished setting up: account, profile and an open therapy period
    (on `drug`, else the factory's)."""
    user = UserFactory(**({"email": email} if email else {}))
    PatientProfileFactory(user=user, time_zone=time_zone)
    TherapyPeriodFactory(
        patient=user,
        start=started or date.today() - timedelta(days=400),
        **({"drug": drug} if drug else {}),
    )
    return user


def make_clinician(*, email=None, name="Ana Silva", time_zone="Europe/London", mfa=True):
    """A clinician account with the profile patients see her by (her name, her digest's time
    zone); with `mfa`, an authenticator app and recovery codes set up, as after her first
    sign-in. The app's secret is on `user.totp_secret` (see `totp_code`)."""
    user = UserFactory(role=User.Role.CLINICIAN, **({"email": email} if email else {}))
    ClinicianProfile.objects.create(user=user, name=name, time_zone=time_zone)
    if mfa:
        user.totp_secret = generate_totp_secret()
        TOTP.activate(user, user.totp_secret)
        RecoveryCodes.activate(user)
    return user


class GrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grant

    patient = factory.SubFactory(UserFactory)
    clinician = factory.SubFactory(UserFactory, role=User.Role.CLINICIAN)


class VisitLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitLink

    patient = factory.SubFactory(UserFactory)
    start = factory.LazyFunction(lambda: date.today() - timedelta(days=27))
    end = factory.LazyFunction(date.today)
    expires_at = factory.LazyFunction(lambda: datetime.now(UTC) + timedelta(days=7))


def totp_code(secret, *, at=None):
    """The 6-digit code an authenticator app shows for `secret` now (RFC 6238: HMAC-SHA1,
    30-second steps), computed here rather than by allauth so the tests check its sums."""
    counter = int((clock.time() if at is None else at) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def emailed_code(message):
    """The confirmation code in an email of the app (the line after "Your code ...")."""
    return re.search(r"Your code[^\n]*\n\n(\S+)\n", message.body)[1]
