"""Finding 7: "Delete my account" asks for her password, names what goes, removes every row
of hers in every table (found from the model graph), stops her sharing, ends her sessions,
scrubs the admin's log, tells her by email, and leaves the audit log only her id."""

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import SecurityEvent
from tests.factories import PASSWORD
from tests.privacy.accounts_graph import NOTE, rows_pointing_at, tables_of_accounts
from tracker.models import TherapyPeriod


def delete(client, **data):
    return client.post(reverse("privacy:delete"), {"password": PASSWORD, "understood": "on"} | data)


def counts(pk):
    return {
        model._meta.label: len(rows_pointing_at(model, lookups, pk))
        for model, lookups in tables_of_accounts().items()
    }


def test_the_confirmation_names_what_goes_and_asks_for_the_password(client, her):
    client.force_login(her)
    page = client.get(reverse("privacy:delete")).content.decode()
    for words in ("every day you logged", "therapy timeline", "care team loses access"):
        assert words in page
    assert 'type="password"' in page and 'autocomplete="current-password"' in page
    assert "<label" in page


def test_a_wrong_password_or_no_tick_deletes_nothing(client, her):
    client.force_login(her)
    wrong = delete(client, password="not-her-password")
    assert wrong.status_code == 400
    assert "That is not your password" in wrong.content.decode()
    assert 'aria-invalid="true"' in wrong.content.decode()
    unticked = delete(client, understood="")
    assert unticked.status_code == 400
    assert "Tick the box" in unticked.content.decode()
    assert User.objects.filter(pk=her.pk).exists()
    assert counts(her.pk)["tracker.DailyEntry"] == 2


def test_deleting_her_account_leaves_no_row_of_hers_in_any_table(
    client, her, someone_else, mailoutbox, django_capture_on_commit_callbacks
):
    pk, email = her.pk, her.email
    staff = User.objects.create_user(email="staff@example.org", is_staff=True)
    period = TherapyPeriod.objects.filter(patient=her).first()
    for kind, object_id, text in (
        (ContentType.objects.get_for_model(User), pk, email),
        (ContentType.objects.get_for_model(TherapyPeriod), period.pk, str(period)),
    ):
        LogEntry.objects.create(
            user=staff,
            content_type=kind,
            object_id=str(object_id),
            object_repr=text,
            action_flag=CHANGE,
            change_message=f'[{{"changed": {{"name": "{text}"}}}}]',
        )
    others_before = counts(someone_else.pk)
    elsewhere = Client()
    elsewhere.force_login(her)  # her phone, still signed in
    clinician = her.grants_given.first().clinician
    client.force_login(her)

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(client)

    assert response.status_code == 302
    assert not User.objects.filter(pk=pk).exists()
    left = {label: count for label, count in counts(pk).items() if count}
    assert not left, f"rows still pointing at her: {left}"
    assert counts(someone_else.pk) == others_before
    # Sessions ended: this browser and her phone are signed out.
    assert client.get(reverse("tracker:history")).status_code == 302
    assert elsewhere.get(reverse("tracker:history")).url.startswith(reverse("account_login"))
    # Her care team lost access.
    assert SecurityEvent.objects.filter(
        event=SecurityEvent.Kind.GRANT_REVOKED, actor_id=pk
    ).exists()
    clinic = Client()
    clinic.force_login(clinician)
    assert clinic.get(reverse("care:patient", args=[pk])).status_code == 404
    # The admin's log says nothing about her any more.
    assert not LogEntry.objects.filter(object_repr__icontains=email).exists()
    assert not LogEntry.objects.filter(change_message__icontains=email).exists()
    assert not LogEntry.objects.filter(object_repr=str(period)).exists()
    assert LogEntry.objects.filter(object_repr="(deleted account)").count() == 2
    # The audit log keeps the event and her id, not her address or her diary.
    deleted = SecurityEvent.objects.get(event=SecurityEvent.Kind.ACCOUNT_DELETED)
    assert deleted.actor_id == pk
    for row in SecurityEvent.objects.values_list("actor_email", "target"):
        assert email not in " ".join(row) and NOTE not in " ".join(row)
    # A notice to her address, with nothing from the diary.
    (notice,) = [message for message in mailoutbox if message.to == [email]]
    assert "deleted" in notice.subject
    assert NOTE not in notice.body and "knee" not in notice.body.lower()
