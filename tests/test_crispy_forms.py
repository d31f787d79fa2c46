"""Every form of the app renders through django-crispy-forms: each form class defined in the
project's packages, and each allauth form the project configures, carries a crispy
`FormHelper`; no template renders a form around crispy."""

import importlib
import inspect
import pkgutil
import re
import sys
from datetime import date
from pathlib import Path

import pytest
from crispy_forms.helper import FormHelper
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.forms import BaseForm
from django.utils.module_loading import import_string

from accounts.models import User
from knowledge.forms import FeedbackForm
from tracker.models import PatientProfile, TherapyPeriod

# Forms never shown as fields, with the reason.
NOT_SHOWN = {
    FeedbackForm: "reads which of a tip's three buttons was pressed; its page shows buttons",
}

# What a view passes a form's keyword-only arguments, by name.
SAMPLE_ARGUMENTS = {
    "today": date(2026, 3, 31),
    "therapy_start": date(2025, 1, 6),
    "profile": PatientProfile(time_zone="Europe/London"),
    "email": "ana@clinic.org",
    "user": User(email="ana@example.org"),
    "period": TherapyPeriod(kind=TherapyPeriod.Kind.BREAK, start=date(2026, 3, 1)),
}


def _project_modules():
    """Every module of the project's own apps (not tests, not migrations), imported."""
    root, installed = Path(settings.BASE_DIR), Path(sys.prefix)
    for app in apps.get_app_configs():
        path = Path(app.path)
        # The project's .venv may live inside the checkout: its packages are not ours.
        if not path.is_relative_to(root) or path.is_relative_to(installed):
            continue
        yield importlib.import_module(app.name)
        for module in pkgutil.walk_packages([app.path], prefix=f"{app.name}."):
            if ".migrations" not in module.name:
                yield importlib.import_module(module.name)


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _admin_forms():
    """Forms of the Django admin render through the admin's own templates."""
    return {model_admin.form for model_admin in admin.site._registry.values()}


def project_forms():
    packages = {module.__name__.split(".")[0] for module in _project_modules()}
    configured = {
        import_string(path)
        for setting in ("ACCOUNT_FORMS", "MFA_FORMS")
        for path in getattr(settings, setting, {}).values()
    }
    found = {form for form in _subclasses(BaseForm) if form.__module__.split(".")[0] in packages}
    return sorted(
        (found | configured) - _admin_forms() - set(NOT_SHOWN),
        key=lambda form: f"{form.__module__}.{form.__qualname__}",
    )


def _helper(form_class):
    """The helper on the class, or the one made by `__init__` with a view's arguments."""
    if isinstance(getattr(form_class, "helper", None), FormHelper):
        return form_class.helper
    parameters = inspect.signature(form_class.__init__).parameters.values()
    needed = [
        parameter.name
        for parameter in parameters
        if parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty
    ]
    missing = [name for name in needed if name not in SAMPLE_ARGUMENTS]
    assert not missing, f"add a sample value for {missing} to SAMPLE_ARGUMENTS"
    return getattr(form_class(**{name: SAMPLE_ARGUMENTS[name] for name in needed}), "helper", None)


def test_the_walk_finds_the_forms_of_every_app():
    modules = {form.__module__ for form in project_forms()}
    assert {
        "accounts.mfa",
        "care.forms",
        "privacy.forms",
        "reminders.forms",
        "reports.forms",
        "tracker.forms",
        "knowledge.forms",
    } <= modules


@pytest.mark.parametrize("form_class", project_forms(), ids=lambda form: form.__qualname__)
def test_every_form_has_a_crispy_helper(form_class):
    assert isinstance(_helper(form_class), FormHelper), (
        f"{form_class.__module__}.{form_class.__qualname__} has no crispy FormHelper: give it "
        "`helper = fields_helper(...)` (config.forms) and render it with {% crispy form %}"
    )


# `{{ form }}`, `{{ share_form }}`, `form.as_p`, `field.as_field_group`...: Django's own
# rendering, which skips crispy's helper.
AROUND_CRISPY = re.compile(r"\{\{\s*\w*form\s*\}\}|\.as_(p|div|table|ul|field_group)\b")


def test_no_template_renders_a_form_without_crispy():
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    offenders = [
        str(path) for path in templates if AROUND_CRISPY.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
