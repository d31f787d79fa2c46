"""Password rules beyond Django's: no known or guessable password, and an upper length.

The list is the common-password dictionary of zxcvbn-ts (`@zxcvbn-ts/language-common` 4.1.3
on the npm registry, MIT licence: 49,233 passwords seen most often in published breaches,
lower-cased), shipped in accounts/data/ and read once per process; nothing is looked up online.
"""

import gzip
import string
from functools import cache
from pathlib import Path

from django.core.exceptions import ValidationError

LIST_PATH = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"

# Passwords this project itself has published: the demo logins in the README. `seed_demo`
# sets it on the demo accounts directly, without validation; nobody may choose it.
PUBLISHED_PASSWORDS = frozenset({"diary-demo-2026"})

# What people add to a known word to get past a rule: digits, a year, punctuation
# ("Summer2026!", "dragon_1987"). Attackers try these first, so they add nothing.
_DECORATION = string.digits + string.punctuation + string.whitespace


@cache
def known_passwords():
    with gzip.open(LIST_PATH, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip()) | PUBLISHED_PASSWORDS


class KnownPasswordValidator:
    """Refuses a password from the breach list, or one of them with digits or symbols
    added at the end, whatever its capitals."""

    def validate(self, password, user=None):
        lowered = password.lower()
        known = known_passwords()
        if lowered in known or lowered.rstrip(_DECORATION) in known:
            raise ValidationError(
                "This password is one that people use often, or one of them with numbers "
                "added, so it is among the first an attacker tries. Choose another: a few "
                "unrelated words are easy to remember and hard to guess.",
                code="password_known",
            )

    def get_help_text(self):
        return "Your password cannot be a commonly used or leaked password."


class MaximumLengthValidator:
    """An upper bound, so a huge password is refused in words before anything hashes it."""

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                "This password is too long: use at most %(max_length)d characters.",
                code="password_too_long",
                params={"max_length": self.max_length},
            )

    def get_help_text(self):
        return f"Your password can be at most {self.max_length} characters long."
