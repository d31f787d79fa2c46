"""The Trends page: her charts for the range she picked, the before-and-after and the
self-care comparison, composed once and kept until her diary changes (`trends.fragments`)."""

from django.shortcuts import render

from tracker import selectors
from tracker.access import patient_required
from trends import fragments


@patient_required
def index(request):
    patient = request.user
    return render(
        request,
        "trends/index.html",
        {
            "charts": fragments.charts_section(
                request,
                patient=patient,
                today=selectors.local_today(request.profile),
                range_key=request.GET.get("range", ""),
            ),
        },
    )
