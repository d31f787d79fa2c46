from django import forms

from config.forms import fields_helper


class DeleteAccountForm(forms.Form):
    """Her password again, and a tick that she understands: deleting cannot be undone."""

    helper = fields_helper()

    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    understood = forms.BooleanField(
        label="I understand that my diary and account are deleted for good",
        error_messages={"required": "Tick the box to say you understand it cannot be undone."},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Type it again.")
        return password
