import re
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django.core.exceptions import ValidationError


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


# Line breaks, other control characters and the invisible marks that reorder text: none
# belongs in a name, and in an email's subject a line break is a 500 (BadHeaderError).
_NOT_IN_A_LINE = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def validate_one_line(value):
    """Refuses text that is not one plain line (a name shown to others, in emails)."""
    if _NOT_IN_A_LINE.search(value):
        raise ValidationError(
            "Use letters, numbers, spaces and punctuation only, on one line.", code="one_line"
        )


def one_line(text):
    """`text` as one line: each run of whitespace or control characters a single space (for
    words kept before names were checked, on their way into an email's subject)."""
    return " ".join(_NOT_IN_A_LINE.sub(" ", text).split())


# How far ahead a date may be: a share's last day, an appointment. Further is a typing slip
# (and 9999-12-31 overflowed the end-of-day arithmetic: a 500).
YEARS_AHEAD = 10
# How far back: none of her dates (therapy, visits) is older than the diary's oldest start.
EARLIEST_DAY = date(1990, 1, 1)


def latest_day(today):
    """The last day a form takes: `YEARS_AHEAD` years after `today` (28 February for 29)."""
    day = 28 if (today.month, today.day) == (2, 29) else today.day
    return today.replace(year=today.year + YEARS_AHEAD, day=day)


def check_date_bounds(value, *, today, earliest=EARLIEST_DAY):
    """Refuses `value` outside [earliest, latest_day(today)], in words."""
    if value < earliest or value > latest_day(today):
        raise ValidationError(
            f"Enter a date between {earliest:%-d %B %Y} and {latest_day(today):%-d %B %Y}.",
            code="out_of_range",
        )
