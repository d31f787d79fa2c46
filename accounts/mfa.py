"""Two-step sign-in (django-allauth's MFA app) in the diary's own words."""

from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.base import forms as base_forms
from allauth.mfa.totp import forms as totp_forms

# Where allauth keeps the key being set up in the session (its form reads it from there too).
from allauth.mfa.totp.internal import auth as totp_auth
from allauth.mfa.utils import is_mfa_enabled
from allauth.mfa.webauthn import forms as webauthn_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from config.forms import fields_helper


class MFAAdapter(DefaultMFAAdapter):
    """allauth's messages say "two-factor authentication" and "Incorrect code."; people
    who are not technical read these pages too, so each message says what to do next."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "That code did not work. Type the 6 digits your authenticator app shows now "
            "(they change every 30 seconds), or one of your recovery codes."
        ),
        "unverified_email": (
            "Confirm your email address before you turn on two-step sign-in: open the link "
            "we emailed you, or send it again from 'Change your email address'."
        ),
        "cannot_delete_authenticator": "This way of signing in cannot be removed.",
        "cannot_generate_recovery_codes": (
            "Recovery codes come with two-step sign-in: set up an authenticator app or a "
            "passkey first."
        ),
        "add_email_blocked": (
            "Your account has two-step sign-in, so a new email address cannot be added here."
        ),
    }


class _CodeField:
    """The code box: a label in words, the phone's number pad, no placeholder for a label."""

    helper = fields_helper()
    code_label = "Code"
    code_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = self.code_label
        code.help_text = self.code_help
        code.widget.attrs.pop("placeholder", None)
        code.widget.attrs.update(inputmode="numeric", autocomplete="one-time-code")


class ActivateTOTPForm(_CodeField, totp_forms.ActivateTOTPForm):
    """The set-up page's key stays the same until the app is turned on: allauth draws a new
    one on every unbound form, so a reload (a phone reopening the tab) changed it, and the
    code from the key she had already added then failed without a word about why."""

    code_label = "6-digit code from your app"

    def __init__(self, *args, **kwargs):
        session = context.request.session
        kept = session.get(totp_auth.SECRET_SESSION_KEY)
        super().__init__(*args, **kwargs)
        if kept and not self.is_bound:
            self.secret = session[totp_auth.SECRET_SESSION_KEY] = kept

    @property
    def secret_in_groups(self):
        """The key as authenticator apps print it: groups of four (they ignore the spaces)."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))

    def clean_code(self):
        try:
            return super().clean_code()
        except ValidationError as error:
            if error.code != "incorrect_code":
                raise
            raise ValidationError(
                "That code did not work. Check that the account you added in your app has the "
                f"key shown on this page (it ends in {self.secret[-4:]}); a key added "
                "earlier, before this page was opened again, is an older one: remove it and "
                "add this one. Then type the 6 digits the app shows now (they change every "
                "30 seconds), with your phone's clock set automatically.",
                code="incorrect_code",
            ) from None


class AuthenticateForm(_CodeField, base_forms.AuthenticateForm):
    code_help = "From your authenticator app, or one of your recovery codes."


class ReauthenticateForm(_CodeField, base_forms.ReauthenticateForm):
    code_help = AuthenticateForm.code_help


class AddWebAuthnForm(webauthn_forms.AddWebAuthnForm):
    """The passkey's name and whether it signs her in on its own, asked in words."""

    helper = fields_helper()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = "Name of this passkey"
        self.fields["name"].help_text = "For example 'My phone' or 'Blue security key'."
        if "passwordless" in self.fields:
            self.fields["passwordless"].label = "Also sign in with this passkey alone"
            self.fields["passwordless"].help_text = (
                "Then you can sign in without your password: your device asks for its "
                "fingerprint, face or PIN instead."
            )


def second_step_first(request, *, before):
    """None when she has a second factor; else the way to set one up, with a message that
    names what waits for it (`before`: "you see any patient's diary")."""
    if is_mfa_enabled(request.user):
        return None
    messages.info(
        request,
        f"Before {before}, protect your account with a second step at sign-in: an "
        "authenticator app code.",
    )
    return redirect("mfa_activate_totp")
