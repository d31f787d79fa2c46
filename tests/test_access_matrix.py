"""Who gets a patient's data: every URL of the app, generated from the URL configuration, for
every kind of person who might ask.

Each URL name is placed in exactly one group below (`test_every_url_is_in_the_matrix` fails
for a new URL until it is), and each group says what each persona gets: only the patient
herself and a clinician she shares with, signed in with a second factor, ever see her data;
everyone else is sent to log in, to set up a second factor, or gets 403/404. A granted
clinician's every view of her data writes exactly one row of the access log she reads.
"""

import io
import zipfile

import pytest
from django.contrib.admin.sites import site as admin_site
from django.urls import reverse

from care.models import AccessEvent, Alert, Grant, Invitation, VisitLink
from tests.urls_walk import make_world, url_names
from tracker.models import Appointment, DailyEntry, PatientProfile, TherapyPeriod

NOTE = "Matrix note only she and her team may read"
NAME = "Marion Matrix"

# Her own diary's pages: GET shows her data. (`tracker:home` is the landing page when signed
# out, and sends a clinician to her list.)
HER_PAGES = [
    "tracker:home",
    "trends:index",
    "tracker:history",
    "tracker:export_csv",
    "tracker:export_fhir",
    "tracker:log",
    "tracker:profile",
    "tracker:numbers",
    "tracker:therapy",
    "reports:summary",
    "reminders:settings",
    "care:sharing",
    "privacy:download",
]
# The pages above that print her note (the others show other parts of her diary).
PAGES_WITH_HER_NOTE = {
    "tracker:history",
    "tracker:export_csv",
    "tracker:export_fhir",
    "reports:summary",
    "privacy:download",
}
# Her own writes without an object in the URL: POST changes her diary or her settings.
HER_WRITES = [
    "tracker:therapy_change",
    "tracker:therapy_start",
    "tracker:appointment_add",
    "reminders:snooze",
    "reminders:resume",
    "care:visit_link_add",
    "privacy:delete",
]
# Her objects by id: anyone else gets 404 (or 403 for a clinician, who has no diary).
HER_OBJECTS = [
    "tracker:entry",
    "tracker:entry_delete",
    "tracker:therapy_undo",
    "tracker:appointment_delete",
    "care:grant_stop",
    "care:invitation_stop",
    "care:visit_link_stop",
]
# Of those, the ones that answer only POST (a GET is refused with 405 before any lookup).
POST_ONLY = {
    "tracker:therapy_undo",
    "tracker:appointment_delete",
    "care:grant_stop",
    "care:invitation_stop",
    "care:visit_link_stop",
}
# The clinician's side.
CARE_LIST = ["care:patients"]
# The clinician's own settings (her service's number): no patient's data.
CLINICIAN_OWN = ["care:service_number"]
CARE_PAGES = ["care:patient", "care:export_csv", "care:export_fhir"]
# The clinician's writes, each with what it posts (her world has a reason to mark known and a
# break to confirm).
CARE_WRITES = {
    "care:alert_known": {"key": "pain_most_days:joint_pain", "weeks": "4"},
    "care:break_confirm": {"planned_end": ""},
    "care:alerts_seen": {},
}
# Signed links: the token is the key, with its own tests of expired, reused, tampered with and
# revoked tokens.
SIGNED_LINKS = {
    "care:invitation": "tests/care/test_invitations.py",
    "care:visit": "tests/care/test_visit_links.py",
    "reminders:link": "tests/reminders/test_links.py",
}
# No patient's data: setting up one's own diary, the tips library, one's own account.
NO_PATIENT_DATA_PREFIXES = ("knowledge:", "account_", "mfa_")
NO_PATIENT_DATA = {"tracker:onboarding"}

PERSONAS = [
    "anonymous",
    "the_patient",
    "another_patient",
    "clinician_without_grant",
    "clinician_with_revoked_grant",
    "clinician_with_expired_grant",
    "clinician_without_second_factor",
    "granted_clinician",
]
CLINICIANS = [persona for persona in PERSONAS if persona.startswith(("clinician", "granted"))]


def is_admin(name):
    return name.startswith(f"{admin_site.name}:")


def test_every_url_is_in_the_matrix():
    placed = (
        set(
            HER_PAGES
            + HER_WRITES
            + HER_OBJECTS
            + CARE_LIST
            + CLINICIAN_OWN
            + CARE_PAGES
            + [*CARE_WRITES]
        )
        | set(SIGNED_LINKS)
        | NO_PATIENT_DATA
    )
    unplaced = {
        name
        for name in url_names()
        if name not in placed
        and not is_admin(name)
        and not name.startswith(NO_PATIENT_DATA_PREFIXES)
    }
    assert not unplaced, f"URLs missing from the access matrix: {sorted(unplaced)}"
    assert placed <= set(url_names()), "the matrix names URLs that no longer exist"


def care_state(patient):
    """What the clinician's writes change: her unseen alerts, her reasons known, and whether
    her break is confirmed."""
    alerts = Alert.objects.filter(patient=patient)
    return (
        sorted(alerts.filter(seen_at=None).values_list("key", flat=True)),
        sorted(alerts.filter(known_until__isnull=False).values_list("key", flat=True)),
        TherapyPeriod.objects.filter(patient=patient, confirmed_at__isnull=False).exists(),
    )


@pytest.fixture
def world(db):
    return make_world(note=NOTE, name=NAME)


