from datetime import date, timedelta

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from audit.services import Kind, record, target
from tracker import calendar, exports, selectors, services
from tracker.access import appointment_for, entry_for, patient_required, period_for
from tracker.forms import (
    AppointmentForm,
    CareDetailsForm,
    EntryForm,
    NumbersForm,
    OnboardingForm,
    TherapyChangeForm,
    TherapyStartForm,
)
from tracker.models import PatientProfile, TherapyPeriod

HISTORY_PAGE_SIZE = 14


def _posted(request):
    """The submitted data, or None for a GET: an empty POST still shows its errors."""
    return request.POST if request.method == "POST" else None


def home(request):
    if not request.user.is_authenticated:
        return render(request, "tracker/landing.html")
    if request.user.is_clinician:
        # The care side is the clinician's home (care/): her list of patients.
        return redirect("care:patients")
    return today(request)


@patient_required
def today(request):
    patient, profile = request.user, request.profile
    day = selectors.local_today(profile)
    # Four weeks: the two cards and the pain drawing (trends' tag) read the same rows.
    days = selectors.recent_days(patient=patient, first=day - timedelta(days=27), last=day)
    recent = {entry.day: entry for entry in days}
    timeline = selectors.therapy_timeline(patient=patient)
    current = selectors.period_on(timeline, day)
    appointments = selectors.appointments(patient=patient)
    return render(
        request,
        "tracker/today.html",
        {
            "today": day,
            "yesterday": day - timedelta(days=1),
            "today_entry": recent.get(day),
            "yesterday_entry": recent.get(day - timedelta(days=1)),
            "timeline": timeline,  # the tips (knowledge's tag) reuse it
            "therapy_started": timeline[0].start if timeline else None,
            "current_period": current,
            "therapy_day": selectors.therapy_day(timeline, day),
            "next_appointment": selectors.next_appointment(appointments, day),
            "recent_days": days,
        },
    )


@login_required
def onboarding(request):
    if not request.user.is_patient or PatientProfile.objects.filter(user=request.user).exists():
        return redirect("tracker:home")
    form = OnboardingForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.set_up_therapy(patient=request.user, **form.cleaned_data)
        messages.success(request, "Thank you. Your diary is ready: log your first day.")
        return redirect("tracker:log")
    return render(request, "tracker/onboarding.html", {"form": form})


def _requested_day(request, today):
    """The `?day=` of the log link, or today when it is missing or not a date."""
    try:
        return date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today


def _entry_page(request, form, *, day, entry=None):
    return render(
        request,
        "tracker/entry_form.html",
        {"form": form, "day": day, "entry": entry, "today": form.today},
    )


def _saved(request, entry, verb):
    """Confirm a saved day on her history. A day with an answer at its measure's severe level
    or worse, or "I have stopped taking it", opens the history on what to do about it
    (`?saved=` names the day; the history page reads it back, her own only), so the
    confirmation is more than "Saved"."""
    confirmation = f"{verb} your diary for {entry.day:%A %-d %B}."
    severe = entry.severe_measures()
    if not (severe or entry.said_stopped):
        messages.success(request, confirmation)
        return redirect("tracker:history")
    named = " and ".join(
        ["severe " + " and ".join(m.label.lower() for m in severe)] * bool(severe)
        + ["that you have stopped your tablet"] * entry.said_stopped
    )
    messages.warning(request, f"{confirmation} You logged {named}: see what to do below.")
    return redirect(f"{reverse('tracker:history')}?saved={entry.day.isoformat()}#what-to-do")


@patient_required
def log_day(request):
    """Log a day: today by default, any past day since therapy started with `?day=`."""
    patient = request.user
    today = selectors.local_today(request.profile)
    timeline = selectors.therapy_timeline(patient=patient)
    start = timeline[0].start if timeline else None
    if request.method == "POST":
        form = EntryForm(request.POST, today=today, therapy_start=start, timeline=timeline)
        if form.is_valid():
            day = form.cleaned_data["day"]
            entry, created = services.save_entry(patient=patient, day=day, values=form.values())
            return _saved(request, entry, "Saved" if created else "Updated")
        return _entry_page(request, form, day=form.data.get("day"))
    day = _requested_day(request, today)
    if day > today:
        messages.info(request, "That day has not happened yet, so here is today.")
        day = today
    existing = selectors.entry_on(patient=patient, day=day)
    if existing:
        return redirect("tracker:entry", pk=existing.pk)
    form = EntryForm(initial={"day": day}, today=today, therapy_start=start, timeline=timeline)
    return _entry_page(request, form, day=day)


@patient_required
def entry_edit(request, pk):
    entry = entry_for(request.user, pk)
    today = selectors.local_today(request.profile)
    form = EntryForm(
        _posted(request),
        entry=entry,
        today=today,
        therapy_start=None,
        timeline=selectors.therapy_timeline(patient=request.user),
    )
    if request.method == "POST" and form.is_valid():
        entry, _ = services.save_entry(patient=request.user, day=entry.day, values=form.values())
        return _saved(request, entry, "Updated")
    return _entry_page(request, form, day=entry.day, entry=entry)


@patient_required
def entry_delete(request, pk):
    entry = entry_for(request.user, pk)
    if request.method == "POST":
        services.delete_entry(entry=entry)
        messages.success(request, f"Deleted your diary for {entry.day:%A %-d %B}.")
        return redirect("tracker:history")
    return render(request, "tracker/entry_confirm_delete.html", {"entry": entry})


