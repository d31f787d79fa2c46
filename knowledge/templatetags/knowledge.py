"""`{% tips_for_patient patient today timeline %}`: Today's tips, composed in the template.

The tracker's Today page loads this library; tracker's Python code never imports knowledge.
"""

from django import template

from knowledge import red_flags, selectors
from tracker import measures

register = template.Library()

DASHBOARD_TIPS = 3
TALK_BEFORE_STOPPING = "talk-before-stopping"


@register.inclusion_tag("knowledge/tips_for_patient.html")
def tips_for_patient(patient, today, timeline):
    """Her top tips on Today, each a title and why it was picked (the article's page has the
    rest and "Did this help?"). The page passes her date and timeline: neither read twice."""
    matches = selectors.tips_for(patient=patient, today=today, timeline=timeline)
    return {"matches": matches[:DASHBOARD_TIPS]}


@register.simple_tag
def red_flag_groups():
    """The warning signs by urgency, for the "Get help now" card and the warning-signs page."""
    return red_flags.groups()


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
    if entry.said_stopped:
        # Before anything else: what stopping means, and that her team can help first.
        cards["stopped"] = (
            selectors.published().filter(slug=TALK_BEFORE_STOPPING).first(),
            [f"{measures.TABLET_TAKEN.label}: {entry.get_missed_reason_display().lower()}"],
        )
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
