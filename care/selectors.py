"""Reads of the care side: a patient's alerts, her sharing page, and the rows her links name.
Callers have checked who is asking (`care.access`)."""

from dataclasses import dataclass

from django.utils import timezone

from care import links
from care.models import (
    LINK_DAYS,
    AccessEvent,
    Alert,
    ClinicianProfile,
    Grant,
    Invitation,
    VisitLink,
)
from care.services import viewer_words
from tracker import phones

# "Seen by ..." lines shown under a patient's unseen alerts.
SEEN_SHOWN = 5


def unseen_alerts(*, patient):
    """Her alerts no clinician has marked seen yet, newest first."""
    return unseen_alerts_by_patient(patient_ids=[patient.pk]).get(patient.pk, [])


def unseen_alerts_by_patient(*, patient_ids):
    """The unseen alerts of many patients in one query (a page of the patient list): a dict
    of patient id to her alerts, newest first; patients with none are left out. Served by the
    partial index `care_alert_unseen`."""
    found = {}
    for alert in Alert.objects.filter(patient_id__in=list(patient_ids), seen_at=None).order_by(
        "patient_id", "priority", "-raised_at", "key"
    ):
        found.setdefault(alert.patient_id, []).append(alert)
    return found


def seen_alerts(*, patient, limit=SEEN_SHOWN):
    """Her most recently seen alerts, each with `seen_words` ("Seen by Ana Silva
    (ana@clinic.org) on 3 December"), so the other clinicians of the patient know who dealt
    with them. One query."""
    alerts = list(
        Alert.objects.filter(patient=patient, seen_at__isnull=False)
        .select_related("seen_by__clinician_profile")
        .order_by("-seen_at", "key")[:limit]
    )
    for alert in alerts:
        who = viewer_words(clinician=alert.seen_by) if alert.seen_by else "a closed account"
        alert.seen_words = f"Seen by {who} on {timezone.localtime(alert.seen_at):%-d %B}"
    return alerts


def known_alerts(*, patient, today):
    """Her reasons a clinician holds "known, being managed" on `today` (her date), each with
    `known_words` ("by Ana Silva (ana@clinic.org) on 3 December, until 31 December"), so the
    other clinicians of the patient know who manages it. One query."""
    rows = list(
        Alert.objects.filter(patient=patient, known_until__gte=today)
        .select_related("known_by__clinician_profile")
        .order_by("priority", "-known_at")
    )
    for row in rows:
        who = viewer_words(clinician=row.known_by) if row.known_by else "a closed account"
        row.known_words = (
            f"by {who} on {timezone.localtime(row.known_at):%-d %B}, "
            f"until {row.known_until:%-d %B %Y}"
        )
    return rows


# The access log shows her newest openings and counts the rest.
LOG_SHOWN = 50


@dataclass(frozen=True)
class Sharing:
    grants: list
    invitations: list
    visit_links: list
    log: list
    log_count: int


def sharing(*, patient, now=None):
    """Who can read her diary now, her open invitations and links, and the newest of her
    access log: five queries, however many of each she has."""
    now = now or timezone.now()
    return Sharing(
        grants=list(
            Grant.objects.live(now=now)
            .filter(patient=patient)
            .select_related("clinician__clinician_profile")
            .order_by("created_at")
        ),
        invitations=list(
            Invitation.objects.filter(
                patient=patient, accepted_at=None, revoked_at=None, expires_at__gt=now
            ).order_by("created_at")
        ),
        visit_links=list(
            VisitLink.objects.filter(patient=patient, revoked_at=None, expires_at__gt=now)
        ),
        log=list(AccessEvent.objects.filter(patient=patient)[:LOG_SHOWN]),
        log_count=AccessEvent.objects.filter(patient=patient).count(),
    )


def open_invitation(*, pk, now=None):
    """The invitation row `pk` names, if it can still be accepted; BadLink in words if not."""
    now = now or timezone.now()
    invitation = Invitation.objects.select_related("patient__patient_profile").filter(pk=pk).first()
    if invitation is None:
        raise links.BadLink("invalid", "This invitation is not valid.")
    if invitation.accepted_at is not None:
        raise links.BadLink(
            "used",
            "This invitation has been used already: an invitation link works once. If you "
            "made your account with it, sign in.",
        )
    if invitation.revoked_at is not None:
        raise links.BadLink("revoked", "This invitation was withdrawn by the person who sent it.")
    if invitation.expires_at <= now:
        raise links.BadLink(
            "expired", f"This invitation has expired: it worked for {LINK_DAYS} days."
        )
    return invitation


def open_visit_link(*, pk, now=None):
    """The visit link row `pk` names, if it still works; BadLink in words if not."""
    now = now or timezone.now()
    visit_link = VisitLink.objects.select_related("patient__patient_profile").filter(pk=pk).first()
    if visit_link is None:
        raise links.BadLink("invalid", "This link is not valid.")
    if visit_link.revoked_at is not None:
        raise links.BadLink("revoked", "This link was stopped by the person who made it.")
    if visit_link.expires_at <= now:
        raise links.BadLink(
            "expired",
            f"This link has expired: a visit link works for {LINK_DAYS} days at most. Ask the "
            "person who gave it to you for a new one.",
        )
    return visit_link


@dataclass(frozen=True)
class TeamNumber:
    name: str  # the service, else the clinician's name
    number: str

    @property
    def tel(self):
        return phones.tel(self.number)


def team_numbers(*, patient, now=None):
    """The 24-hour numbers of the services of the clinicians she shares her diary with now
    (live grants only: none after she stops sharing), one per distinct number. One query."""
    profiles = (
        ClinicianProfile.objects.filter(
            user__grants_received__in=Grant.objects.filter(patient=patient).live(now=now)
        )
        .exclude(service_phone="")
        .order_by("service_name", "name")
        .values_list("service_name", "name", "service_phone")
    )
    numbers = {}
    for service, name, phone in profiles:
        numbers.setdefault(phones.tel(phone), TeamNumber(service or name, phone))
    return list(numbers.values())
