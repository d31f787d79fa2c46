"""The public pages of the links a patient hands out: an invitation to make a clinician
account, and a visit link to the summary of one period.

Both work without signing in (the signed token is the proof), are never stored by a browser
or a proxy, and are never indexed, refused or not.
"""

from functools import wraps

from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from care import links, selectors, services
from care.forms import JoinForm
from care.models import AccessEvent
from reports.summary import summary_for
from tracker import selectors as tracker_selectors


def private_link(view):
    """Cache-Control: no-store (never_cache) and X-Robots-Tag: noindex on every answer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = never_cache(view)(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


STATUS = {"invalid": 404, "signed-in": 403, "account": 409}


def _refused(request, kind, reason, words):
    """The refusal page in words; nothing was created or changed."""
    return render(
        request,
        "care/link_refused.html",
        {"kind": kind, "reason": reason, "words": words},
        status=STATUS.get(reason, 410),
    )


@private_link
def invitation(request, token):
    """GET shows who invites and asks for her name, time zone and a password; POST makes the
    clinician account, its grant, signs her in and sends her to set up a second factor."""
    try:
        invitation = selectors.open_invitation(pk=links.read(links.INVITATION, token))
    except links.BadLink as bad:
        return _refused(request, "invitation", bad.reason, bad.words)
    user = request.user
    if user.is_authenticated and user.email.lower() != invitation.email.lower():
        return _refused(
            request,
            "invitation",
            "signed-in",
            f"You are signed in as {user.email}, and this invitation is for {invitation.email}. "
            "Sign out first, then open the link in the invitation again.",
        )
    account = get_user_model().objects.filter(email__iexact=invitation.email).first()
    if account is not None:
        return _invitation_for_account(request, invitation, account)
    form = JoinForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.join_by_invitation(
                invitation=invitation,
                name=form.cleaned_data["name"],
                time_zone=form.cleaned_data["time_zone"],
                password=form.cleaned_data["password1"],
            )
        except links.BadLink as bad:
            return _refused(request, "invitation", bad.reason, bad.words)
        except IntegrityError:
            # The address got an account between the check above and now.
            return _refused(request, "invitation", "account", ACCOUNT_WORDS)
        login(request, user, backend="tracker.auth.ModelBackendWithProfile")
        # She has just typed her new password on this page: recorded as allauth records a
        # password sign-in, so setting up her second step does not ask for it again.
        record_authentication(
            request, user, method="password", email=user.email, reauthenticated=True
        )
        messages.success(
            request,
            "Your account is ready. One more step before you see any diary: protect your "
            "account with an authenticator app.",
        )
        return redirect("mfa_activate_totp")
    return render(
        request,
        "care/invitation.html",
        {"invitation": invitation, "form": form},
        status=400 if form.errors else 200,
    )


ACCOUNT_WORDS = (
    "There is an account with this email address already. Sign in with it, then open the "
    "link in the invitation again."
)


def _invitation_for_account(request, invitation, account):
    """The invited address has an account: a clinician signed in to it accepts with one tap
    (the password proved the account, the link the invitation); anyone else is told why not."""
    if not account.is_clinician:
        return _refused(
            request,
            "invitation",
            "account",
            f"{invitation.email} belongs to a patient's account, and a patient account cannot "
            "see another person's diary. Ask for an invitation to the address you use at work.",
        )
    if request.user != account:
        return _refused(request, "invitation", "account", ACCOUNT_WORDS)
    if request.method == "POST":
        try:
            services.accept_invitation(invitation=invitation, clinician=account)
        except links.BadLink as bad:
            return _refused(request, "invitation", bad.reason, bad.words)
        messages.success(
            request,
            f"{invitation.patient.patient_profile.care_name} now shares her diary with you.",
        )
        return redirect("care:patients")
    return render(request, "care/invitation.html", {"invitation": invitation})


@private_link
def visit(request, token):
    """The summary of the link's period, read-only; each opening goes in her access log."""
    try:
        visit_link = selectors.open_visit_link(pk=links.read(links.VISIT, token))
    except links.BadLink as bad:
        return _refused(request, "visit", bad.reason, bad.words)
    patient = visit_link.patient
    services.record_access(patient=patient, what=AccessEvent.What.SUMMARY, visit_link=visit_link)
    timeline = tracker_selectors.therapy_timeline(patient=patient)
    return render(
        request,
        "care/visit.html",
        {
            "visit_link": visit_link,
            "summary": summary_for(patient, visit_link.start, visit_link.end, timeline=timeline),
            "timeline": timeline,
            "appointments": tracker_selectors.appointments(patient=patient),
        },
    )
