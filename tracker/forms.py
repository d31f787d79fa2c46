import zoneinfo
from datetime import date, time

from crispy_forms.layout import HTML, Div, Field, Fieldset
from crispy_forms.utils import TEMPLATE_PACK
from django import forms
from django.forms.models import model_to_dict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html

from config.forms import (
    EARLIEST_DAY,
    check_date_bounds,
    fields_helper,
    latest_day,
    validate_one_line,
)
from tracker import countries, measures, selectors, zones
from tracker.models import DailyEntry, Drug, PatientProfile, TherapyPeriod


class ScaleRadioSelect(forms.RadioSelect):
    """Big tap targets, each point of the scale with its number and its words."""

    template_name = "forms/widgets/scale.html"
    option_template_name = "forms/widgets/scale_option.html"

    def __init__(self, *args, scale=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["scale_kind"] = self.scale.kind if self.scale else "choice"
        return context


class CountInput(forms.NumberInput):
    """A number box with minus and plus buttons (added by app.js) for stiff fingers."""

    template_name = "forms/widgets/count.html"

    def __init__(self, *, minimum, maximum):
        super().__init__(
            attrs={"min": minimum, "max": maximum, "inputmode": "numeric", "class": "count-input"}
        )


class _Section(Div):
    """A section of the log form: a `<section>` named by its heading."""

    template = "tracker/layout/section.html"

    def __init__(self, section, *fields):
        super().__init__(
            HTML(
                format_html('<h2 id="section-{}" class="h4">{}</h2>', section.code, section.title)
            ),
            *fields,
            aria_labelledby=f"section-{section.code}",
        )


class _MoreSymptoms(Div):
    """The optional symptoms, folded away unless one is answered or has an error: decided when
    the form is shown, after it was checked."""

    def render(self, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        fields = self.get_rendered_fields(form, context, template_pack, **kwargs)
        return render_to_string(
            "tracker/layout/more_symptoms.html",
            {"fields": fields, "open": form.other_symptoms_open()},
        )


def _group(legend, *fields, **attrs):
    """A group of questions under one legend, styled as one field."""
    return Fieldset(
        legend, *fields, css_class="field", template="forms/layout/fieldset.html", **attrs
    )


def _chips(group):
    """Tick boxes as chips: where it hurt, what she did."""
    chips = [Field(option.field, template="tracker/layout/chip.html") for option in group.options]
    return _group(group.question, Div(*chips, css_class="chips"), data_field=group.code)


def _number_messages(minimum, maximum):
    words = f"Enter a whole number from {minimum} to {maximum}."
    return {"invalid": words, "min_value": words, "max_value": words}


def measure_formfield(measure):
    """The form field for a measure, built from its scale in the catalogue."""
    scale = measure.scale
    if scale.kind in (measures.Kind.RATING, measures.Kind.SEVERITY):
        return forms.TypedChoiceField(
            label=measure.question,
            help_text=measure.help,
            choices=scale.choices,
            coerce=int,
            empty_value=None,
            required=measure.required,
            widget=ScaleRadioSelect(scale=scale),
            error_messages={"required": f"Choose a number for “{measure.label}”."},
        )
    if scale.kind == measures.Kind.YES_NO:
        return forms.TypedChoiceField(
            label=measure.question,
            help_text=measure.help,
            choices=[(True, "Yes"), (False, "No")],
            coerce=lambda value: value in (True, "True"),
            empty_value=None,
            required=measure.required,
            widget=ScaleRadioSelect(scale=scale),
            error_messages={"required": f"Choose yes or no for “{measure.label}”."},
        )
    return _count_field(measure.question, measure.help, scale)


TYPED_MEASURES = [measure for measure in measures.MEASURES if not measure.derived]
NOTE_LIMIT = DailyEntry._meta.get_field("note").max_length


def _on_break(timeline, day):
    """Whether `day` lies in a supervised break on her therapy timeline."""
    period = selectors.period_on(timeline, day) if day else None
    return period is not None and period.kind == TherapyPeriod.Kind.BREAK


ENTRY_FIELDS = [
    *[measure.field for measure in TYPED_MEASURES],
    *[band.field for band in measures.HOT_FLASH_BANDS],
    *[option.field for group in measures.OPTION_GROUPS for option in group.options],
    "missed_reason",
    "note",
]


def _count_field(label, help_text, scale):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=scale.minimum,
        max_value=scale.maximum,
        initial=0,
        required=False,
        widget=CountInput(minimum=scale.minimum, maximum=scale.maximum),
        error_messages=_number_messages(scale.minimum, scale.maximum),
    )


class EntryForm(forms.Form):
    """A day in the diary. Its fields, words and ranges come from `tracker.measures`.

    A plain form rather than a ModelForm: `services.save_entry` writes the row, and the
    database's constraints guard the ranges (a ModelForm would re-check each constraint
    with a query of its own on every save).
    """

    day = forms.DateField(
        label="Day",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2026-03-31.", "required": "Pick a day."},
    )

    def __init__(self, data=None, *, today, therapy_start, entry=None, initial=None, timeline=()):
        if entry is not None:
            initial = model_to_dict(entry, fields=ENTRY_FIELDS)
        super().__init__(data, initial=initial)
        self.today = today
        self.therapy_start = therapy_start
        self.on_break = _on_break(timeline, self._day(entry))
        day_attrs = self.fields["day"].widget.attrs
        day_attrs["max"] = today.isoformat()
        if therapy_start:
            day_attrs["min"] = therapy_start.isoformat()
        if entry is not None:
            # Editing an existing day: the day is the entry's identity, not a field to change.
            del self.fields["day"]
        for measure in TYPED_MEASURES:
            self.fields[measure.field] = measure_formfield(measure)
        for band in measures.HOT_FLASH_BANDS:
            self.fields[band.field] = _count_field(
                band.label, band.description, measures.HOT_FLASH_BAND_SCALE
            )
        for group in measures.OPTION_GROUPS:
            for option in group.options:
                self.fields[option.field] = forms.BooleanField(label=option.label, required=False)
        self.fields["missed_reason"] = forms.ChoiceField(
            label="If not, why not?",
            choices=measures.MISSED_TABLET_REASONS,
            required=False,
            widget=ScaleRadioSelect(),
        )
        # Asked (and shown) only when the tablet was not taken, and then needed: not "optional".
        self.fields["missed_reason"].required_when_shown = True
        # Shown (and so "optional") only once there was a cramp, and then needed.
        self.fields["cramp_severity"].required_when_shown = True
        if self.on_break:
            tablet = self.fields["tablet_taken"]
            tablet.label = "On a break from your tablet"
            tablet.help_text = (
                "Nothing to answer while your break lasts. If you took a tablet anyway, choose Yes."
            )
            tablet.required = False
        self.fields["note"] = forms.CharField(
            label="Anything else you want to remember",
            help_text=f"Up to {NOTE_LIMIT:,} characters. If you share your diary, your care "
            "team reads your notes when they next look at it, not as you write: for anything "
            "urgent, call them.",
            required=False,
            max_length=NOTE_LIMIT,
            # No `maxlength`: the browser would cut a longer pasted note without a word.
            # app.js counts the characters instead, and the server says what is too long.
            widget=forms.Textarea(attrs={"rows": 3, "data-note-limit": NOTE_LIMIT}),
            error_messages={
                "max_length": f"Keep the note to {NOTE_LIMIT:,} characters or fewer: it has "
                "%(show_value)d. Shorten it, or save part of it on another day."
            },
        )
        self.fields["note"].widget.attrs.pop("maxlength", None)
        self.helper = fields_helper(*self._layout(entry))

    def _day(self, entry):
        """The day this form is about, before it is cleaned: the entry's, the posted one or
        the one it opened on; None when the posted day is not a date."""
        if entry is not None:
            return entry.day
        if self.is_bound:
            try:
                return date.fromisoformat(self.data.get("day", ""))
            except ValueError:
                return None
        return self.initial.get("day")

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > self.today:
            raise forms.ValidationError(
                f"{day:%-d %B %Y} has not happened yet: you can log today "
                f"({self.today:%-d %B}) or an earlier day."
            )
        if self.therapy_start and day < self.therapy_start:
            raise forms.ValidationError(
                f"Your diary starts when your therapy started, on {self.therapy_start:%-d %B %Y}. "
                "If that date is wrong, correct it on the Therapy page."
            )
        return day

    def _clean_counts(self, cleaned):
        """Empty count boxes mean none: the database stores 0, not "unknown"."""
        for band in measures.HOT_FLASH_BANDS:
            if cleaned.get(band.field) is None and band.field not in self.errors:
                cleaned[band.field] = 0
        for measure in (measures.CRAMP_COUNT, measures.MORNING_STIFFNESS):
            if cleaned.get(measure.field) is None and measure.field not in self.errors:
                cleaned[measure.field] = 0

    def clean(self):
        cleaned = super().clean()
        self._clean_counts(cleaned)
        cramps = cleaned.get("cramp_count")
        severity = cleaned.get("cramp_severity")
        described = (
            bool(severity)
            or cleaned.get("cramps_woke_me")
            or any(cleaned.get(option.field) for option in measures.CRAMP_SITES.options)
        )
        if cramps == 0 and described:
            self.add_error(
                "cramp_count", "You described cramps below: how many did you have today?"
            )
        if cramps and not severity:
            self.add_error("cramp_severity", "How bad was the worst cramp? Choose one.")
        taken = cleaned.get("tablet_taken")
        if self.on_break and not taken and "tablet_taken" not in self.errors:
            # A day of the agreed break is a day not taken for that reason, answered or not.
            taken = cleaned["tablet_taken"] = False
            cleaned["missed_reason"] = cleaned.get("missed_reason") or "agreed_break"
        if taken is False and not cleaned.get("missed_reason"):
            self.add_error("missed_reason", "Tell us why you did not take it today.")
        if taken:
            cleaned["missed_reason"] = ""
        return cleaned

    def values(self):
        """The cleaned answers, ready for `services.save_entry`."""
        return {name: value for name, value in self.cleaned_data.items() if name != "day"}

    def _layout(self, entry):
        """The day (unless editing one), then the catalogue's sections in its order."""
        items = {section.code: [] for section in measures.SECTIONS}
        for measure in TYPED_MEASURES:
            items[measure.section].append(measure.field)
            if measure is measures.JOINT_PAIN:
                items["pain"].append(_chips(measures.JOINT_SITES))
            if measure is measures.CRAMP_COUNT:
                items["cramps"].append(_chips(measures.CRAMP_SITES))
        score = []
        if entry is not None:
            score.append(
                HTML(
                    format_html(
                        '<p class="field-help">Hot flash score for this day: <strong>{}</strong> '
                        "(each flash counts 1 for mild up to 4 for very severe).</p>",
                        entry.hot_flash_score,
                    )
                )
            )
        bands = Div(*[band.field for band in measures.HOT_FLASH_BANDS], css_class="band-grid")
        items["hot_flashes"].insert(
            0, _group("How many hot flashes today, by how strong they were", bands, *score)
        )
        items["other"] = [_MoreSymptoms(*items["other"])]
        items["tablet"].append("missed_reason")
        items["self_care"] += [_chips(measures.SELF_CARE), "note"]
        sections = [_Section(section, *items[section.code]) for section in measures.SECTIONS]
        return ["day", *sections] if "day" in self.fields else sections

    def other_symptoms_open(self):
        """Keep the optional symptoms folded away unless one is answered or has an error."""
        return any(
            self[measure.field].value() not in (None, "") or self[measure.field].errors
            for measure in TYPED_MEASURES
            if measure.section == "other"
        )


def _time_zone_field(**widget_attrs):
    """Her time zone among real places (`tracker.zones`), refused in words otherwise.

    A text field with a list rather than a ChoiceField: a ChoiceField answers anything off
    its list with "Select a valid choice" before a validator can say why. app.js puts the
    browser's own zone first (`data-time-zone`).
    """
    return forms.CharField(
        label="Your time zone",
        initial=PatientProfile._meta.get_field("time_zone").default,
        help_text="The city nearest you with the same clock, so that “today” and your "
        "reminders follow your own clock.",
        validators=[zones.validate_place],
        widget=forms.Select(
            choices=zones.choices(), attrs={"data-time-zone": "true", **widget_attrs}
        ),
        error_messages={"required": "Choose your time zone: the city nearest you."},
    )


class OnboardingForm(forms.Form):
    helper = fields_helper()

    drug = forms.ChoiceField(
        label="Which medicine do you take?",
        choices=Drug.choices,
        widget=ScaleRadioSelect(),
        error_messages={"required": "Choose the medicine you take."},
    )
    start = forms.DateField(
        label="When did you start it?",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date like 2026-03-31.", "required": "Enter a date."},
    )
    # app.js preselects the browser's own zone on this first form.
    time_zone = _time_zone_field(**{"data-guess-time-zone": "true"})
    reminder_time = forms.TimeField(
        label="When should we remind you to fill in your day?",
        initial=time(20, 0),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Enter a time like 20:00.", "required": "Enter a time."},
    )
    next_appointment = forms.DateField(
        label="Your next appointment (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date like 2026-03-31."},
    )
    care_name = forms.CharField(
        label="Your name for your care team (optional)",
        required=False,
        max_length=PatientProfile._meta.get_field("care_name").max_length,
        help_text="It heads the summary you can print for them, for example “Maria Jones”. "
        "You can add or change it later in Settings.",
        validators=[validate_one_line],
    )
    country = forms.ChoiceField(
        label="Which country do you live in?",
        required=False,
        choices=[("", "The country of my time zone"), *countries.CHOICES],
        help_text="For the emergency number and the crisis line on your “Get help now” card.",
    )

    def clean_country(self):
        """Left to the time zone: the country of her time zone (`countries.for_zone`)."""
        return self.cleaned_data["country"] or countries.for_zone(self.data.get("time_zone", ""))

    def clean(self):
        cleaned = super().clean()
        start, zone = cleaned.get("start"), cleaned.get("time_zone")
        if not zone:
            return cleaned
        today = timezone.localdate(timezone=zoneinfo.ZoneInfo(zone))
        if start:
            if start > today:
                self.add_error(
                    "start", "Enter the day you took your first tablet: it cannot be in the future."
                )
            elif start.year < 1990:
                self.add_error("start", "Enter a start date from 1990 onwards.")
        # Her next one, so from today on; which also keeps it after her start (not in future).
        appointment = cleaned.get("next_appointment")
        if appointment and appointment > latest_day(today):
            self.add_error(
                "next_appointment", f"Enter a date before {latest_day(today):%-d %B %Y}."
            )
        elif appointment and appointment < today:
            self.add_error(
                "next_appointment",
                f"{appointment:%-d %B %Y} has passed: enter your next appointment, from today "
                "on, or leave it empty. Past visits can be added on the Therapy page.",
            )
        return cleaned


