"""Her rows in every table, and the model graph walked to find them."""

from datetime import date, timedelta

from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.utils import timezone

from care.models import AccessEvent, Alert, Grant, Invitation
from knowledge.models import Article, Feedback
from reminders.models import Delivery, ReminderSettings
from tests.factories import (
    AppointmentFactory,
    DailyEntryFactory,
    VisitLinkFactory,
    make_clinician,
)

NOTE = "Privacy note: the knees again"


def tables_of_accounts():
    """{model: [lookup, ...]} from the model graph, walked from the account model's reverse
    relations: every table pointing at an account, directly or through one row that does.
    (Written apart from `privacy.graph`, so that the two check each other.)"""
    user = get_user_model()
    direct = {}
    for relation in user._meta.get_fields(include_hidden=True):
        if relation.auto_created and not relation.concrete:
            direct.setdefault(relation.related_model, []).append(relation.field.name)
    tables = {model: list(names) for model, names in direct.items()}
    for middle, names in direct.items():
        for relation in middle._meta.get_fields(include_hidden=True):
            if relation.auto_created and not relation.concrete and relation.related_model:
                tables.setdefault(relation.related_model, []).extend(
                    f"{relation.field.name}__{name}" for name in names
                )
    assert tables, "the walk found no table"
    return tables


def rows_pointing_at(model, lookups, pk):
    found = set()
    for lookup in lookups:
        found |= set(model._default_manager.filter(**{lookup: pk}).values_list("pk", flat=True))
    return found


def fill(patient, *, note):
    """A row of hers in every table a patient can have rows in."""
    today = timezone.localdate()
    DailyEntryFactory(patient=patient, day=today - timedelta(days=2), note=note, joint_pain=6)
    DailyEntryFactory(patient=patient, day=today - timedelta(days=1), joint_pain=2)
    appointment = AppointmentFactory(patient=patient, note="Oncology")
    ReminderSettings.objects.create(patient=patient, enabled=False)
    Delivery.objects.create(patient=patient, kind="daily", local_date=today)
    Delivery.objects.create(
        patient=patient, kind="appointment", local_date=today, appointment=appointment
    )
    Feedback.objects.create(patient=patient, article=Article.objects.first(), verdict="helped")
    clinician = make_clinician(email=f"team-of-{patient.pk}@clinic.org")
    Grant.objects.create(patient=patient, clinician=clinician)
    Invitation.objects.create(
        patient=patient, email="gp@clinic.org", expires_at=timezone.now() + timedelta(days=7)
    )
    visit_link = VisitLinkFactory(patient=patient, start=date(2026, 1, 1), end=date(2026, 1, 31))
    AccessEvent.objects.create(
        patient=patient, visit_link=visit_link, viewer="Visit link", what="summary"
    )
    AccessEvent.objects.create(
        patient=patient, clinician=clinician, viewer=clinician.email, what="patient_page"
    )
    Alert.objects.create(patient=patient, key="severe:joint_pain", day=today, reason="Pain.")
    EmailConfirmation.create(EmailAddress.objects.get(user=patient))
    TOTP.activate(patient, generate_totp_secret())
    return patient
