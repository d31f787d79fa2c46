"""Who may see a patient's diary on the care side: every clinician view goes through here.

`clinician_required` lets in signed-in clinicians who have set up a second factor (others
are sent to set one up); `patient_for` finds a patient through a live grant to the clinician
asking and answers 404 for anyone else, so a patient who never shared, or stopped sharing,
looks exactly like one who does not exist.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.mfa import second_step_first
from care.models import Grant, Invitation, VisitLink


def clinician_required(view):
    """Signed-in clinicians with a second factor set up (TOTP or a passkey)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_clinician:
            raise PermissionDenied("This page is for clinicians.")
        return second_step_first(request, before="you see any patient's diary") or view(
            request, *args, **kwargs
        )

    return wrapper


def patient_for(clinician, pk):
    """The patient `pk` if she has a live grant to `clinician`, with her profile; else 404.

    Read on every request, so a grant revoked or ended while a page was open refuses the
    next request at once.
    """
    grant = (
        Grant.objects.live()
        .filter(clinician=clinician, patient_id=pk)
        .select_related("patient__patient_profile")
        .first()
    )
    if grant is None:
        raise Http404("No patient shares a diary with you under this number.")
    return grant.patient


# The patient's own sharing rows: scoped to her, 404 for anyone else's.


def grant_of(patient, pk):
    return get_object_or_404(Grant, pk=pk, patient=patient)


def invitation_of(patient, pk):
    return get_object_or_404(Invitation, pk=pk, patient=patient)


def visit_link_of(patient, pk):
    return get_object_or_404(VisitLink, pk=pk, patient=patient)
