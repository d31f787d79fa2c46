"""The clinician's list of the patients who share their diary with her.

One query for a page of rows whatever the number of patients or the length of their diaries:
each figure is a correlated subquery served by an index (the entries' unique (patient, day),
the alerts' partial index on unseen rows), so the page costs the same at 5 patients as at 500
with five years of days each (tests/care/test_patient_list.py, bench/care_list.py).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower, NullIf

from care.models import Alert, Grant
from care.selectors import unseen_alerts_by_patient
from reports.alerts import AGREED_BREAK
from tracker.models import DailyEntry, Drug, TherapyPeriod
from tracker.selectors import local_today

ADHERENCE_DAYS = 28
PAGE_SIZE = 25
SORTS = {
    # Patients with unseen alerts first, then by name, in every order.
    "name": ("-has_alerts", "sort_name", "patient_id"),
    "last_entry": (
        "-has_alerts",
        F("last_entry").desc(nulls_last=True),
        "sort_name",
        "patient_id",
    ),
}


@dataclass
class Row:
    grant: Grant
    alerts: list = field(default_factory=list)

    @property
    def patient(self):
        return self.grant.patient

    @property
    def name(self):
        return self.grant.shown_name

    @property
    def drug_name(self):
        return Drug(self.grant.drug).label if self.grant.drug else ""

    @property
    def therapy_day(self):
        """Her day of therapy today (day 1 is the first day), where she lives."""
        start = self.grant.therapy_start
        if start is None:
            return None
        return (self.grant.patient_today - start).days + 1

    @property
    def adherence_percent(self):
        answered = self.grant.tablet_answered or 0
        return round(100 * (self.grant.tablet_taken or 0) / answered) if answered else None


def _count(queryset):
    """A correlated COUNT(*) of `queryset` (already filtered on OuterRef) as a subquery."""
    return Coalesce(
        Subquery(
            queryset.order_by().values("patient").annotate(n=Count("*")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def grants_for(*, clinician, today, needs_attention=False, sort="name"):
    """Her live grants as a queryset of rows to page through, each annotated with what the
    list shows. `today` is the clinician's date: the adherence window is the 28 days to it."""
    first = today - timedelta(days=ADHERENCE_DAYS - 1)
    entries = DailyEntry.objects.filter(patient=OuterRef("patient"))
    recent = entries.filter(day__gte=first, day__lte=today)
    periods = TherapyPeriod.objects.filter(patient=OuterRef("patient"))
    open_period = periods.filter(end=None)
    # A tablet not taken on a break agreed with her team is not a missed tablet.
    answered = recent.filter(tablet_taken__isnull=False).exclude(
        tablet_taken=False, missed_reason=AGREED_BREAK
    )
    grants = (
        Grant.objects.live()
        .filter(clinician=clinician)
        .select_related("patient__patient_profile")
        .annotate(
            shown_name=Coalesce(
                NullIf("patient__patient_profile__care_name", Value("")),
                "patient__email",
                output_field=CharField(),
            ),
            last_entry=Subquery(entries.order_by("-day").values("day")[:1]),
            therapy_start=Subquery(periods.order_by("start").values("start")[:1]),
            drug=Subquery(open_period.values("drug")[:1]),
            on_break=Subquery(open_period.filter(kind=TherapyPeriod.Kind.BREAK).values("pk")[:1]),
            tablet_answered=_count(answered),
            tablet_taken=_count(answered.filter(tablet_taken=True)),
            unseen_alerts=_count(Alert.objects.filter(patient=OuterRef("patient"), seen_at=None)),
        )
        .annotate(
            sort_name=Lower("shown_name"),
            has_alerts=ExpressionWrapper(Q(unseen_alerts__gt=0), output_field=BooleanField()),
        )
    )
    if needs_attention:
        grants = grants.filter(unseen_alerts__gt=0)
    return grants.order_by(*SORTS.get(sort, SORTS["name"]))


def rows(grants):
    """A page of annotated grants as rows, with each patient's unseen alerts: one query."""
    grants = list(grants)
    alerts = unseen_alerts_by_patient(patient_ids=[grant.patient_id for grant in grants])
    for grant in grants:
        grant.patient_today = local_today(grant.patient.patient_profile)
    return [Row(grant, alerts.get(grant.patient_id, [])) for grant in grants]
