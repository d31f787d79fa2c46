from django import forms

from knowledge.models import Feedback


class SearchForm(forms.Form):
    q = forms.CharField(label="Search tips and explainers", max_length=100, required=False)


class FeedbackForm(forms.Form):
    verdict = forms.ChoiceField(choices=Feedback.Verdict.choices)
