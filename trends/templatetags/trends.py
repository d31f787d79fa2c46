"""`{% trend_charts %}`: the dashboard's charts, composed in the Today page's template.

Like the knowledge app's tips, the tracker's Python code never imports this app: the Today
page loads the tag, and the tag reuses the page's `today`, `timeline` and `appointments`.
"""

from django import template

from tracker import selectors
from trends import charts

register = template.Library()


@register.inclusion_tag("trends/charts.html", takes_context=True)
def trend_charts(context):
    request = context["request"]
    today = context.get("today") or selectors.local_today(request.profile)
    timeline = context.get("timeline")
    if timeline is None:
        timeline = selectors.therapy_timeline(patient=request.user)
    appointments = context.get("appointments")
    if appointments is None:
        appointments = selectors.appointments(patient=request.user)
    return {
        "dashboard": charts.dashboard(
            patient=request.user,
            today=today,
            timeline=timeline,
            appointments=appointments,
            range_key=request.GET.get("range", ""),
        ),
        "today": today,
        "patient": request.user,
    }


@register.inclusion_tag("trends/period_charts.html")
def period_charts(patient, first, last, timeline=None, appointments=None):
    """Small charts of one period, for the summary; reuses its timeline and appointments."""
    if timeline is None:
        timeline = selectors.therapy_timeline(patient=patient)
    if appointments is None:
        appointments = selectors.appointments(patient=patient)
    return {
        "charts": charts.period_charts(
            patient=patient, first=first, last=last, timeline=timeline, appointments=appointments
        )
    }
