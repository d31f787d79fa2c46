from django import template

from config.forms import fields_helper

register = template.Library()


@register.simple_tag
def helper_for(form):
    """The crispy helper for a form of allauth's pages: its own when the app defines the form
    (MFA_FORMS), else the app's (allauth's forms carry none), so that they render like every
    other form: `{% helper_for form as helper %}{% crispy form helper %}`."""
    return getattr(form, "helper", None) or fields_helper()
