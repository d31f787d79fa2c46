from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from reminders import links, selectors, services
from reminders.forms import ReminderSettingsForm
from reminders.models import SNOOZE_DAYS
from tracker.access import patient_required
from tracker.selectors import local_today


def _settings_page(request, form=None, *, status=200):
    """The page, reading her reminder settings once; an unbound form shows them."""
    profile = request.profile
    reminder_settings = selectors.reminder_settings(patient=request.user)
    if form is None:
        form = ReminderSettingsForm(
            instance=profile, initial={"enabled": reminder_settings.enabled}
        )
    today = local_today(profile)
    upcoming = selectors.next_reminder(
        patient=request.user, profile=profile, settings=reminder_settings, today=today
    )
    return render(
        request,
        "reminders/settings.html",
        {
            "form": form,
            "settings": reminder_settings,
            "snoozed": reminder_settings.enabled and reminder_settings.quiet_on(today),
            "next_reminder": upcoming
            and selectors.when_in_words(upcoming, today=today, time_zone=profile.time_zone),
            "snooze_days": SNOOZE_DAYS,
        },
        status=status,
    )


@patient_required
def reminder_settings(request):
    if request.method != "POST":
        return _settings_page(request)
    form = ReminderSettingsForm(request.POST, instance=request.profile)
    if not form.is_valid():
        return _settings_page(request, form, status=400)
    services.save_settings(
        profile=request.profile,
        enabled=form.cleaned_data["enabled"],
        reminder_time=form.cleaned_data["reminder_time"],
        time_zone=form.cleaned_data["time_zone"],
    )
    messages.success(request, "Saved your reminder settings.")
    return redirect("reminders:settings")


@patient_required
@require_POST
def snooze(request):
    resume_on = services.snooze(patient=request.user, today=local_today(request.profile))
    messages.success(
        request,
        f"Snoozed: your reminders start again on {resume_on:%A} {resume_on.day} {resume_on:%B}.",
    )
    return redirect("reminders:settings")


@patient_required
@require_POST
def resume(request):
    services.resume(patient=request.user)
    messages.success(request, "Your reminders are back on.")
    return redirect("reminders:settings")


# The signed token is what proves the request: the link works without a session, and mail
# programs post to it for one-click unsubscribe (RFC 8058) without a CSRF token.
@csrf_exempt
def link(request, token):
    """A link from a reminder email: GET asks to confirm, POST does it and says what it did.

    Confirming first keeps mail scanners that open every link from stopping reminders.
    """
    try:
        delivery_id, action = links.read(token)
        if request.method != "POST":
            services.delivery_for_link(delivery_id=delivery_id)
            return render(
                request,
                "reminders/link_confirm.html",
                {"action": action, "snooze_days": SNOOZE_DAYS},
            )
        delivery, resume_on = services.use_link(delivery_id=delivery_id, action=action)
    except links.BadLink as bad:
        status = 400 if bad.reason == "invalid" else 410
        return render(request, "reminders/link_refused.html", {"words": bad.words}, status=status)
    return render(
        request,
        "reminders/link_done.html",
        {
            "action": action,
            "resume_on": resume_on,
            "profile": delivery.patient.patient_profile,
            "enabled": selectors.reminder_settings(patient=delivery.patient).enabled,
        },
    )
