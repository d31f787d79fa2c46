"""Finding 5: every response of every page carries the security headers, and every page that
shows patient data is never stored (`Cache-Control: no-store, private`), walked over the
whole URL configuration for each kind of person."""

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from config.middleware import PERMISSIONS_POLICY
from tests.urls_walk import make_world, missing_headers, url_of, url_patterns

NOTE, NAME = "Headers note", "Hedda Headers"


@pytest.fixture
def world(db):
    return make_world(note=NOTE, name=NAME, staff=True)


def never_stored(response):
    cache_control = response.headers.get("Cache-Control", "")
    return "no-store" in cache_control and "private" in cache_control


@pytest.mark.parametrize("persona", ["anonymous", "the_patient", "granted_clinician", "staff"])
def test_every_page_carries_the_security_headers_and_patient_data_is_never_stored(
    client, world, persona
):
    person = world["people"][persona]
    if person is not None:
        client.force_login(person)
    wrong, her_data_seen = [], 0
    for name, params in url_patterns():
        url = url_of(name, params, world)
        response = client.get(url, secure=True)
        body = b"" if response.streaming else response.content
        if response.streaming:
            body = b"".join(response.streaming_content)
        shows_her_data = NOTE.encode() in body or NAME.encode() in body
        her_data_seen += shows_her_data
        problems = missing_headers(response)
        # Anything answered to someone signed in may be hers; the care side's links show
        # her data to someone who is not.
        if (person is not None or name.startswith("care:") or shows_her_data) and not (
            never_stored(response)
        ):
            problems.append(f"Cache-Control: {response.headers.get('Cache-Control')!r}")
        if problems:
            wrong.append(f"GET {name} ({response.status_code}): " + ", ".join(problems))
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)
    if persona == "staff":
        assert (
            NOTE.encode()
            in client.get(
                reverse(
                    "admin:tracker_dailyentry_change", args=[world["objects"]["tracker:entry"].pk]
                )
            ).content
        ), "the walk never reached the admin's pages"
    if persona in ("the_patient", "granted_clinician"):
        assert her_data_seen, "the walk never reached a page with her data"


def test_the_visit_link_is_never_stored_for_anyone(client, world):
    url = url_of("care:visit", {"token"}, world)
    response = client.get(url, secure=True)
    assert response.status_code == 200
    assert NAME in response.content.decode()
    assert never_stored(response)
    assert not missing_headers(response)


def test_static_files_carry_the_permissions_policy(client, world):
    assert finders.find("css/app.css")
    response = client.get(f"/{settings.STATIC_URL.strip('/')}/css/app.css", secure=True)
    assert response.headers.get("Permissions-Policy") == PERMISSIONS_POLICY