class NumbersForm(forms.ModelForm):
    """The numbers on her "Get help now" card: her country (its emergency number and crisis
    line) and her care team's number as she has it."""

    helper = fields_helper()

    class Meta:
        model = PatientProfile
        fields = ["country", "team_phone_name", "team_phone"]
        labels = {
            "country": "Which country do you live in?",
            "team_phone_name": "Who answers that number (optional)",
            "team_phone": "Your care team's number (optional)",
        }
        help_texts = {
            "country": "Empty: the country of your time zone.",
            "team_phone_name": "For example “Breast care nurses” or “24-hour oncology line”.",
            "team_phone": "The number your team gave you for problems, for example the "
            "24-hour line on your treatment card.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            ("", "The country of my time zone"),
            *countries.CHOICES,
        ]
        self.fields["team_phone"].widget.attrs.update(type="tel", autocomplete="tel")


def _date_of_birth_field():
    return forms.DateField(
        label="Date of birth (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="On your printed summary, so the clinic can match it to your records.",
        error_messages={"invalid": "Enter a date like 1958-03-31."},
    )


class CareDetailsForm(forms.ModelForm):
    """How her summary names her: the name she gives her care team, and optionally her date
    of birth or hospital number, instead of her email address."""

    helper = fields_helper()
    date_of_birth = _date_of_birth_field()

    class Meta:
        model = PatientProfile
        fields = ["care_name", "date_of_birth", "hospital_number"]
        labels = {
            "care_name": "Your name for your care team (optional)",
            "hospital_number": "Hospital number (optional)",
        }
        help_texts = {
            "care_name": "How your care team sees you named, and the heading of your summary.",
            "hospital_number": "The number on your hospital letters, for your summary.",
        }

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date_of_birth"].widget.attrs["max"] = today.isoformat()
        self.fields["care_name"].validators.append(validate_one_line)

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born and not (date(1900, 1, 1) <= born <= self.today):
            raise forms.ValidationError(
                f"Enter a date of birth between 1900 and today ({self.today:%-d %B %Y})."
            )
        return born


