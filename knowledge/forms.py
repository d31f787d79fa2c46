from django import forms

from config.forms import fields_helper
from knowledge.models import Feedback


class SearchForm(forms.Form):
    helper = fields_helper()

    q = forms.CharField(
        label="Search tips and explainers",
        max_length=100,
        required=False,
        error_messages={
            "max_length": "Search with at most 100 characters (this has %(show_value)d)."
        },
    )


class FeedbackForm(forms.Form):
    verdict = forms.ChoiceField(choices=Feedback.Verdict.choices)
