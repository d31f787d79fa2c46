"""Who may see what: every view of patient data goes through these helpers.

A patient reaches only her own rows. The lookups scope the query to the person asking and
answer 404 for anything else, so another patient's ids look exactly like ids that do not exist.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect

from tracker.models import Appointment, DailyEntry, PatientProfile, TherapyPeriod


def patient_required(view):
    """Signed-in patients only; sends one who has not set up her therapy to do that first.

    Sets `request.profile` for the view.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_patient:
            raise PermissionDenied("The diary is for patients.")
        try:
            request.profile = request.user.patient_profile  # read with the user: tracker/auth.py
        except PatientProfile.DoesNotExist:
            return redirect("tracker:onboarding")
        return view(request, *args, **kwargs)

    return wrapper


def entry_for(user, pk):
    return get_object_or_404(DailyEntry, pk=pk, patient=user)


def period_for(user, pk):
    return get_object_or_404(TherapyPeriod, pk=pk, patient=user)


def appointment_for(user, pk):
    return get_object_or_404(Appointment, pk=pk, patient=user)