def her_state(patient):
    """Everything of hers that a refused request must leave as it was."""
    return {
        "days": list(
            DailyEntry.objects.filter(patient=patient).values_list("day", "joint_pain", "note")
        ),
        "periods": list(
            TherapyPeriod.objects.filter(patient=patient).values_list("start", "end", "drug")
        ),
        "appointments": list(Appointment.objects.filter(patient=patient).values_list("date")),
        "grants": list(Grant.objects.filter(patient=patient).values_list("pk", "revoked_at")),
        "invitations": list(
            Invitation.objects.filter(patient=patient).values_list("pk", "revoked_at")
        ),
        "links": list(VisitLink.objects.filter(patient=patient).values_list("pk", "revoked_at")),
        "unseen_alerts": Alert.objects.filter(patient=patient, seen_at=None).count(),
        "profile": list(
            PatientProfile.objects.filter(user=patient).values_list("care_name", "time_zone")
        ),
    }


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type") == "application/zip":  # "Download everything"
        archive = zipfile.ZipFile(io.BytesIO(content))
        return "".join(archive.read(name).decode() for name in archive.namelist())
    return content.decode()


def outcome(response):
    """What a person got, in the matrix's words."""
    if response.status_code in (301, 302):
        if response.url.startswith(reverse("account_login")):
            return "log in"
        if response.url.startswith(reverse("mfa_activate_totp")):
            return "set up a second factor"
        return f"redirect {response.url}"
    return response.status_code


def expected_for_her_urls(persona, name, method):
    """What each persona gets from the patient's own URLs."""
    post_only = name in POST_ONLY
    if persona == "anonymous":
        return {200} if name == "tracker:home" else {"log in"}
    if persona in CLINICIANS:
        if name == "tracker:home":
            return {f"redirect {reverse('care:patients')}"}
        return {403}
    if persona == "another_patient":
        if name in HER_OBJECTS:
            return {405} if method == "get" and post_only else {404}
        return None  # her own page or write, on her own diary: checked by the state below
    return None  # the patient herself: her pages' own tests cover what she gets


def expected_for_care_urls(persona, name):
    if persona == "anonymous":
        return {"log in"}
    if persona in ("the_patient", "another_patient"):
        return {403}
    if persona == "clinician_without_second_factor":
        return {"set up a second factor"}
    if persona == "granted_clinician":
        return (
            {200}
            if name in CARE_LIST + CLINICIAN_OWN + CARE_PAGES
            else {f"redirect {reverse('care:patient', args=[1])}"}
        )
    return {200} if name in CARE_LIST + CLINICIAN_OWN else {404}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_she_and_her_fully_signed_in_clinician_get_her_data(client, world, persona):
    patient, person = world["patient"], world["people"][persona]
    if person is not None:
        client.force_login(person)
    before = her_state(patient)
    wrong = []

    def check(name, method, response, expected, *, her_data):
        got = outcome(response)
        text = body(response) if response.status_code == 200 else ""
        if expected is not None and got not in expected:
            wrong.append(
                f"{method.upper()} {name}: got {got}, expected {sorted(map(str, expected))}"
            )
        shows = NOTE in text or NAME in text
        if shows != her_data:
            wrong.append(f"{method.upper()} {name}: her data {'shown' if shows else 'missing'}")

    for name in HER_PAGES:
        response = client.get(reverse(name))
        mine = persona == "the_patient"
        her_data = mine and (name in PAGES_WITH_HER_NOTE)
        if mine and name not in PAGES_WITH_HER_NOTE:
            her_data = NOTE in body(response) or NAME in body(response)
        check(name, "get", response, expected_for_her_urls(persona, name, "get"), her_data=her_data)
    for name in HER_WRITES + HER_OBJECTS:
        args = [world["objects"][name].pk] if name in HER_OBJECTS else []
        for method in ("get", "post"):
            if persona == "the_patient":
                continue  # her own writes are tested where they are built
            response = getattr(client, method)(reverse(name, args=args), {"joint_pain": 1})
            check(
                name, method, response, expected_for_her_urls(persona, name, method), her_data=False
            )
    if persona != "the_patient":
        assert her_state(patient) == before, "a refused request changed her diary"

    granted = persona == "granted_clinician"
    for name in CARE_LIST + CARE_PAGES:
        args = [] if name in CARE_LIST else [patient.pk]
        logged = AccessEvent.objects.count()
        response = client.get(reverse(name, args=args))
        check(name, "get", response, expected_for_care_urls(persona, name), her_data=granted)
        written = AccessEvent.objects.count() - logged
        if written != (1 if granted and name in CARE_PAGES else 0):
            wrong.append(f"GET {name}: {written} access-log rows")
    for name in CLINICIAN_OWN:
        response = client.get(reverse(name))
        check(name, "get", response, expected_for_care_urls(persona, name), her_data=False)
    care_before = care_state(patient)
    for name, data in CARE_WRITES.items():
        logged = AccessEvent.objects.count()
        response = client.post(reverse(name, args=[patient.pk]), data)
        expected = expected_for_care_urls(persona, name)
        if granted:
            expected = {f"redirect {reverse('care:patient', args=[patient.pk])}"}
        check(name, "post", response, expected, her_data=False)
        if AccessEvent.objects.count() - logged != (1 if granted else 0):
            wrong.append(f"POST {name}: wrong number of access-log rows")
    care_after = care_state(patient)
    if granted and care_after != ([], ["pain_most_days:joint_pain"], True):
        wrong.append(f"the granted clinician's writes left {care_after}")
    if not granted and care_after != care_before:
        wrong.append(f"a refused write changed {care_before} to {care_after}")
    if not granted:
        assert not AccessEvent.objects.exists(), "someone without access was logged as a viewer"

    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_one_but_staff_reaches_the_admin(client, world, persona):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    for name in (f"{admin_site.name}:index", f"{admin_site.name}:tracker_dailyentry_changelist"):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403), (name, response.status_code)
        assert NOTE not in body(response)
