from django import forms

from config.forms import fields_helper
from knowledge.models import Feedback


class SearchForm(forms.Form):
    helper = fields_helper()

    q = forms.CharField(label="Search tips and explainers", max_length=100, required=False)


class FeedbackForm(forms.Form):
    verdict = forms.ChoiceField(choices=Feedback.Verdict.choices)
