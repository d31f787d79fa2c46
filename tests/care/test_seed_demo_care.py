"""The care side of the demo: the clinician signs in with the documented key, two patients
share with her, the second one on top of her list with an alert; running it again changes
nothing."""

import io

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import User
from care.management.commands.seed_demo_care import (
    DEMO_TOTP_SECRET,
    SECOND_PATIENT_CARE_NAME,
    SECOND_PATIENT_EMAIL,
)
from care.models import Alert, ClinicianProfile, Grant
from tests.factories import totp_code
from tracker.management.commands.seed_demo import (
    DEMO_CLINICIAN_EMAIL,
    DEMO_PASSWORD,
    DEMO_PATIENT_EMAIL,
)
from tracker.models import DailyEntry, PatientProfile

pytestmark = pytest.mark.django_db


def seed():
    """Both commands, as `make run` runs them; what the care one printed."""
    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("seed_demo_care", stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(User.objects.order_by("email").values_list("email", "role", "password")),
        list(
            PatientProfile.objects.order_by("user__email").values_list("user__email", "care_name")
        ),
        list(ClinicianProfile.objects.values_list("user__email", "name", "time_zone")),
        list(
            Grant.objects.order_by("pk").values_list(
                "patient__email", "clinician__email", "created_at"
            )
        ),
        list(Authenticator.objects.order_by("pk").values_list("user__email", "type", "data")),
        list(Alert.objects.order_by("pk").values_list("patient__email", "key", "day", "raised_at")),
        list(DailyEntry.objects.order_by("patient__email", "day").values_list("day", "updated_at")),
    )


def test_the_clinician_signs_in_with_the_documented_key(client):
    seed()
    clinician = User.objects.get(email=DEMO_CLINICIAN_EMAIL)
    assert is_mfa_enabled(clinician)
    assert clinician.clinician_profile.name

    client.post(
        reverse("account_login"), {"login": DEMO_CLINICIAN_EMAIL, "password": DEMO_PASSWORD}
    )
    assert "_auth_user_id" not in client.session  # the password alone is not enough
    client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_TOTP_SECRET)})

    assert client.session["_auth_user_id"] == str(clinician.pk)


def test_the_printed_recovery_code_signs_her_in(client):
    printed = seed()
    code = printed.split("recovery code ")[1].split()[0]
    assert f"{DEMO_TOTP_SECRET[:4]} {DEMO_TOTP_SECRET[4:8]}" in printed  # in groups of 4

    client.post(
        reverse("account_login"), {"login": DEMO_CLINICIAN_EMAIL, "password": DEMO_PASSWORD}
    )
    client.post(reverse("mfa_authenticate"), {"code": code})

    assert client.session["_auth_user_id"] == str(User.objects.get(email=DEMO_CLINICIAN_EMAIL).pk)
    again = io.StringIO()
    call_command("seed_demo_care", stdout=again)
    assert code not in again.getvalue(), "a used code is not offered again"


def test_both_patients_share_and_the_second_is_on_top_with_her_alert(client):
    seed()
    clinician = User.objects.get(email=DEMO_CLINICIAN_EMAIL)
    second = User.objects.get(email=SECOND_PATIENT_EMAIL)
    sharers = Grant.objects.live().filter(clinician=clinician).values_list("patient__email")
    assert {email for (email,) in sharers} == {DEMO_PATIENT_EMAIL, SECOND_PATIENT_EMAIL}
    unseen = Alert.objects.filter(patient=second, seen_at=None)
    assert "severe:joint_pain" in {alert.key for alert in unseen}

    client.force_login(clinician)
    rows = client.get(reverse("care:patients")).context["rows"]

    assert rows[0].name == SECOND_PATIENT_CARE_NAME
    (severe,) = [alert for alert in rows[0].alerts if alert.key == "severe:joint_pain"]
    assert "severe or worse on 3 days this week" in severe.reason
    assert len(rows) == 2


def test_running_it_twice_changes_nothing():
    seed()
    first = snapshot()
    seed()
    assert snapshot() == first


def test_it_needs_the_diary_demo_first():
    with pytest.raises(CommandError, match="run seed_demo first"):
        call_command("seed_demo_care", stdout=io.StringIO())
    assert not Grant.objects.exists()


def test_the_second_patient_signs_in_with_the_demo_password(client):
    seed()

    client.post(
        reverse("account_login"), {"login": SECOND_PATIENT_EMAIL, "password": DEMO_PASSWORD}
    )

    assert client.session["_auth_user_id"] == str(User.objects.get(email=SECOND_PATIENT_EMAIL).pk)
