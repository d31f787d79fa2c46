"""The clinician's pages: her patient list, one page per patient, the downloads, and marking
alerts seen. Every view that names a patient finds her through `care.access.patient_for`
and writes one row of the access log she reads."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from care import list_cache, services
from care.access import clinician_required, patient_for
from care.forms import BreakConfirmForm, KnownForm, PatientListForm, ServiceNumberForm
from care.models import AccessEvent, ClinicianProfile, clinician_zone
from care.patient_list import ListPaginator, grants_for, rows
from care.selectors import known_alerts, seen_alerts, unseen_alerts
from reports.forms import choose_period
from reports.summary import summary_for
from tracker import exports, selectors
from trends import fragments


def clinician_today(clinician):
    """Her own date, where she works: the list's 4 weeks of adherence end on it."""
    return timezone.localtime(timezone.now(), clinician_zone(clinician)).date()


@clinician_required
def service_number(request):
    """Her name, her service and its 24-hour number, which her patients see on their
    "Get help now" card."""
    profile = ClinicianProfile.objects.filter(user=request.user).first()
    form = ServiceNumberForm(
        request.POST if request.method == "POST" else None,
        instance=profile or ClinicianProfile(user=request.user, name=request.user.email),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved: your patients see this number on their card.")
        return redirect("care:service_number")
    return render(
        request, "care/service_number.html", {"form": form}, status=400 if form.errors else 200
    )


@clinician_required
def patient_list(request):
    """Her patients, a page at a time; a page is made once and kept until it changes
    (`care.list_cache`)."""
    form = PatientListForm(request.GET or None)
    choices = form.choices()
    page_number = list_cache.page_number(request.GET.get("page"))

    def make():
        grants = grants_for(clinician=request.user, today=clinician_today(request.user), **choices)
        paginator = ListPaginator(
            grants, clinician=request.user, needs_attention=choices["needs_attention"]
        )
        page = paginator.get_page(page_number)
        query = request.GET.copy()
        query.pop("page", None)
        html = render_to_string(
            "care/patient_list.html#listing",
            {
                "page": page,
                "rows": rows(page.object_list),
                "query": query.urlencode(),
                "filtered": choices["needs_attention"],
            },
            request,
        )
        return html, paginator.soonest_end

    listing = list_cache.page(clinician=request.user, page_number=page_number, make=make, **choices)
    return render(request, "care/patient_list.html", {"form": form, "listing": listing})


@clinician_required
def patient_page(request, pk):
    """Her summary of any period (read-only), her charts, her notes, her therapy and her
    alerts."""
    return _patient_page(request, patient_for(request.user, pk))


def _patient_page(request, patient, *, break_form=None):
    today = selectors.local_today(patient.patient_profile)
    timeline = selectors.therapy_timeline(patient=patient)
    appointments = selectors.appointments(patient=patient)
    chosen = choose_period(
        request.GET, today=today, timeline=timeline, appointments=appointments, whose="her"
    )
    services.record_access(
        patient=patient, clinician=request.user, what=AccessEvent.What.PATIENT_PAGE
    )
    current_period = selectors.period_on(timeline, today)
    if break_form is None and current_period and current_period.is_unconfirmed_break:
        break_form = BreakConfirmForm(period=current_period)
    return render(
        request,
        "care/patient_page.html",
        {
            "patient": patient,
            "form": chosen.form,
            "period_words": chosen.words,
            "summary": chosen.start
            and summary_for(patient, chosen.start, chosen.end, timeline=timeline),
            "all_notes": chosen.start
            and selectors.notes(patient=patient, first=chosen.start, last=chosen.end),
            "charts": fragments.charts_section(
                request,
                patient=patient,
                today=today,
                range_key=request.GET.get("range", ""),
                for_care_team=True,
            ),
            "today": today,
            "therapy_day": selectors.therapy_day(timeline, today),
            "current_period": current_period,
            "break_form": break_form,
            "timeline": timeline,
            "appointments": appointments,
            "unseen_alerts": _with_known_forms(unseen_alerts(patient=patient)),
            "known_alerts": known_alerts(patient=patient, today=today),
            "seen_alerts": seen_alerts(patient=patient),
        },
        status=400 if chosen.form.errors or (break_form and break_form.errors) else 200,
    )


def _with_known_forms(alerts):
    """Each unseen state (pain on most days, say) with its "known, being managed" form."""
    for alert in alerts:
        if alert.is_state:
            alert.known_form = KnownForm(
                initial={"key": alert.key}, auto_id=f"id_known_{alert.pk}_%s"
            )
    return alerts


def _download(request, pk, what, make):
    """Her whole diary as a file, logged in her access log like any opening."""
    patient = patient_for(request.user, pk)
    services.record_access(patient=patient, clinician=request.user, what=what)
    return make(patient=patient, today=selectors.local_today(patient.patient_profile))


@clinician_required
def export_csv(request, pk):
    return _download(request, pk, AccessEvent.What.EXPORT_CSV, exports.csv_download)


@clinician_required
def export_fhir(request, pk):
    return _download(request, pk, AccessEvent.What.EXPORT_FHIR, exports.fhir_download)


@require_POST
@clinician_required
def alerts_seen(request, pk):
    patient = patient_for(request.user, pk)
    seen = services.mark_alerts_seen(patient=patient, clinician=request.user)
    services.record_access(
        patient=patient, clinician=request.user, what=AccessEvent.What.ALERTS_SEEN
    )
    messages.success(
        request,
        f"Marked {seen} alert{'s' if seen != 1 else ''} as seen."
        if seen
        else "There were no new alerts to mark.",
    )
    return redirect("care:patient", pk=patient.pk)


@require_POST
@clinician_required
def alert_known(request, pk):
    """One reason of hers held "known, being managed" for 4, 8 or 12 weeks."""
    patient = patient_for(request.user, pk)
    form = KnownForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(next(iter(form.errors.values())))
        row = services.mark_known(patient=patient, clinician=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        services.record_access(
            patient=patient, clinician=request.user, what=AccessEvent.What.ALERT_KNOWN
        )
        messages.success(
            request,
            f"Marked as known, being managed until {row.known_until:%-d %B %Y}. It will be "
            "raised again before then only if it gets worse.",
        )
    return redirect("care:patient", pk=patient.pk)


@require_POST
@clinician_required
def break_confirm(request, pk):
    """The break she started herself, confirmed, with its planned end if any."""
    patient = patient_for(request.user, pk)
    today = selectors.local_today(patient.patient_profile)
    period = selectors.period_on(selectors.therapy_timeline(patient=patient), today)
    if period is None or not period.is_unconfirmed_break:
        messages.error(request, "She has no break waiting to be confirmed.")
        return redirect("care:patient", pk=patient.pk)
    form = BreakConfirmForm(request.POST, period=period)
    if not form.is_valid():
        return _patient_page(request, patient, break_form=form)
    services.confirm_break(patient=patient, clinician=request.user, **form.cleaned_data)
    services.record_access(
        patient=patient, clinician=request.user, what=AccessEvent.What.BREAK_CONFIRMED
    )
    planned = form.cleaned_data["planned_end"]
    messages.success(
        request,
        "Break confirmed"
        + (f", planned to end on {planned:%-d %B %Y}." if planned else ", with no planned end.")
        + " Its days no longer count as missed tablets.",
    )
    return redirect("care:patient", pk=patient.pk)
