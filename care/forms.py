from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout, Submit
from django import forms

from care.patient_list import SORTS


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
