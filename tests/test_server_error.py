"""Finding 12: the app's own 500 page, served when the database is down."""

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import path
from django.views.defaults import server_error


def database_down(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [path("broken/", database_down)]


def assert_the_apps_own_page(response):
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert 'href="/static/css/app.css"' in html
    assert "Server Error (500)" not in html
    assert "<script" not in html and "style=" not in html  # the CSP allows neither inline


def test_the_500_page_is_the_apps_own_and_needs_no_database():
    # No `db` fixture: pytest-django refuses every query here, as a database that is down would.
    assert_the_apps_own_page(server_error(RequestFactory().get("/")))


@pytest.mark.urls(__name__)
def test_a_view_failing_on_the_database_gets_the_apps_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert_the_apps_own_page(response)
    assert "Content-Security-Policy" in response.headers
