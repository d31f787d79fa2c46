"""The care team's memory of alerts: the rule (`reports.alerts`) evaluated for patients who
share their diary, and what it found kept as `care.models.Alert` rows.

For each reason the rule finds, the memory reads the reason's latest row and:

- with none, raises it (a new row);
- with one not seen yet, updates it when the new evidence is worse (a higher level, or for an
  event a later day), so the nurse reads the latest and worst, not the first and mildest;
- with one seen, raises it again only when the evidence is new: an event on a later day that
  is worse (a severe day of 9 after one of 8) or comes after a week without it (a new miss for
  side effects, a new break, a new silence), not the same one found again night after night;
  a state (pain on most days, adherence, hot flashes) once it reaches the level that counts as
  worse (`worse_at`), or after a week without it; while a clinician holds it "known, being
  managed", only worse, and once that time is over, again if it is still there.

A state seen and unchanged stays quiet: stable, known pain is not news every week.

Rows are written with conflicts ignored against the one-unseen-row-per-reason constraint, so
two workers evaluating the same patient at once store a reason once.

When: after each saved or deleted day of a patient with a live grant (`care.receivers`), when
a grant is made (her clinician's first look is true at once), and once a night for everyone
who shares (`care.tasks`).
"""

import zoneinfo
from datetime import timedelta

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from care.list_cache import renew_lists_of
from care.models import Alert, Grant
from reports import alerts as rule
from tracker import aggregates, selectors
from tracker.models import PatientProfile, TherapyPeriod

# Her zone when she has no profile yet (the profile's own default).
DEFAULT_ZONE = PatientProfile._meta.get_field("time_zone").default
# A state not found for this long has gone: found again, it is raised anew.
GONE_AFTER = timedelta(days=rule.WEEK)


def raise_alerts(*, patient, today):
    """Evaluate `patient`'s days up to `today` (her local date) and remember what it finds:
    her days, her timeline, her latest rows, and a write for what changed."""
    found = rule.alerts_for(
        rule.window(patient=patient, end=today),
        end=today,
        timeline=selectors.therapy_timeline(patient=patient),
    )
    return _remember({patient.pk: (today, found)})


def raise_alerts_for(*, patient_ids, now=None):
    """`raise_alerts` for a batch of patients, each on her own local date at `now`: the same
    queries however large the batch (time zones, days, breaks, latest rows, writes)."""
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
    first = min(today.values()) - timedelta(days=rule.LOOKBACK_DAYS - 1)
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
            pk: (end, rule.alerts_for(days.get(pk, []), end=end, timeline=breaks.get(pk, [])))
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


def latest_rows(*, patient_ids):
    """Each patient's latest row of each reason, by (patient id, key): one query."""
    rows = (
        Alert.objects.filter(patient_id__in=list(patient_ids))
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("patient_id"), F("key")],
                order_by=[F("raised_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank=1)
    )
    return {(row.patient_id, row.key): row for row in rows}


def _remember(found):
    """`found`: patient id -> (her today, the rule's alerts). Raises, updates or leaves each
    reason as the module's docstring says; returns how many reasons were found."""
    latest = latest_rows(patient_ids=found)
    now = timezone.now()  # one moment for what one evaluation raises: listed by priority, key
    new, changed, shown = [], [], set()
    for pk, (today, alerts) in found.items():
        for alert in alerts:
            row = latest.get((pk, alert.key))
            if row is None or _raise_again(row, alert, today):
                new.append(_row(pk, alert, today, now))
                shown.add(pk)
            elif row.seen_at is None and _worse(alert, row):
                _update(row, alert, today)
                changed.append(row)
                shown.add(pk)
            elif row.present_on != today:
                row.present_on = today
                changed.append(row)
    Alert.objects.bulk_create(new, ignore_conflicts=True)
    Alert.objects.bulk_update(changed, ["reason", "day", "level", "worse_at", "present_on"])
    if shown:
        renew_lists_of(shown)
    return sum(len(alerts) for _, alerts in found.values())


def _raise_again(row, alert, today):
    """Whether a seen reason's new evidence is new enough to raise it again."""
    if row.seen_at is None:
        return False
    gone = row.present_on is None or today - row.present_on > GONE_AFTER
    if not alert.is_state:
        # A later day, and worse than the one seen or after a week without: a severe day of 9
        # after one of 8; not the same stop, miss or silence found again day after day.
        return alert.day > row.day and (alert.level > row.level or gone)
    if row.worse_at is not None and alert.level >= row.worse_at:
        return True
    known = row.known_until is not None and today <= row.known_until
    if known:
        return False
    if row.known_until is not None:
        return True  # still there after the time it was known for: look at it again
    return gone


def _worse(alert, row):
    """Whether an unseen reason's new evidence should replace what it says: a higher level;
    for an event, also the same level on a later day or in other words (the silence counted
    on)."""
    if alert.is_state or alert.level != row.level:
        return alert.level > row.level
    return (alert.day, alert.reason) != (row.day, row.reason) and alert.day >= row.day


def _row(patient_id, alert, today, now):
    row = Alert(patient_id=patient_id, key=alert.key, priority=alert.priority, raised_at=now)
    _update(row, alert, today)
    return row


def _update(row, alert, today):
    row.reason = alert.reason
    row.day = alert.day
    row.level = alert.level
    row.worse_at = alert.worse_at
    row.present_on = today
