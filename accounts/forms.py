"""allauth's account forms with the diary's labels: sentence case, and words a patient uses
("Keep me signed in", not "Remember Me")."""

from allauth.account import forms as allauth_forms

from config.forms import fields_helper


class LoginForm(allauth_forms.LoginForm):
    helper = fields_helper()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["remember"].label = "Keep me signed in"


class _NewPasswordLabels:
    """The new password twice, as the sign-up form asks it."""

    helper = fields_helper()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = "New password"
        self.fields["password2"].label = "New password (again)"


class ChangePasswordForm(_NewPasswordLabels, allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"


class ResetPasswordKeyForm(_NewPasswordLabels, allauth_forms.ResetPasswordKeyForm):
    pass
