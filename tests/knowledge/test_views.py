"""The knowledge pages, the dashboard's tips and feedback: who may do what, bad input."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse

from knowledge import urls as knowledge_urls
from knowledge.models import Article, Feedback
from tests.factories import DailyEntryFactory
from tracker.selectors import local_today

pytestmark = pytest.mark.usefixtures("shipped_content")

DISCLAIMER = "Medical disclaimer:"


def article_url(slug="stretch-calves-before-bed"):
    return reverse("knowledge:article", args=[slug])


def feedback_url(slug="stretch-calves-before-bed"):
    return reverse("knowledge:feedback", args=[slug])


def log_night_cramps(patient, nights=4):
    today = local_today(patient.patient_profile)
    for n in range(nights):
        DailyEntryFactory(
            patient=patient, day=today - timedelta(days=n), cramps_woke_me=True, cramp_count=1
        )


def test_every_knowledge_url_is_covered_here():
    names = {pattern.name for pattern in knowledge_urls.urlpatterns}
    assert names == {"index", "article", "feedback"}


@pytest.mark.parametrize(
    "url",
    [reverse("knowledge:index"), article_url(), feedback_url()],
)
def test_anonymous_visitor_is_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_index_lists_every_article_by_topic_with_the_disclaimer(patient_client):
    response = patient_client.get(reverse("knowledge:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert DISCLAIMER in html
    for topic in Article.Topic:
        assert topic.label.replace("'", "&#x27;") in html
    for article in Article.objects.all():
        assert article_url(article.slug) in html


def test_every_article_page_has_its_references_and_the_disclaimer(patient_client):
    for article in Article.objects.prefetch_related("references"):
        response = patient_client.get(article_url(article.slug))
        assert response.status_code == 200, article.slug
        html = response.content.decode()
        assert DISCLAIMER in html
        assert "Last reviewed" not in html
        assert "awaiting clinical review" in html or "Reviewed by " in html
        for reference in article.references.all():
            assert reference.link in html


def test_unknown_or_unpublished_article_is_404(patient_client):
    Article.objects.filter(slug="acupuncture").update(published=False)
    assert patient_client.get(article_url("acupuncture")).status_code == 404
    assert patient_client.get(article_url("no-such-tip")).status_code == 404
    assert (
        patient_client.post(feedback_url("acupuncture"), {"verdict": "helped"}).status_code == 404
    )


def test_search_finds_cramps(patient_client):
    response = patient_client.get(reverse("knowledge:index"), {"q": "cramps"})
    assert response.status_code == 200
    found = [article.slug for article in response.context["results"]]
    assert "stretch-calves-before-bed" in found
    assert "why-joint-pain" not in found


def test_search_with_no_match_says_so(patient_client):
    response = patient_client.get(reverse("knowledge:index"), {"q": "zzzyzzx"})
    assert response.context["results"] == []
    assert "Nothing found" in response.content.decode()


@pytest.mark.parametrize("q", ["x" * 5000, "a\x00b", "' OR 1=1 --", "<script>", "!!! & | :*"])
def test_bad_search_input_is_never_a_500(patient_client, q):
    response = patient_client.get(reverse("knowledge:index"), {"q": q})
    assert response.status_code in (200, 400)
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_patient_marks_a_tip_and_changes_her_mind(patient_client, patient):
    patient_client.post(feedback_url(), {"verdict": "helped"})
    response = patient_client.post(feedback_url(), {"verdict": "hidden"})
    assert response.status_code == 302
    assert response.url == article_url()
    assert list(Feedback.objects.filter(patient=patient).values_list("verdict", flat=True)) == [
        "hidden"
    ]
    page = patient_client.get(article_url()).content.decode()
    assert 'value="hidden" aria-label="Hide “Stretch your calves' in page
    assert page.count('aria-pressed="true"') == 1


@pytest.mark.parametrize("data", [{}, {"verdict": "love-it"}, {"verdict": ["helped", "x"]}])
def test_bad_feedback_is_refused_without_a_500(patient_client, patient, data):
    response = patient_client.post(feedback_url(), data)
    assert response.status_code == 302
    assert not Feedback.objects.filter(patient=patient).exists()


def test_feedback_only_redirects_to_this_site(patient_client):
    response = patient_client.post(
        feedback_url(), {"verdict": "helped", "next": "https://evil.example/"}
    )
    assert response.url == article_url()
    response = patient_client.post(feedback_url(), {"verdict": "helped", "next": "/"})
    assert response.url == "/"


@pytest.mark.parametrize("back", ["abc", "tracker:home", "javascript:alert(1)", "//evil.example/"])
def test_feedback_with_a_bad_next_goes_back_to_the_tip(patient_client, patient, back):
    """Finding 8: a `next` without `/` or `.` was reversed as a URL name and answered 500."""
    response = patient_client.post(feedback_url(), {"verdict": "helped", "next": back})
    assert response.status_code == 302
    assert response.url == article_url()
    assert Feedback.objects.filter(patient=patient, verdict="helped").exists()


def test_feedback_is_for_patients_and_needs_post(client, clinician, patient_client):
    assert patient_client.get(feedback_url()).status_code == 405
    client.force_login(clinician)
    assert client.post(feedback_url(), {"verdict": "helped"}).status_code == 403
    assert client.get(article_url()).status_code == 200
    assert not Feedback.objects.exists()


def test_one_patients_feedback_is_not_shown_to_another(client, patient, other_patient):
    client.force_login(patient)
    client.post(feedback_url(), {"verdict": "not_helped"})
    client.force_login(other_patient)
    assert 'aria-pressed="true"' not in client.get(article_url()).content.decode()


def test_dashboard_shows_three_tips_with_reasons_and_hiding_one_removes_it(patient_client, patient):
    log_night_cramps(patient)
    response = patient_client.get(reverse("tracker:home"))
    matches = response.context["matches"]
    assert len(matches) == 3
    html = response.content.decode()
    assert "Tips for what you logged" in html
    assert DISCLAIMER in html
    assert "stretch-calves-before-bed" in [m.article.slug for m in matches]
    first = matches[0].article
    assert "You logged cramps that woke you on 4 of the last 7 days." in html
    response = patient_client.post(
        feedback_url(first.slug), {"verdict": "hidden", "next": reverse("tracker:home")}
    )
    assert response.url == reverse("tracker:home")
    shown = [m.article for m in patient_client.get(reverse("tracker:home")).context["matches"]]
    assert first not in shown


def test_dashboard_without_entries_shows_no_tips_box(patient_client):
    response = patient_client.get(reverse("tracker:home"))
    assert "Tips for what you logged" not in response.content.decode()


def test_the_library_puts_when_to_call_first_within_a_topic(patient_client):
    library = dict(patient_client.get(reverse("knowledge:index")).context["library"])
    cramps = [article.kind for article in library[Article.Topic.CRAMPS]]
    assert cramps[0] == Article.Kind.WHEN_TO_CALL
    assert cramps == sorted(cramps, key=list(Article.Kind.values).index)


def test_search_finds_articles_by_their_words(patient_client):
    def found(query):
        response = patient_client.get(reverse("knowledge:index"), {"q": query})
        return [article.slug for article in response.context["results"]]

    assert "stretch-calves-before-bed" in found("cramps")
    assert "acupuncture" in found("acupuncture")
    if connection.vendor == "postgresql":
        # Full-text search: word forms match, and a title match ranks first.
        assert "stretch-calves-before-bed" in found("cramping")
        assert found("acupuncture")[0] == "acupuncture"


def test_the_tip_shows_her_earlier_answer_and_only_hers(client, patient, other_patient):
    client.force_login(patient)
    client.post(feedback_url(), {"verdict": "helped", "next": article_url()})

    html = client.get(article_url()).content.decode()
    assert 'value="helped" aria-pressed="true"' in html.replace("\n", "")
    assert html.count('aria-pressed="true"') == 1

    client.force_login(other_patient)
    assert 'aria-pressed="true"' not in client.get(article_url()).content.decode()


def test_today_shows_a_tip_as_its_title_and_reason_and_asks_on_its_page(patient_client, patient):
    """Today stays short on a phone: "Did this help?" is on the tip's own page."""
    log_night_cramps(patient)
    html = patient_client.get(reverse("tracker:home")).content.decode()
    card = html.split(f'href="{article_url()}"', 1)[1].split("</li>", 1)[0]
    assert "You logged cramps that woke you on 4 of the last 7 days." in card
    assert 'name="verdict"' not in html
    assert 'name="verdict"' in patient_client.get(article_url()).content.decode()
