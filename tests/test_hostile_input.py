"""The hostile-input walk: every URL of the URL configuration, as anonymous, the patient, her
clinician and staff (both with a second factor), sent generated query strings and form data
(hypothesis), an oversized body, the wrong methods, and posts with a missing or bad CSRF token.

No answer is a server error, every answer (refusals too) carries the security headers, and a
post without a valid CSRF token changes no row of any table. Every request but the forged
ones runs in a savepoint rolled back after it, so each one meets the same world (her entry
not deleted by the one before, the persona still signed in) and a database error cannot
poison the next request on PostgreSQL.
"""

import os
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.sessions import SEEN_AT
from tests.urls_walk import make_world, missing_headers, url_of, url_patterns

PERSONAS = ["anonymous", "the_patient", "granted_clinician", "staff"]
# A valid CSRF secret of our own (any 32 letters): the posts that must reach the view carry
# it as cookie and token.
CSRF_SECRET = "hostile" * 4 + "walk"
# Parameters read from query strings or posts outside the pages' forms (views, allauth, the
# admin's change list), filled with garbage alongside the rendered forms' own fields.
EXTRA_KEYS = ["next", "page", "range", "day", "saved", "start", "end", "q", "o", "p", "e"]
# Per URL and persona, GET and POST drawn between them: the whole walk in about a minute.
EXAMPLES = 6
# Over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): refused with 400 wherever the body is read.
OVERSIZED = b"note=" + b"x" * 3_000_000

# Values a careless parser chokes on: text with NUL and other control characters, strings
# far longer than any field, numbers out of every range, impossible and extreme dates, and
# lists where one value is expected.
scalars = st.one_of(
    st.text(max_size=20),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=10).map(
        lambda text: f"\x00{text}\x00"
    ),
    st.integers(min_value=5_000, max_value=120_000).map(lambda length: "9" * length),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(
        [
            "",
            "0000-00-00",
            "9999-12-31",
            "0001-01-01",
            "2026-02-30",
            "-1",
            "1e309",
            "../../etc/passwd",
            "//evil.example.org/",
            "javascript:alert(1)",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "٣",
            "\ud7ff\U0010ffff",
        ]
    ),
)
values = st.one_of(scalars, st.lists(scalars, min_size=2, max_size=3))


def garbage_for(keys):
    """Form data or a query string: some of these keys, each with a hostile value."""
    return st.dictionaries(st.sampled_from(sorted(keys)), values, min_size=1, max_size=8)


class FormFields(HTMLParser):
    """The names and rendered values of the inputs of a page's forms."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag in ("input", "select", "textarea") and name and name != "csrfmiddlewaretoken":
            self.fields.setdefault(name, attrs.get("value") or "")


def form_fields(response):
    if response.streaming or "html" not in response.get("Content-Type", ""):
        return {}
    parser = FormFields()
    parser.feed(response.content.decode(errors="replace"))
    return parser.fields


def table_rows():
    """Every row of every table, so a forged post that changed any of them shows.

    Sessions are compared by their keys and contents without the idle timer's last-seen
    time, which any request may move on (accounts/sessions.py): that is what it is for.
    """
    rows = {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model is not Session
    }
    rows[Session._meta.label] = [
        (session.session_key, {k: v for k, v in session.get_decoded().items() if k != SEEN_AT})
        for session in Session.objects.order_by("pk")
    ]
    return rows


def changed_tables(before, after):
    return sorted(label for label in before if before[label] != after[label])


class Walker:
    """Sends requests as one persona and keeps what went wrong."""

    def __init__(self, person):
        self.client = Client(enforce_csrf_checks=True, raise_request_exception=False)
        if person is not None:
            self.client.force_login(person)
        self.client.cookies["csrftoken"] = CSRF_SECRET
        self.cookies = {name: morsel.value for name, morsel in self.client.cookies.items()}
        self.wrong = []

    def send(self, method, url, *, keep=False, **kwargs):
        """One request with the persona's cookies, rolled back afterwards unless `keep`."""
        self.client.cookies.clear()
        for name, value in self.cookies.items():
            self.client.cookies[name] = value
        if keep:
            response = getattr(self.client, method)(url, **kwargs)
        else:
            with transaction.atomic():
                response = getattr(self.client, method)(url, **kwargs)
                transaction.set_rollback(True)
        missing = missing_headers(response)
        if response.status_code >= 500 or missing:
            shown = repr(kwargs.get("data"))[:300]
            self.wrong.append(
                f"{method.upper()} {url} {shown}: {response.status_code} {missing or ''}"
            )
        return response


explore = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    # Repeatable in CI; a developer's run explores new examples each time.
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def send_garbage(walker, url, keys):
    """Generated query strings and posts (with a valid token, so they reach the view)."""

    @explore
    @given(method=st.sampled_from(["get", "post"]), data=garbage_for(keys))
    def hostile_request(method, data):
        if method == "post":
            data = {**data, "csrfmiddlewaretoken": CSRF_SECRET}
        walker.send(method, url, data=data)

    hostile_request()


@pytest.fixture
def world(db):
    cache.clear()  # allauth's rate-limit counters from other tests
    yield make_world(note="Hostile note", name="Harriet Hostile", staff=True)
    cache.clear()


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_hostile_request_gets_a_server_error_or_changes_a_row_without_csrf(world, persona):
    walker = Walker(world["people"][persona])
    forged, rows = [], table_rows()
    for name, params in url_patterns():
        url = url_of(name, params, world)
        fields = form_fields(walker.send("get", url))
        send_garbage(walker, url, set(fields) | set(EXTRA_KEYS))
        walker.send("post", url, data=OVERSIZED, content_type="application/x-www-form-urlencoded")
        for method in ("put", "patch", "delete"):
            walker.send(method, url, data="a=1", headers={"X-CSRFToken": CSRF_SECRET})

        # Forged: the page's own form as rendered, without a token and with a wrong one (kept:
        # the requests above were rolled back, so any change since `rows` is theirs).
        walker.send("post", url, keep=True, data=fields)
        walker.send("post", url, keep=True, data={**fields, "csrfmiddlewaretoken": "forged" * 6})
        before, rows = rows, table_rows()
        if changed := changed_tables(before, rows):
            forged.append(f"POST {name}: changed {changed}")
    assert not walker.wrong, f"{persona}: 500s or headers missing\n" + "\n".join(walker.wrong)
    assert not forged, f"{persona}: rows changed without a valid CSRF token\n" + "\n".join(forged)
