"""Finding 2: the admin is entered through the app's sign-in, and only with a second factor."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory, make_clinician

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


def test_a_huge_number_in_a_second_factors_data_is_no_server_error(admin_client, admin_user):
    # Found by the hostile-input walk: allauth's admin took `data` as JSON, and a number of
    # 5,000 digits raised ValueError past Django's JSON form field.
    admin_client.raise_request_exception = False
    authenticator = Authenticator.objects.filter(user=admin_user).first()
    for url in (
        reverse("admin:mfa_authenticator_add"),
        reverse("admin:mfa_authenticator_change", args=[authenticator.pk]),
    ):
        response = admin_client.post(
            url, {"user": admin_user.pk, "type": "totp", "data": "9" * 5000}
        )
        assert response.status_code == 403, url
    authenticator.refresh_from_db()
    assert authenticator.data != 9


def test_staff_can_neither_read_nor_plant_a_second_factors_secret(admin_client, admin_user):
    authenticator = Authenticator.objects.get(user=admin_user, type=Authenticator.Type.TOTP)
    page = admin_client.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk])).text
    assert admin_user.email in page
    assert authenticator.data["secret"] not in page
    assert 'name="data"' not in page
    count = Authenticator.objects.count()
    admin_client.post(
        reverse("admin:mfa_authenticator_add"),
        {"user": admin_user.pk, "type": "totp", "data": '{"secret": "PLANTED"}'},
    )
    assert Authenticator.objects.count() == count


def test_staff_can_remove_a_lost_second_factor(admin_client, admin_user):
    other = make_clinician(email="lost.phone@example.org")
    authenticator = Authenticator.objects.get(user=other, type=Authenticator.Type.TOTP)
    admin_client.post(
        reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]), {"post": "yes"}
    )
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


@pytest.mark.parametrize(
    "query",
    ["role__exact=%00", "is_staff__exact=1%01", "q=" + "9" * 49999],
    ids=["nul-in-a-filter", "control-character", "search-longer-than-sqlite-takes"],
)
def test_a_filter_or_search_the_admin_cannot_use_is_refused_not_a_server_error(admin_client, query):
    # The probe's `?role__exact=%00` was a 500 on PostgreSQL (no NUL in text); the hostile
    # walk's 49,999-character search one on SQLite ("LIKE or GLOB pattern too complex").
    admin_client.raise_request_exception = False
    response = admin_client.get(reverse("admin:accounts_user_changelist") + "?" + query)
    assert response.status_code == 400


def test_a_search_of_ordinary_length_still_searches(admin_client):
    url = reverse("admin:accounts_user_changelist") + "?q=admin&role__exact=clinician"
    assert admin_client.get(url).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_admin_login_never_switches_a_signed_in_session_to_another_account(
    admin_client, admin_user, method
):
    # The probe: a signed-in staff member posted another staff account's password to
    # /admin/login/ and became that account, without its second step or lockout.
    other = make_clinician(email="other.staff@example.org")
    other.is_staff = other.is_superuser = True
    other.save(update_fields=["is_staff", "is_superuser"])

    response = getattr(admin_client, method)(
        reverse("admin:login"), {"username": other.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("admin:index")
    assert int(admin_client.session["_auth_user_id"]) == admin_user.pk