@patient_required
def history(request):
    """Her days: a month's calendar (`?month=2026-03`, this month by default) and the list."""
    patient = request.user
    page = Paginator(selectors.history(patient=patient), HISTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    today = selectors.local_today(request.profile)
    start = selectors.therapy_start(patient=patient)
    first = calendar.month_of(request.GET.get("month", ""), today=today, start=start)
    return render(
        request,
        "tracker/history.html",
        {
            "page": page,
            "today": today,
            "therapy_start": start,
            "month": calendar.month(patient=patient, first=first, today=today, start=start),
            "weekdays": calendar.WEEKDAYS,
            "saved_entry": _saved_entry(request),
        },
    )


def _saved_entry(request):
    """The day just saved (`?saved=`) when it holds a severe answer or "I have stopped", else
    None: any other value, a day she has not logged or another patient's day shows nothing."""
    try:
        day = date.fromisoformat(request.GET.get("saved", ""))
    except ValueError:
        return None
    entry = selectors.entry_on(patient=request.user, day=day)
    return entry if entry and (entry.severe_measures() or entry.said_stopped) else None


@patient_required
def export_csv(request):
    record(Kind.EXPORT, actor=request.user, target=target("csv", "own diary"), request=request)
    return exports.csv_download(patient=request.user, today=selectors.local_today(request.profile))


@patient_required
def export_fhir(request):
    record(Kind.EXPORT, actor=request.user, target=target("fhir", "own diary"), request=request)
    return exports.fhir_download(patient=request.user, today=selectors.local_today(request.profile))


@patient_required
def profile(request):
    """Her account: how her summary names her, sign-in details and where each setting lives.

    Time zone and reminder time are edited on the Reminders page only, in one form.
    Two-step sign-in is offered here, never required of a patient.
    """
    form = CareDetailsForm(
        _posted(request),
        instance=request.profile,
        today=selectors.local_today(request.profile),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved how your summary names you.")
        return redirect("tracker:profile")
    return render(
        request,
        "tracker/profile.html",
        {"form": form, "mfa_enabled": is_mfa_enabled(request.user)},
        status=400 if form.errors else 200,
    )


@patient_required
def numbers(request):
    """The numbers on her "Get help now" card: her country's and her care team's."""
    form = NumbersForm(_posted(request), instance=request.profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved the numbers on your “Get help now” card.")
        return redirect("tracker:numbers")
    return render(
        request,
        "tracker/numbers.html",
        {"form": form, "country": request.profile.country_numbers},
        status=400 if form.errors else 200,
    )


def _therapy_page(request, *, change_form=None, start_form=None, appointment_form=None, status=200):
    patient = request.user
    timeline = selectors.therapy_timeline(patient=patient)
    today = selectors.local_today(request.profile)
    current = selectors.period_on(timeline, today) or (timeline[-1] if timeline else None)
    return render(
        request,
        "tracker/therapy.html",
        {
            "timeline": list(reversed(timeline)),
            "current": current,
            "today": today,
            "change_form": change_form
            or TherapyChangeForm(initial={"drug": current.drug if current else None}),
            "appointment_form": appointment_form or AppointmentForm(today=today),
            "start_form": start_form
            or TherapyStartForm(
                initial={"start": timeline[0].start if timeline else None}, today=today
            ),
            "appointments": selectors.appointments(patient=patient),
        },
        status=status,
    )


@patient_required
def therapy(request):
    return _therapy_page(request)


@patient_required
@require_POST
def therapy_change(request):
    form = TherapyChangeForm(request.POST, today=selectors.local_today(request.profile))
    if form.is_valid():
        try:
            period = services.record_therapy_change(
                patient=request.user,
                kind=form.period_kind(),
                drug=form.cleaned_data["drug"],
                starting=form.cleaned_data["starting"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                f"Recorded: {period.get_kind_display().lower()}, {period.get_drug_display()}, "
                f"from {period.start:%-d %B %Y}."
                + (
                    " Your care team will be asked to confirm it: please tell them too."
                    if period.kind == TherapyPeriod.Kind.BREAK
                    else ""
                ),
            )
            return redirect("tracker:therapy")
    return _therapy_page(request, change_form=form, status=400)


@patient_required
@require_POST
def therapy_start(request):
    """Correct the first day of her therapy, which her diary and charts start from."""
    form = TherapyStartForm(request.POST, today=selectors.local_today(request.profile))
    if form.is_valid():
        try:
            period = services.correct_therapy_start(
                patient=request.user, start=form.cleaned_data["start"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Your therapy now starts on {period.start:%-d %B %Y}.")
            return redirect("tracker:therapy")
    return _therapy_page(request, start_form=form, status=400)


@patient_required
@require_POST
def therapy_undo(request, pk):
    period = period_for(request.user, pk)
    try:
        services.undo_therapy_change(period=period)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Removed the latest change.")
    return redirect("tracker:therapy")


@patient_required
@require_POST
def appointment_add(request):
    form = AppointmentForm(request.POST, today=selectors.local_today(request.profile))
    if form.is_valid():
        appointment = services.add_appointment(patient=request.user, **form.cleaned_data)
        messages.success(request, f"Added your appointment on {appointment.date:%A %-d %B %Y}.")
        return redirect("tracker:therapy")
    return _therapy_page(request, appointment_form=form, status=400)


@patient_required
@require_POST
def appointment_delete(request, pk):
    appointment = appointment_for(request.user, pk)
    appointment.delete()
    messages.success(request, f"Removed the appointment on {appointment.date:%A %-d %B %Y}.")
    return redirect("tracker:therapy")
