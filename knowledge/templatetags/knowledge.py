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
    request = context["request"]
    today = local_today(request.profile)
    return {
        "matches": selectors.tips_for(patient=request.user, today=today)[:DASHBOARD_TIPS],
        "next": request.get_full_path(),
    }
