"""Writes of the care side: sharing, links, alerts seen, and the access log."""

from django.utils import timezone

from care.models import AccessEvent, Alert, ClinicianProfile


def record_access(*, patient, what, clinician=None, visit_link=None):
    """One row of the access log the patient reads: who opened what of hers, and when."""
    if (clinician is None) == (visit_link is None):
        raise ValueError("An access is made by a clinician or through a visit link, not both.")
    return AccessEvent.objects.create(
        patient=patient,
        clinician=clinician,
        visit_link=visit_link,
        viewer=viewer_words(clinician=clinician, visit_link=visit_link),
        what=what,
    )


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
    return Alert.objects.filter(patient=patient, seen_at=None).update(
        seen_at=now or timezone.now(), seen_by=clinician
    )
