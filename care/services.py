"""Writes of the care side: sharing, links, alerts seen, and the access log.

Every change to who may see her diary, every opening of a visit link and every download by a
clinician is also an event of the security audit log (`audit.services.record`).
"""

from datetime import timedelta
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.services import Kind, record, target
from care import alerts, limits, links
from care.list_cache import renew_lists, renew_lists_of
from care.models import (
    LINK_DAYS,
    AccessEvent,
    Alert,
    ClinicianProfile,
    Grant,
    Invitation,
    VisitLink,
    end_of_day,
)
from config.forms import one_line
from reports.alerts import BREAK_UNCONFIRMED_KEY
from tracker.models import TherapyPeriod
from tracker.selectors import local_today

GRANTED, UPDATED, INVITED = "granted", "updated", "invited"
# The access log's downloads, as the audit log's export targets name them.
EXPORTS = {
    AccessEvent.What.EXPORT_CSV: "csv of patient",
    AccessEvent.What.EXPORT_FHIR: "fhir of patient",
}


def record_access(*, patient, what, clinician=None, visit_link=None):
    """One row of the access log the patient reads: who opened what of hers, and when."""
    if (clinician is None) == (visit_link is None):
        raise ValueError("An access is made by a clinician or through a visit link, not both.")
    event = AccessEvent.objects.create(
        patient=patient,
        clinician=clinician,
        visit_link=visit_link,
        viewer=viewer_words(clinician=clinician, visit_link=visit_link),
        what=what,
    )
    if visit_link is not None:
        record(Kind.VISIT_LINK_OPENED, target=target("visit_link", visit_link.pk))
    elif what in EXPORTS:
        record(Kind.EXPORT, actor=clinician, target=target(EXPORTS[what], patient.pk))
    return event


def viewer_words(*, clinician=None, visit_link=None):
    """Who looked, as the patient's log names them: "Ana Silva (ana@clinic.org)"."""
    if visit_link is not None:
        return f"Visit link: {visit_link.label}" if visit_link.label else "Visit link"
    try:
        name = clinician.clinician_profile.name
    except ClinicianProfile.DoesNotExist:
        name = ""
    return f"{name} ({clinician.email})" if name else clinician.email


def mark_alerts_seen(*, patient, clinician, now=None):
    """Mark all her unseen alerts seen by `clinician` (one UPDATE); returns how many. The
    caller has found her through `care.access.patient_for` and records the access."""
    seen = Alert.objects.filter(patient=patient, seen_at=None).update(
        seen_at=now or timezone.now(), seen_by=clinician
    )
    if seen:
        renew_lists_of([patient.pk])
    return seen


# How long a clinician can hold a reason "known, being managed".
KNOWN_WEEKS = (4, 8, 12)


@transaction.atomic
def mark_known(*, patient, clinician, key, weeks, now=None):
    """Her reason `key` (a state: pain on most days, say) known and being managed by
    `clinician` for `weeks` weeks from her date today: seen now if not yet, and raised again
    before then only if it gets worse (`care.alerts`). Returns the row."""
    now = now or timezone.now()
    row = (
        Alert.objects.select_for_update()
        .filter(patient=patient, key=key, worse_at__isnull=False)
        .order_by("-raised_at", "-pk")
        .first()
    )
    if row is None or weeks not in KNOWN_WEEKS:
        raise ValidationError("There is no such alert to mark as known.")
    if row.seen_at is None:
        row.seen_at, row.seen_by = now, clinician
    row.known_at, row.known_by = now, clinician
    row.known_until = local_today(patient.patient_profile, now=now) + timedelta(weeks=weeks)
    row.save(update_fields=["seen_at", "seen_by", "known_at", "known_by", "known_until"])
    renew_lists_of([patient.pk])
    return row