class ProfileForm(forms.ModelForm):
    helper = fields_helper()

    time_zone = _time_zone_field()

    class Meta:
        model = PatientProfile
        fields = ["time_zone", "reminder_time"]
        labels = {"reminder_time": "Daily reminder time"}
        widgets = {"reminder_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {
            "reminder_time": {
                "invalid": "Enter a time like 20:00.",
                "required": "Enter a time like 20:00.",
            }
        }


class TherapyChangeForm(forms.Form):
    helper = fields_helper()

    kind = forms.ChoiceField(
        label="What is changing?",
        choices=[
            ("switch", "I am switching to another medicine"),
            ("break", "I am starting a break (my care team will be asked to confirm it)"),
            ("restart", "I am restarting after a break"),
        ],
        widget=ScaleRadioSelect(),
        error_messages={"required": "Choose what is changing."},
    )
    drug = forms.ChoiceField(
        label="Which medicine (for a break: the one you are pausing)",
        choices=Drug.choices,
        widget=forms.Select(),
        error_messages={"required": "Choose the medicine."},
    )
    starting = forms.DateField(
        label="From which day?",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date like 2026-03-31.", "required": "Enter a date."},
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_starting(self):
        """A change is recorded once it has begun: a planned one would close her current period
        early and stand in the way of any real change before it."""
        starting = self.cleaned_data["starting"]
        if self.today and starting > self.today:
            raise forms.ValidationError(
                f"{starting:%-d %B %Y} has not happened yet: record the change on the day it "
                "starts, or later."
            )
        return starting

    def period_kind(self):
        if self.cleaned_data["kind"] == "break":
            return TherapyPeriod.Kind.BREAK
        return TherapyPeriod.Kind.TREATMENT


class TherapyStartForm(forms.Form):
    helper = fields_helper()

    start = forms.DateField(
        label="The day you took your first tablet",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2026-03-31.", "required": "Enter a date."},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["start"].widget.attrs["max"] = today.isoformat()

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start > self.today:
            raise forms.ValidationError(
                f"{start:%-d %B %Y} has not happened yet: enter the day you took your first tablet."
            )
        if start.year < 1990:
            raise forms.ValidationError("Enter a start date from 1990 onwards.")
        return start


class AppointmentForm(forms.Form):
    helper = fields_helper()

    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date like 2026-03-31.", "required": "Enter a date."},
    )
    note = forms.CharField(label="With whom or what for (optional)", max_length=120, required=False)

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["date"].widget.attrs.update(
            min=EARLIEST_DAY.isoformat(), max=latest_day(today).isoformat()
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        check_date_bounds(day, today=self.today)
        return day
