"""`{% tips_for_patient %}`: the dashboard's tips, composed in the template.

The tracker's Today page loads this library; tracker's Python code never imports knowledge.
"""

from django import template

from knowledge import selectors
from tracker import measures
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


@register.inclusion_tag("knowledge/what_to_do.html")
def what_to_do(entry):
    """What to do about each severe answer of a saved day: the matching "when to call" tip
    (else "ask your team"), one card per article with the answers it is for."""
    severe = entry.severe_measures()
    articles = selectors.what_to_do(measure_codes=[m.code for m in severe])
    cards = {}
    for measure in severe:
        article = articles[measure.code]
        cards.setdefault(article and article.pk, (article, []))[1].append(
            _answer_words(measure, entry.value_of(measure))
        )
    return {"day": entry.day, "cards": list(cards.values())}


def _answer_words(measure, value):
    """ "Joint or muscle pain: 9 out of 10, severe", "Headache: very severe"."""
    words = measure.scale.label_for(value).lower()
    if measure.scale.kind == measures.Kind.RATING:
        return f"{measure.label}: {value} out of {measure.scale.maximum}, {words}"
    return f"{measure.label}: {words}"
