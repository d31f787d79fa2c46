"""Finding 7: after staff delete an account in the admin, the admin's log kept her email."""

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.admin.sites import site as admin_site
from django.urls import reverse

from accounts.models import User
from care.models import AccessEvent
from tests.factories import make_clinician


def test_an_account_deleted_in_the_admin_leaves_no_email_in_the_admin_log(
    her, client, mailoutbox, django_capture_on_commit_callbacks
):
    """She has an access log and alerts, which staff may not delete one by one."""
    patient = her
    staff = make_clinician(email="staff@example.org")
    User.objects.filter(pk=staff.pk).update(is_staff=True, is_superuser=True)
    client.force_login(staff)
    url = reverse(f"{admin_site.name}:accounts_user_delete", args=[patient.pk])
    assert client.get(url).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=patient.pk).exists()
    assert not AccessEvent.objects.filter(patient_id=patient.pk).exists()
    deletion = LogEntry.objects.get(action_flag=DELETION)
    assert deletion.object_repr == "(deleted account)"
    assert not LogEntry.objects.filter(object_repr__icontains="her@example.org").exists()
    assert [message.to for message in mailoutbox] == [["her@example.org"]]
