"""`{% trend_charts %}`: the dashboard's charts, composed in the Today page's template.

Like the knowledge app's tips, the tracker's Python code never imports this app: the Today
page loads the tag, and the tag reuses the page's `today`, `timeline` and `appointments`.
"""

import orjson
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from tracker import selectors
from trends import charts

register = template.Library()

# What `json_script` escapes, so the JSON cannot close its <script> element early.
_SCRIPT_SAFE = ((b"&", b"\\u0026"), (b"<", b"\\u003C"), (b">", b"\\u003E"))


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


@register.simple_tag
def figure_script(chart):
    """The chart's figure as a JSON <script> for static/js/charts.js, like `json_script`.

    Encoded by orjson and escaped with bytes.replace: `json_script` (json and translate())
    took 90 ms a page on five years of days, this takes a few.
    """
    text = orjson.dumps(chart.figure)
    for character, escaped in _SCRIPT_SAFE:
        text = text.replace(character, escaped)
    return format_html(
        '<script id="{}" type="application/json">{}</script>',
        chart.script_id,
        mark_safe(text.decode()),  # noqa: S308 (escaped above, as json_script does)
    )
