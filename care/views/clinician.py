"""The clinician's pages: her patient list, one page per patient, the downloads, and marking
alerts seen. Every view that names a patient finds her through `care.access.patient_for`
and writes one row of the access log she reads."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from care import list_cache, services
from care.access import clinician_required, patient_for
from care.forms import PatientListForm
from care.models import AccessEvent, clinician_zone
from care.patient_list import ListPaginator, grants_for, rows
from care.selectors import seen_alerts, unseen_alerts
from reports.forms import choose_period
from reports.summary import summary_for
from tracker import exports, selectors
from trends import fragments


def clinician_today(clinician):
    """Her own date, where she works: the list's 4 weeks of adherence end on it."""
    return timezone.localtime(timezone.now(), clinician_zone(clinician)).date()


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
    """Her summary of any period (read-only), her charts, her therapy and her alerts."""
    patient = patient_for(request.user, pk)
    today = selectors.local_today(patient.patient_profile)
    timeline = selectors.therapy_timeline(patient=patient)
    appointments = selectors.appointments(patient=patient)
    chosen = choose_period(
        request.GET, today=today, timeline=timeline, appointments=appointments, whose="her"
    )
    services.record_access(
        patient=patient, clinician=request.user, what=AccessEvent.What.PATIENT_PAGE
    )
    return render(
        request,
        "care/patient_page.html",
        {
            "patient": patient,
            "form": chosen.form,
            "period_words": chosen.words,
            "summary": chosen.start
            and summary_for(patient, chosen.start, chosen.end, timeline=timeline),
            "charts": fragments.charts_section(
                request,
                patient=patient,
                today=today,
                range_key=request.GET.get("range", ""),
                for_care_team=True,
            ),
            "today": today,
            "therapy_day": selectors.therapy_day(timeline, today),
            "current_period": selectors.period_on(timeline, today),
            "timeline": timeline,
            "appointments": appointments,
            "unseen_alerts": unseen_alerts(patient=patient),
            "seen_alerts": seen_alerts(patient=patient),
        },
        status=400 if chosen.form.errors else 200,
    )


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
