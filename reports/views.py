from django.shortcuts import render

from reports.forms import PeriodForm
from reports.summary import default_period, summary_for
from tracker import selectors
from tracker.access import patient_required


@patient_required
def summary(request):
    """Her summary of a period: the last one by default, any other from the form's dates."""
    patient = request.user
    today = selectors.local_today(request.profile)
    timeline = selectors.therapy_timeline(patient=patient)
    therapy_start = timeline[0].start if timeline else None
    appointments = selectors.appointments(patient=patient)
    chosen = "start" in request.GET or "end" in request.GET
    period = (
        None
        if chosen
        else default_period(appointments=appointments, today=today, therapy_start=therapy_start)
    )
    form = PeriodForm(
        request.GET if chosen else None,
        today=today,
        therapy_start=therapy_start,
        initial=period and {"start": period.start, "end": period.end},
    )
    if chosen and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif period:
        start, end = period.start, period.end
    else:
        start = end = None
    return render(
        request,
        "reports/summary.html",
        {
            "form": form,
            "period_words": period and period.words,
            "summary": start and summary_for(patient, start, end, timeline=timeline),
            "today": today,
            "timeline": timeline,
            "appointments": appointments,
        },
        status=400 if form.errors else 200,
    )
