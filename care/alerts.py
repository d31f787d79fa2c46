"""The care team's memory of alerts: the rule (`reports.alerts`) evaluated for patients who
share their diary, and what it found kept as `care.models.Alert` rows.

One row per patient, reason and week, the week being the Monday of the reason's evidence day
(the latest severe day, say, or the last day of the week evaluated). A reason still unseen is
not raised again, and one seen is not raised again for the same week: both are unique
constraints, and rows are inserted with conflicts ignored, so two workers evaluating the same
patient at once store it once. Once a clinician has marked it seen, the reason is raised again
by evidence from a later week.

When: after each saved or deleted day of a patient with a live grant (`care.receivers`), and
once a night for everyone who shares (`care.tasks`).
"""

import zoneinfo
from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from care.list_cache import renew_lists_of
from care.models import Alert, Grant
from reports import alerts as rule
from tracker import aggregates, selectors
from tracker.models import PatientProfile, TherapyPeriod

# Her zone when she has no profile yet (the profile's own default).
DEFAULT_ZONE = PatientProfile._meta.get_field("time_zone").default


def raise_alerts(*, patient, today):
    """Evaluate `patient`'s fortnight ending `today` (her local date) and remember what it
    finds: three queries (her days, her timeline, one INSERT), and a fourth when it finds
    anything (her clinicians, whose lists show her anew)."""
    found = rule.alerts_for(
        rule.fortnight(patient=patient, end=today),
        end=today,
        timeline=selectors.therapy_timeline(patient=patient),
    )
    return _remember({patient.pk: found})


def raise_alerts_for(*, patient_ids, now=None):
    """`raise_alerts` for a batch of patients, each on her own local date at `now`: four
    queries however large the batch (time zones, fortnights, breaks, one INSERT), and one for
    the clinicians whose lists show anew what it found."""
    now = now or timezone.now()
    patient_ids = list(patient_ids)
    zones = dict(
        PatientProfile.objects.filter(user_id__in=patient_ids).values_list("user_id", "time_zone")
    )
    today = {
        pk: timezone.localtime(now, zoneinfo.ZoneInfo(zones.get(pk, DEFAULT_ZONE))).date()
        for pk in patient_ids
    }
    if not today:
        return 0
    first = min(today.values()) - timedelta(days=2 * rule.WEEK - 1)
    last = max(today.values())
    days = aggregates.days_by_patient(
        patient_ids=patient_ids, first=first, last=last, fields=rule.FIELDS
    )
    breaks = {}
    for period in TherapyPeriod.objects.filter(
        Q(end__isnull=True) | Q(end__gte=first),
        patient_id__in=patient_ids,
        kind=TherapyPeriod.Kind.BREAK,
        start__lte=last,
    ):
        breaks.setdefault(period.patient_id, []).append(period)
    return _remember(
        {
            pk: rule.alerts_for(days.get(pk, []), end=end, timeline=breaks.get(pk, []))
            for pk, end in today.items()
        }
    )


def sharing_patient_ids(*, now=None):
    """Everyone with a live grant, in id order (served by the one-live-grant constraint's
    index, which leads with the patient)."""
    return list(
        Grant.objects.live(now=now)
        .order_by("patient_id")
        .values_list("patient_id", flat=True)
        .distinct()
    )


def week_of(day):
    """The Monday of `day`'s week: the memory's key."""
    return day - timedelta(days=day.weekday())


def _remember(found):
    """Insert a row per patient and reason found, ignoring those the memory holds already;
    returns how many reasons were found (new or not)."""
    rows = [
        Alert(patient_id=pk, key=alert.key, week=week_of(alert.day), reason=alert.reason)
        for pk, alerts in found.items()
        for alert in alerts
    ]
    Alert.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        # Whether new or remembered already: which rows were inserted is not told back.
        renew_lists_of({row.patient_id for row in rows})
    return len(rows)
