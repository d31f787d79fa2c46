"""Telephone numbers as people type them: written out as typed, dialled from the digits."""

import re

from django.core.exceptions import ValidationError

_ALLOWED = re.compile(r"^\+?[0-9 ()./-]+$")


def validate(value):
    digits = sum(c.isdigit() for c in value)
    if not _ALLOWED.match(value) or not 3 <= digits <= 20:
        raise ValidationError(
            "Enter a telephone number with its digits, for example 0161 446 3000 or "
            "+44 161 446 3000 (spaces, brackets and dashes are fine).",
            code="not_a_phone_number",
        )


def tel(value):
    """The target of a `tel:` link: the digits and a leading +."""
    return ("+" if value.strip().startswith("+") else "") + "".join(filter(str.isdigit, value))
