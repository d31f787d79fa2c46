"""`{% team_numbers patient as numbers %}`: her care team's numbers for the "Get help now"
card, which tracker's pages include; tracker's Python code never imports care."""

from django import template

from care import selectors

register = template.Library()


@register.simple_tag
def team_numbers(patient):
    return selectors.team_numbers(patient=patient)