@transaction.atomic
def confirm_break(*, patient, clinician, planned_end=None, now=None):
    """Her break, which she started herself, confirmed by `clinician`, with the end they
    planned if any: its days are no longer missed tablets, and the alert that asked for it is
    seen. Returns the period."""
    now = now or timezone.now()
    period = (
        TherapyPeriod.objects.select_for_update()
        .filter(patient=patient, end=None, kind=TherapyPeriod.Kind.BREAK)
        .first()
    )
    if period is None:
        raise ValidationError("She is not on a break now: there is nothing to confirm.")
    if planned_end is not None and planned_end < period.start:
        raise ValidationError(
            {"planned_end": f"The break began on {period.start:%-d %B %Y}: plan its end after."}
        )
    period.confirmed_at, period.confirmed_by, period.planned_end = now, clinician, planned_end
    period.save(update_fields=["confirmed_at", "confirmed_by", "planned_end"])
    Alert.objects.filter(patient=patient, key=BREAK_UNCONFIRMED_KEY, seen_at=None).update(
        seen_at=now, seen_by=clinician
    )
    alerts.raise_alerts(patient=patient, today=local_today(patient.patient_profile, now=now))
    renew_lists_of([patient.pk])
    return period


def set_care_name(*, profile, care_name):
    """Her name as her care team sees it (on their list, her summary and the emails)."""
    profile.care_name = care_name
    profile.save(update_fields=["care_name", "updated_at"])


def share_with(*, patient, email, ends_on, now=None):
    """Let the person at `email` read her diary until the end of `ends_on` (her local date),
    or until she stops it when `ends_on` is None.

    A clinician account gets a grant at once (an open grant for the pair has its end moved
    instead); anyone else is invited by email, a patient's address as if new (see below).
    Returns (GRANTED, UPDATED or INVITED, the grant or invitation); ValidationError past
    `CARE_SHARES_PER_HOUR` for her.
    """
    if wait := limits.take(
        f"share:{patient.pk}", limit=settings.CARE_SHARES_PER_HOUR, seconds=3600
    ):
        raise ValidationError(
            f"You have shared your diary or sent invitations {settings.CARE_SHARES_PER_HOUR} "
            "times in the last hour, the most we allow: it stops anyone who gets into your "
            f"account from emailing strangers in your name. Try again in {-(-wait // 60)} "
            "minutes.",
            code="rate_limited",
        )
    now = now or timezone.now()
    expires_at = ends_on and end_of_day(ends_on, patient.patient_profile.time_zone)
    account = get_user_model().objects.filter(email__iexact=email).first()
    if account is None or not account.is_clinician:
        # A patient's address is answered as a new one is (an invitation on her list), so
        # that the sharer cannot tell: being a patient of this diary is health information.
        # Its owner gets an email without a link, saying why nothing was shared.
        return INVITED, _invite(
            patient=patient, email=email, ends_on=ends_on, now=now, usable=account is None
        )
    grant_now = partial(
        _grant, patient=patient, clinician=account, ends_on=ends_on, at=expires_at, now=now
    )
    try:
        outcome, grant = grant_now()
    except IntegrityError:
        # Another request shared with the same clinician at the same moment and made the
        # grant first (the constraint allows one open grant per pair): move its end instead.
        outcome, grant = grant_now()
    if outcome == GRANTED:
        record(Kind.GRANT_MADE, actor=patient, target=target("grant", grant.pk))
        _send(
            "shared",
            to=account.email,
            subject=f"{patient.patient_profile.care_name} shared her diary with you",
            context={
                "care_name": patient.patient_profile.care_name,
                "url": settings.SITE_URL + reverse("care:patients"),
            },
        )
    return outcome, grant


@transaction.atomic
def _grant(*, patient, clinician, ends_on, at, now):
    """(GRANTED or UPDATED, the grant): the open grant's end moved, or a new grant, after
    closing an open one that has already ended (at its end, as it was)."""
    grant = (
        Grant.objects.select_for_update()
        .filter(patient=patient, clinician=clinician, revoked_at=None)
        .first()
    )
    if grant is not None and grant.is_live(now=now):
        grant.ends_on, grant.expires_at = ends_on, at
        grant.save(update_fields=["ends_on", "expires_at"])
        return UPDATED, grant
    if grant is not None:
        grant.revoked_at = grant.expires_at
        grant.save(update_fields=["revoked_at"])
    grant = Grant.objects.create(
        patient=patient, clinician=clinician, ends_on=ends_on, expires_at=at, created_at=now
    )
    # Her days so far, judged now: the clinician's first look at her list is true at once,
    # not after her next save or tonight's run.
    alerts.raise_alerts(patient=patient, today=local_today(patient.patient_profile, now=now))
    return GRANTED, grant


