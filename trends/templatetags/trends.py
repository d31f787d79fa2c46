"""Pieces of the trends app that other pages compose: each renders only what it is given.

The tracker's Python code never imports this app: its templates load these tags.
"""

from django import template

from tracker import selectors
from trends import charts

register = template.Library()


@register.inclusion_tag("trends/_sparkline.html")
def pain_sparkline(days, today):
    """Today's small 4-week pain drawing, from the days the page already read."""
    return {"sparkline": charts.pain_sparkline(days, today=today)}


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
