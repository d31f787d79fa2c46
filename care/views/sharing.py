"""The patient's sharing page: who can read her diary, her invitations, her visit links, and
the log of every opening."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from care import access, links, selectors, services
from care.forms import ShareForm, VisitLinkForm
from reports.summary import default_period
from tracker import selectors as tracker_selectors
from tracker.access import patient_required


def _visit_link_form(request, today, data=None):
    timeline = tracker_selectors.therapy_timeline(patient=request.user)
    therapy_start = timeline[0].start if timeline else None
    period = default_period(
        appointments=tracker_selectors.appointments(patient=request.user),
        today=today,
        therapy_start=therapy_start,
    )
    return VisitLinkForm(
        data,
        profile=request.profile,
        today=today,
        therapy_start=therapy_start,
        initial={"start": period.start, "end": period.end},
    )


def _page(request, *, share_form=None, link_form=None, status=200):
    today = tracker_selectors.local_today(request.profile)
    shared = selectors.sharing(patient=request.user)
    for visit_link in shared.visit_links:
        visit_link.url = links.url_for(links.VISIT, visit_link.pk)
    return render(
        request,
        "care/sharing.html",
        {
            "share_form": share_form or ShareForm(profile=request.profile, today=today),
            "link_form": link_form or _visit_link_form(request, today),
            "shared": shared,
            "time_zone": request.profile.time_zone,
        },
        status=status,
    )


def _save_care_name(request, form):
    if "care_name" in form.cleaned_data:
        services.set_care_name(profile=request.profile, care_name=form.cleaned_data["care_name"])


@patient_required
def sharing(request):
    if request.method != "POST":
        return _page(request)
    today = tracker_selectors.local_today(request.profile)
    form = ShareForm(request.POST, profile=request.profile, today=today)
    if form.is_valid():
        email = form.cleaned_data["email"]
        try:
            with transaction.atomic():
                _save_care_name(request, form)
                services.share_with(
                    patient=request.user, email=email, ends_on=form.cleaned_data["ends_on"]
                )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(request, SHARED_WORDS.format(email=email))
            return redirect("care:sharing")
    return _page(request, share_form=form, status=400)


# The same words whatever the address turned out to be (a clinician's, a patient's, new), so
# that the form tells nobody who has an account here; her lists below show where it stands.
SHARED_WORDS = (
    "Saved: {email} is on your lists below, and we emailed them if there is something for "
    "them to do."
)


@patient_required
def visit_link_add(request):
    if request.method != "POST":
        return redirect(reverse("care:sharing") + "#visit-links")
    form = _visit_link_form(request, tracker_selectors.local_today(request.profile), request.POST)
    if not form.is_valid():
        return _page(request, link_form=form, status=400)
    with transaction.atomic():
        _save_care_name(request, form)
        services.make_visit_link(
            patient=request.user,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            days=form.cleaned_data["days"],
            label=form.cleaned_data["label"],
        )
    messages.success(request, "Your visit link is ready: copy it from the list below.")
    return redirect(reverse("care:sharing") + "#visit-links")


@patient_required
@require_POST
def grant_stop(request, pk):
    grant = access.grant_of(request.user, pk)
    services.stop_grant(grant=grant)
    messages.success(request, f"{grant.clinician.email} can no longer see your diary.")
    return redirect("care:sharing")


@patient_required
@require_POST
def invitation_stop(request, pk):
    invitation = access.invitation_of(request.user, pk)
    services.stop_invitation(invitation=invitation)
    messages.success(request, f"The invitation to {invitation.email} no longer works.")
    return redirect("care:sharing")


@patient_required
@require_POST
def visit_link_stop(request, pk):
    services.stop_visit_link(visit_link=access.visit_link_of(request.user, pk))
    messages.success(request, "That visit link no longer works.")
    return redirect(reverse("care:sharing") + "#visit-links")
