from django.shortcuts import render

from reports.forms import choose_period
from reports.summary import summary_for
from tracker import selectors
from tracker.access import patient_required


@patient_required
def summary(request):
    """Her summary of a period: the last one by default, any other from the form's dates."""
    patient = request.user
    timeline = selectors.therapy_timeline(patient=patient)
    appointments = selectors.appointments(patient=patient)
    chosen = choose_period(
        request.GET,
        today=selectors.local_today(request.profile),
        timeline=timeline,
        appointments=appointments,
    )
    return render(
        request,
        "reports/summary.html",
        {
            "form": chosen.form,
            "period_words": chosen.words,
            "summary": chosen.start
            and summary_for(patient, chosen.start, chosen.end, timeline=timeline),
            "today": chosen.today,
            "timeline": timeline,
            "appointments": appointments,
            "for_patient": True,
        },
        status=400 if chosen.form.errors else 200,
    )
