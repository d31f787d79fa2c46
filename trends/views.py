"""The Trends page: her charts for the range she picked, the before-and-after and the
self-care comparison, composed here and handed to the template."""

from django.shortcuts import render

from tracker import selectors
from tracker.access import patient_required
from trends import charts


@patient_required
def index(request):
    patient = request.user
    return render(
        request,
        "trends/index.html",
        {
            "dashboard": charts.dashboard(
                patient=patient,
                today=selectors.local_today(request.profile),
                timeline=selectors.therapy_timeline(patient=patient),
                appointments=selectors.appointments(patient=patient),
                range_key=request.GET.get("range", ""),
            ),
            "patient": patient,
        },
    )
