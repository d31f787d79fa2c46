"""`{% tips_for_patient %}`: the dashboard's tips, composed in the template.

The tracker's Today page loads this library; tracker's Python code never imports knowledge.
"""

from django import template

from knowledge import selectors
from tracker.selectors import local_today

register = template.Library()

DASHBOARD_TIPS = 3


@register.inclusion_tag("knowledge/tips_for_patient.html", takes_context=True)
def tips_for_patient(context):
    """Reuses the page's `today` and `timeline` when it has them, to read neither twice."""
    request = context["request"]
    today = context.get("today") or local_today(request.profile)
    matches = selectors.tips_for(
        patient=request.user, today=today, timeline=context.get("timeline")
    )
    return {
        "matches": matches[:DASHBOARD_TIPS],
        "next": request.get_full_path(),
    }


@register.simple_tag
def self_care_tips_that_helped(patient):
    """For the dashboard's self-care comparison (trends), which loads this library."""
    return selectors.self_care_tips_that_helped(patient=patient)