def _invite(*, patient, email, ends_on, now, usable=True):
    """A new invitation to `email`, replacing any still open to the same address (so only the
    newest link works). Not `usable` (a patient's address): the email carries no link."""
    with transaction.atomic():
        Invitation.objects.filter(
            patient=patient, email__iexact=email, accepted_at=None, revoked_at=None
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            patient=patient,
            email=email,
            ends_on=ends_on,
            created_at=now,
            expires_at=now + timedelta(days=LINK_DAYS),
        )
        record(Kind.INVITATION_SENT, actor=patient, target=target("invitation", invitation.pk))
    _send(
        "invitation" if usable else "invitation_to_a_patient",
        to=email,
        subject=f"{patient.patient_profile.care_name} invites you to see her diary",
        context={
            "care_name": patient.patient_profile.care_name,
            "url": links.url_for(links.INVITATION, invitation.pk),
            "expires_at": invitation.expires_at,
            "days": LINK_DAYS,
        },
    )
    return invitation


def _send(name, *, to, subject, context):
    """A text and HTML email from `templates/care/email/<name>.txt` and `.html`.

    Neither may carry health data: her name for her care team and a link, nothing from the
    diary.
    """
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"care/email/{name}.txt", context),
        to=[to],
    )
    message.attach_alternative(render_to_string(f"care/email/{name}.html", context), "text/html")
    message.send()


def stop_grant(*, grant, now=None):
    """Her care team member's access ends now; the next request they make is refused."""
    if Grant.objects.filter(pk=grant.pk, revoked_at=None).update(revoked_at=now or timezone.now()):
        renew_lists([grant.clinician_id])
        record(Kind.GRANT_REVOKED, actor=grant.patient, target=target("grant", grant.pk))


def stop_invitation(*, invitation, now=None):
    """The invitation's link stops working (unless it was accepted already)."""
    if Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(
        revoked_at=now or timezone.now()
    ):
        record(
            Kind.INVITATION_STOPPED,
            actor=invitation.patient,
            target=target("invitation", invitation.pk),
        )


def stop_visit_link(*, visit_link, now=None):
    if VisitLink.objects.filter(pk=visit_link.pk, revoked_at=None).update(
        revoked_at=now or timezone.now()
    ):
        record(
            Kind.VISIT_LINK_STOPPED,
            actor=visit_link.patient,
            target=target("visit_link", visit_link.pk),
        )


def make_visit_link(*, patient, start, end, days, label="", now=None):
    """A link to the summary from `start` to `end` that works for `days` (1 to LINK_DAYS)."""
    if not 1 <= days <= LINK_DAYS:
        raise ValueError(f"A visit link works for 1 to {LINK_DAYS} days.")
    now = now or timezone.now()
    visit_link = VisitLink.objects.create(
        patient=patient,
        start=start,
        end=end,
        label=label,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    record(Kind.VISIT_LINK_MADE, actor=patient, target=target("visit_link", visit_link.pk))
    return visit_link


def _claim(*, invitation, clinician, now):
    """Mark the invitation accepted by `clinician` and give the grant it promised.

    The UPDATE is guarded (still open), so of two tabs accepting at once only one gets here;
    the other gets BadLink and its transaction, with whatever it created, is rolled back.
    """
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at=None, revoked_at=None, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=clinician)
    if not claimed:
        raise links.BadLink("used", "This invitation has been used or withdrawn meanwhile.")
    record(Kind.INVITATION_ACCEPTED, actor=clinician, target=target("invitation", invitation.pk))
    expires_at = invitation.ends_on and end_of_day(
        invitation.ends_on, invitation.patient.patient_profile.time_zone
    )
    return _grant(
        patient=invitation.patient,
        clinician=clinician,
        ends_on=invitation.ends_on,
        at=expires_at,
        now=now,
    )[1]


@transaction.atomic
def join_by_invitation(*, invitation, name, time_zone, password, now=None):
    """A clinician account for the invited address (verified: the link reached it), its
    profile and the grant, all or nothing. Returns the new user."""
    now = now or timezone.now()
    user = get_user_model().objects.create_user(
        email=invitation.email, password=password, role=get_user_model().Role.CLINICIAN
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    ClinicianProfile.objects.create(user=user, name=name, time_zone=time_zone)
    _claim(invitation=invitation, clinician=user, now=now)
    return user


@transaction.atomic
def accept_invitation(*, invitation, clinician, now=None):
    """The grant for a clinician who already has an account and is signed in to it with the
    invited address."""
    return _claim(invitation=invitation, clinician=clinician, now=now or timezone.now())
