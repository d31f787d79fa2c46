from django import forms
from django.contrib import admin

from knowledge.models import Article, Condition, Reference, measure_choices


class ArticleForm(forms.ModelForm):
    measures = forms.MultipleChoiceField(
        choices=measure_choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The diary measures this is for.",
    )

    class Meta:
        model = Article
        fields = [
            "title", "slug", "kind", "topic", "summary", "body", "measures", "self_care",
            "references", "reviewed_on", "published", "priority",
        ]  # fmt: skip


class ConditionInline(admin.StackedInline):
    model = Condition
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    inlines = [ConditionInline]
    list_display = ["title", "kind", "topic", "priority", "reviewed_on", "published"]
    list_filter = ["kind", "topic", "published"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["references"]


# Feedback is a patient's own health data: it is not listed in the admin.


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "pmid"]
    search_fields = ["title", "source", "pmid"]
