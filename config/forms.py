from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout


def fields_helper(*layout):
    """A crispy helper for one of the app's forms: its fields only (each page writes its
    `<form>`, CSRF token and buttons, and may hold two forms), the error summary first, then
    each field through the app's field template: a real label (a legend for a group of
    buttons), the help and the error in words tied to the input by `aria-describedby`, the
    scale and count widgets, "(optional)" on the questions that may be skipped.

    With no layout, every field is shown in the form's order."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.field_template = "forms/field.html"
    if layout:
        helper.layout = Layout(*layout)
    return helper
