from dataclasses import dataclass
from datetime import date, timedelta

from crispy_forms.layout import HTML, Div
from django import forms

from config.forms import fields_helper
from reports.summary import MAX_DAYS, default_period


def _date_field(label, required_words):
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Enter a date like 2026-03-31.", "required": required_words},
    )


def _long(day):
    return f"{day.day} {day:%B %Y}"


class PeriodForm(forms.Form):
    """The period of a summary: any days from her therapy start to her today."""

    # The two dates and the button on one row; above them the period shown when none was asked
    # for (the page's `period_words`).
    helper = fields_helper(
        HTML('<p class="field-help">{{ period_words }} Pick any other days:</p>'),
        Div(
            "start",
            "end",
            HTML('<button class="btn btn-primary" type="submit">Show summary</button>'),
            css_class="period-fields",
        ),
    )

    start = _date_field("From", "Pick the first day of the summary.")
    end = _date_field("To", "Pick the last day of the summary.")

    def __init__(self, data=None, *, today, therapy_start, initial=None):
        super().__init__(data, initial=initial)
        self.today = today
        self.therapy_start = therapy_start
        for field in (self.fields["start"], self.fields["end"]):
            field.widget.attrs["max"] = today.isoformat()
            if therapy_start:
                field.widget.attrs["min"] = therapy_start.isoformat()

    def clean_start(self):
        start = self.cleaned_data["start"]
        if start > self.today:
            raise forms.ValidationError(
                f"The first day cannot be after today, {_long(self.today)}."
            )
        if self.therapy_start and start < self.therapy_start:
            raise forms.ValidationError(
                f"Your diary starts on {_long(self.therapy_start)}, when your therapy started: "
                "pick that day or a later one."
            )
        return start

    def clean_end(self):
        end = self.cleaned_data["end"]
        if end > self.today:
            raise forms.ValidationError(f"The last day cannot be after today, {_long(self.today)}.")
        return end

    def clean(self):
        start, end = self.cleaned_data.get("start"), self.cleaned_data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The last day must be on or after the first day.")
            elif end - start >= timedelta(days=MAX_DAYS):
                self.add_error(
                    "end", f"Pick a period of at most two years ({MAX_DAYS} days) for a summary."
                )
        return self.cleaned_data


@dataclass(frozen=True)
class ChosenPeriod:
    form: PeriodForm
    words: str  # what the default period is, when no dates were asked for
    today: date
    start: date | None
    end: date | None


def choose_period(query, *, today, timeline, appointments, whose="your"):
    """The summary's period from a request's `start` and `end`, or the default one (since the
    last appointment, ...): her own summary page and her clinician's page both ask this way."""
    therapy_start = timeline[0].start if timeline else None
    chosen = "start" in query or "end" in query
    period = (
        None
        if chosen
        else default_period(
            appointments=appointments, today=today, therapy_start=therapy_start, whose=whose
        )
    )
    form = PeriodForm(
        query if chosen else None,
        today=today,
        therapy_start=therapy_start,
        initial=period and {"start": period.start, "end": period.end},
    )
    if chosen and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif period:
        start, end = period.start, period.end
    else:
        start = end = None
    return ChosenPeriod(form, period.words if period else "", today, start, end)
