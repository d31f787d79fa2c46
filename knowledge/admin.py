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
            "references", "reviewed_on", "reviewed_by", "signed_off_by", "signed_off_role",
            "signed_off_on", "published", "priority", "edited_in_admin",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        given = [cleaned.get(name) for name in SIGN_OFF_FIELDS]
        if any(given) and not all(given):
            raise forms.ValidationError(
                "A clinical sign-off needs the clinician's name, role and date, all three."
            )
        return cleaned


# Recording a sign-off is not an edit of the content: the file may still replace the text.
SIGN_OFF_FIELDS = ("signed_off_by", "signed_off_role", "signed_off_on")


class ConditionInline(admin.StackedInline):
    model = Condition
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    inlines = [ConditionInline]
    list_display = [
        "title", "kind", "topic", "priority", "signed_off_on", "published", "edited_in_admin",
    ]  # fmt: skip
    list_filter = ["kind", "topic", "published", "edited_in_admin"]
    search_fields = ["title", "summary", "body"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["references"]

    def save_related(self, request, form, formsets, change):
        """Mark an article changed here, its rules included, so `load_content` keeps it.

        Unticking "edited in admin" and changing nothing else hands it back to its file.
        """
        super().save_related(request, form, formsets, change)
        released = "edited_in_admin" in form.changed_data and not form.instance.edited_in_admin
        edited = set(form.changed_data) - set(SIGN_OFF_FIELDS)
        changed = bool(edited) or any(formset.has_changed() for formset in formsets)
        if changed and not released:
            Article.objects.filter(pk=form.instance.pk).update(edited_in_admin=True)


# Feedback is a patient's own health data: it is not listed in the admin.


@admin.register(Reference)
class ReferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "pmid"]
    search_fields = ["title", "source", "pmid"]
