from django import forms

from tracker.forms import ProfileForm


class ReminderSettingsForm(ProfileForm):
    """Her reminder time and time zone (on her profile) and whether reminders are on."""

    enabled = forms.BooleanField(label="Send me a reminder email each day", required=False)
    field_order = ["enabled", "reminder_time", "time_zone"]
