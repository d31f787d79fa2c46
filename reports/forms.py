from datetime import timedelta

from django import forms

from reports.summary import MAX_DAYS


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
