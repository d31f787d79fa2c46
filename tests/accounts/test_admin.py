"""Finding 2: the admin is entered through the app's sign-in, and only with a second factor."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_admin_sign_in_goes_through_the_apps_own_login(client):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    response = client.post(reverse("admin:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.get(reverse("admin:index")).status_code == 302


def test_staff_without_two_step_sign_in_are_sent_to_set_it_up(client):
    staff = UserFactory(email="staff@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)

    for url in (reverse("admin:index"), reverse("admin:accounts_user_changelist")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"), follow=True).text
    assert "Before the admin opens" in page


def test_staff_with_two_step_sign_in_see_the_admin(admin_client):
    assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200
