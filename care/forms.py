"""Forms of the care side, rendered through crispy-forms: the clinician's list filters (the
Bootstrap 5 pack's fields, in a row), the patient's sharing page and the invitation (the
app's fields, as on her other pages)."""

from datetime import timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms
from django.contrib.auth import get_user_model, password_validation

from care.models import LINK_DAYS, ClinicianProfile, Invitation
from care.patient_list import SORTS
from care.services import KNOWN_WEEKS
from config.forms import check_date_bounds, fields_helper, latest_day, validate_one_line
from reports.forms import PeriodForm
from tracker.forms import _time_zone_field
from tracker.models import PatientProfile


class PatientListForm(forms.Form):
    """How the clinician's list is filtered and sorted: read from the query string."""

    attention = forms.BooleanField(label="Only patients who need attention", required=False)
    sort = forms.ChoiceField(
        label="Sort by",
        choices=[("name", "Name"), ("last_entry", "Last entry, newest first")],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "list-filters"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field("attention"), Field("sort"), Submit("", "Show", css_class="btn-primary")
        )

    def choices(self):
        """The filter and sort asked for, or the defaults when the query is missing or bad."""
        if not self.is_bound or not self.is_valid():
            return {"needs_attention": False, "sort": "name"}
        return {
            "needs_attention": self.cleaned_data["attention"],
            "sort": self.cleaned_data["sort"] if self.cleaned_data["sort"] in SORTS else "name",
        }


def _ask_care_name(form, profile):
    """Until she has given one, a form that shares her diary asks her name for her care team:
    it is how they will see her named."""
    if not profile.care_name:
        form.fields["care_name"] = forms.CharField(
            label=PatientProfile._meta.get_field("care_name").verbose_name.capitalize(),
            max_length=PatientProfile._meta.get_field("care_name").max_length,
            help_text="How your care team will see you named, for example “Maria Jones”.",
            error_messages={"required": "Enter the name your care team knows you by."},
            validators=[validate_one_line],
        )


def _long(day):
    return f"{day.day} {day:%B %Y}"


class ShareForm(forms.Form):
    email = forms.EmailField(
        label="Their email address",
        max_length=Invitation._meta.get_field("email").max_length,
        error_messages={
            "required": "Enter the email address of the person you want to share with.",
            "invalid": "Enter an email address like name@clinic.org.",
            "max_length": "An email address has at most %(limit_value)d characters.",
        },
    )
    ends_on = forms.DateField(
        label="Last day they can see your diary (optional)",
        required=False,
        help_text="Leave it empty to share until you stop it.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2026-03-31."},
    )

    def __init__(self, data=None, *, profile, today):
        super().__init__(data)
        self.today = today
        self.fields["ends_on"].widget.attrs["min"] = today.isoformat()
        self.fields["ends_on"].widget.attrs["max"] = latest_day(today).isoformat()
        _ask_care_name(self, profile)
        self.helper = fields_helper()

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on and ends_on < self.today:
            raise forms.ValidationError(
                f"The last day cannot be in the past: pick today, {_long(self.today)}, or later."
            )
        if ends_on:
            check_date_bounds(ends_on, today=self.today)
        return ends_on


class VisitLinkForm(PeriodForm):
    """The period a visit link shows, how long it works and who it is for."""

    days = forms.TypedChoiceField(
        label="The link works for",
        choices=[(n, f"{n} day{'s' if n > 1 else ''}") for n in range(1, LINK_DAYS + 1)],
        coerce=int,
        initial=LINK_DAYS,
        error_messages={
            "required": "Choose how many days the link works.",
            "invalid_choice": f"Choose from 1 to {LINK_DAYS} days.",
        },
    )
    label = forms.CharField(
        label="Who it is for (optional)",
        required=False,
        max_length=80,
        help_text="For example “Dr Patel, GP”: your access log names the link this way.",
    )

    def __init__(self, data=None, *, profile, today, therapy_start, initial=None):
        super().__init__(data, today=today, therapy_start=therapy_start, initial=initial)
        # Its own ids: the sharing form on the same page may ask her name too.
        self.auto_id = "id_link_%s"
        _ask_care_name(self, profile)
        self.helper = fields_helper()


