"""The URL configuration walked by the tests that must cover every page (the access matrix,
the security headers), and the world they walk it in."""

from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.models import User
from care import links
from care.models import Alert, Grant, Invitation, VisitLink
from config.middleware import PERMISSIONS_POLICY
from tests.factories import (
    AppointmentFactory,
    DailyEntryFactory,
    TherapyPeriodFactory,
    make_clinician,
    make_patient,
)
from tracker.models import PatientProfile, TherapyPeriod


def url_patterns(patterns=None, namespace="", params=frozenset()):
    """(`namespace:name`, the names of its URL parameters) for every named URL of the project."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        defaults = getattr(pattern, "default_args", None) or getattr(pattern, "default_kwargs", {})
        own = set(pattern.pattern.regex.groupindex) - set(defaults)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            prefix = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from url_patterns(pattern.url_patterns, prefix, params | own)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, params | own


def url_names():
    """Every named URL of the project, as `namespace:name`."""
    for name, _ in url_patterns():
        yield name


def make_world(*, note, name, staff=False):
    """The patient with a diary, everything of hers that has a URL, and one person of each
    kind who might ask for it; with `staff`, a member of staff too (with a second step, so the
    admin opens)."""
    patient = make_patient(email="marion@example.org")
    PatientProfile.objects.filter(user=patient).update(care_name=name)
    TherapyPeriod.objects.filter(patient=patient).update(
        end=timezone.localdate() - timedelta(days=31)
    )
    # A break she started herself, for her care team to confirm.
    latest = TherapyPeriodFactory(
        patient=patient,
        start=timezone.localdate() - timedelta(days=30),
        drug="exemestane",
        kind=TherapyPeriod.Kind.BREAK,
    )
    entry = DailyEntryFactory(
        patient=patient, day=timezone.localdate() - timedelta(days=1), joint_pain=5, note=note
    )
    appointment = AppointmentFactory(patient=patient)
    people = {
        "anonymous": None,
        "the_patient": patient,
        "another_patient": make_patient(email="someone.else@example.org"),
        "clinician_without_grant": make_clinician(email="stranger@example.org"),
        "clinician_with_revoked_grant": make_clinician(email="revoked@example.org"),
        "clinician_with_expired_grant": make_clinician(email="expired@example.org"),
        "clinician_without_second_factor": make_clinician(email="nomfa@example.org", mfa=False),
        "granted_clinician": make_clinician(email="granted@example.org"),
    }
    now = timezone.now()
    Grant.objects.create(
        patient=patient, clinician=people["clinician_with_revoked_grant"], revoked_at=now
    )
    Grant.objects.create(
        patient=patient,
        clinician=people["clinician_with_expired_grant"],
        ends_on=timezone.localdate() - timedelta(days=1),
        expires_at=now - timedelta(minutes=1),
    )
    Grant.objects.create(patient=patient, clinician=people["clinician_without_second_factor"])
    grant = Grant.objects.create(patient=patient, clinician=people["granted_clinician"])
    invitation = Invitation.objects.create(
        patient=patient, email="gp@example.org", expires_at=now + timedelta(days=7)
    )
    visit_link = VisitLink.objects.create(
        patient=patient, start=entry.day, end=entry.day, expires_at=now + timedelta(days=7)
    )
    Alert.objects.create(patient=patient, key="severe:joint_pain", day=entry.day, reason="Pain.")
    Alert.objects.create(
        patient=patient,
        key="pain_most_days:joint_pain",
        day=entry.day,
        reason="Pain on most days.",
        level=5,
        worse_at=6,
    )
    objects = {
        "tracker:entry": entry,
        "tracker:entry_delete": entry,
        "tracker:therapy_undo": latest,
        "tracker:appointment_delete": appointment,
        "care:grant_stop": grant,
        "care:invitation_stop": invitation,
        "care:visit_link_stop": visit_link,
    }
    if staff:
        person = make_clinician(email="staff@example.org")
        User.objects.filter(pk=person.pk).update(is_staff=True, is_superuser=True)
        people["staff"] = User.objects.get(pk=person.pk)
    return {"patient": patient, "people": people, "objects": objects}


# A stand-in for each URL parameter that does not name one of her rows.
STAND_INS = {
    "pk": 999999,
    "token": "not-a-token",
    "key": "not-a-key",
    "uidb36": "zz",
    "object_id": "999999",
    "id": "999999",
    "content_type_id": "999999",
    "app_label": "tracker",
}


def url_of(name, params, world):
    """The name's URL, with her own rows, a real article and real signed links where it takes
    parameters, so the pages with her data answer 200 with it."""
    patient = world["patient"]
    real = {
        "tracker:entry": world["objects"]["tracker:entry"].pk,
        "tracker:entry_delete": world["objects"]["tracker:entry_delete"].pk,
        "care:patient": patient.pk,
        "care:export_csv": patient.pk,
        "care:export_fhir": patient.pk,
        "care:alerts_seen": patient.pk,
        "care:alert_known": patient.pk,
        "care:break_confirm": patient.pk,
    }
    if name == "care:visit":
        return links.url_for(links.VISIT, world["objects"]["care:visit_link_stop"].pk)
    if name == "care:invitation":
        return links.url_for(links.INVITATION, world["objects"]["care:invitation_stop"].pk)
    kwargs = {}
    for param in params:
        if param == "slug":
            kwargs[param] = "stretch-calves-before-bed"
        elif param == "pk" and name in real:
            kwargs[param] = real[name]
        elif param == "pk" and name in world["objects"]:
            kwargs[param] = world["objects"][name].pk
        else:
            kwargs[param] = STAND_INS[param]  # a new parameter: give it a stand-in here
    return reverse(name, kwargs=kwargs)


# Every response carries these (the header must contain the value).
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": PERMISSIONS_POLICY,
}


def missing_headers(response):
    return [
        f"{header}: {response.headers.get(header)!r}"
        for header, expected in SECURITY_HEADERS.items()
        if expected not in response.headers.get(header, "")
    ]
