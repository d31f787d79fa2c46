from django.forms.renderers import TemplatesSetting


class AppFormRenderer(TemplatesSetting):
    """Renders every form field through `templates/forms/field.html`."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
