from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from knowledge import red_flags, search, selectors, services
from knowledge.access import article_for
from knowledge.forms import FeedbackForm, SearchForm
from knowledge.models import Feedback
from tracker.access import patient_required

CONFIRMATIONS = {
    Feedback.Verdict.HELPED: "Thank you: you marked “{}” as helpful.",
    Feedback.Verdict.NOT_HELPED: "Thank you: you marked “{}” as not helpful.",
    Feedback.Verdict.HIDDEN: "Hidden: “{}” will not show on your Today page. "
    "You can still read it under Tips.",
}


@login_required
def index(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = search.search(form.cleaned_data["q"].strip())
    return render(
        request,
        "knowledge/index.html",
        {"form": form, "results": results, "library": selectors.library()},
        status=400 if form.errors else 200,
    )


@login_required
def article(request, slug):
    item = article_for(slug)
    verdict = None
    if request.user.is_patient:
        verdict = selectors.feedback_of(patient=request.user, articles=[item]).get(item.pk)
    references = list(item.references.all())
    for reference in references:
        reference.supports = item.supports.get(reference.link, "")
    return render(
        request,
        "knowledge/article.html",
        {
            "article": item,
            "references": references,
            "verdict": verdict,
            # The warning-signs page lists the signs from the one list the card shows.
            "red_flag_groups": red_flags.groups() if item.slug == red_flags.ARTICLE_SLUG else (),
        },
    )


@patient_required
@require_POST
def feedback(request, slug):
    item = article_for(slug)
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose helped, didn't help or hide.")
        return redirect("knowledge:article", slug=item.slug)
    verdict = form.cleaned_data["verdict"]
    services.record_feedback(patient=request.user, article=item, verdict=verdict)
    messages.success(request, CONFIRMATIONS[verdict].format(item.title))
    return HttpResponseRedirect(_back(request) or reverse("knowledge:article", args=[item.slug]))


def _back(request):
    """The page the answer was given on, if `next` is a path of this site; never reversed as a
    URL name (`redirect("abc")` would try, and fail with a 500)."""
    back = request.POST.get("next", "")
    if back.startswith("/") and url_has_allowed_host_and_scheme(
        back, {request.get_host()}, request.is_secure()
    ):
        return back
    return None