class JoinForm(forms.Form):
    """A clinician account for the invited address: her name, time zone and a password."""

    name = forms.CharField(
        label="Your name as patients see it",
        max_length=ClinicianProfile._meta.get_field("name").max_length,
        help_text="For example “Dr Ana Silva” or “Ana Silva, oncology nurse”.",
        error_messages={"required": "Enter your name as your patients should see it."},
        validators=[validate_one_line],
    )
    time_zone = _time_zone_field()
    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        # In words, not the validators' HTML list: help is shown as text.
        help_text=" ".join(password_validation.password_validators_help_texts()),
        error_messages={"required": "Choose a password."},
    )
    password2 = forms.CharField(
        label="The same password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the password again, to be sure of it."},
    )

    def __init__(self, data=None, *, email):
        super().__init__(data)
        self.email = email
        self.fields["time_zone"].help_text = "Your weekly email follows your own clock."
        self.helper = fields_helper()

    def clean_password2(self):
        first, second = self.cleaned_data.get("password1"), self.cleaned_data["password2"]
        if first and first != second:
            raise forms.ValidationError("The two passwords are not the same: type them again.")
        return second

    def clean(self):
        password = self.cleaned_data.get("password1")
        if password and not self.errors.get("password2"):
            try:
                password_validation.validate_password(password, get_user_model()(email=self.email))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return self.cleaned_data


class KnownForm(forms.Form):
    """A reason of her alerts held "known, being managed" for some weeks: one small form
    beside each of her unseen states on her page."""

    helper = fields_helper()

    key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    weeks = forms.TypedChoiceField(
        label="Known, being managed for",
        choices=[(n, f"{n} weeks") for n in KNOWN_WEEKS],
        coerce=int,
        initial=KNOWN_WEEKS[0],
        error_messages={
            "required": "Choose for how many weeks.",
            "invalid_choice": "Choose 4, 8 or 12 weeks.",
        },
    )


# A break planned longer than this is not a break: record a stop or a switch instead.
LONGEST_PLANNED_BREAK = timedelta(days=366)


class BreakConfirmForm(forms.Form):
    """Her break confirmed by her care team, with the end they planned if any."""

    planned_end = forms.DateField(
        label="Planned end (optional)",
        required=False,
        help_text="The last day of the break you agreed. Leave it empty if there is none: "
        "you will be told when it passes 4 weeks.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2026-03-31."},
    )

    def __init__(self, data=None, *, period):
        super().__init__(data)
        self.period = period
        self.helper = fields_helper()
        latest = period.start + LONGEST_PLANNED_BREAK
        self.fields["planned_end"].widget.attrs.update(
            min=period.start.isoformat(), max=latest.isoformat()
        )

    def clean_planned_end(self):
        planned_end = self.cleaned_data["planned_end"]
        latest = self.period.start + LONGEST_PLANNED_BREAK
        if planned_end and not self.period.start <= planned_end <= latest:
            raise forms.ValidationError(
                f"The break began on {_long(self.period.start)}: plan its end between then "
                f"and {_long(latest)}."
            )
        return planned_end


class ServiceNumberForm(forms.ModelForm):
    """The clinician's service and its 24-hour number, shown to every patient who shares
    her diary with her."""

    helper = fields_helper()

    class Meta:
        model = ClinicianProfile
        fields = ["name", "service_name", "service_phone"]
        help_texts = {
            "service_name": "For example “Christie Hotline” or “Breast care nurses”.",
            "service_phone": "The number your patients should call day or night, for "
            "example 0161 446 3658. It shows on their “Get help now” card.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_phone"].widget.attrs.update(type="tel")
