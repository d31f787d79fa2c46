"""The clinician's list of the patients who share their diary with her.

One query for a page of rows whatever the number of patients or the length of their diaries:
each figure is a correlated subquery served by an index (the entries' unique (patient, day),
the alerts' partial index on unseen rows) or, for her current drug, a join to her one open
period, so the page costs the same at 5 patients as at 500 with five years of days each
(tests/care/test_patient_list_scale.py, bench/care_list.py).
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Lower, NullIf
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.utils.functional import cached_property

from care.alerts import DEFAULT_ZONE
from care.models import Alert, Grant
from care.selectors import unseen_alerts_by_patient
from tracker.models import DailyEntry, Drug, TherapyPeriod
from tracker.selectors import day_of_therapy

ADHERENCE_DAYS = 28
PAGE_SIZE = 25
SORTS = {
    # Patients with unseen alerts first (signs of stopping before symptoms), then by name, in
    # every order.
    "name": (F("attention").asc(nulls_last=True), "sort_name", "patient_id"),
    "last_entry": (
        F("attention").asc(nulls_last=True),
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
    def patient_id(self):
        return self.grant.patient_id

    @property
    def name(self):
        return self.grant.shown_name

    @property
    def last_entry(self):
        return self.grant.last_entry

    # The card's facts in words, made here in one step each: the list renders 25 cards, and
    # the template's tests and lookups were most of its time (bench/care_list.py).
    @property
    def therapy_words(self):
        """ "Letrozole (Femara) (on a break), day 120"; "Not recorded" without an open period."""
        grant = self.grant
        words = Drug(grant.drug).label if grant.drug else "Not recorded"
        if grant.drug and grant.period_kind == TherapyPeriod.Kind.BREAK:
            words += " (on a break)"
        if grant.therapy_start is not None:
            words += f", day {day_of_therapy(grant.therapy_start, grant.patient_today)}"
        return words

    @property
    def adherence_words(self):
        """ "taken on 78% of 9 days answered" over the last 4 weeks, or "Not answered"."""
        answered = self.grant.tablet_answered
        if not answered:
            return "Not answered"
        percent = round(100 * self.grant.tablet_taken / answered)
        return f"taken on {percent}% of {answered} day{pluralize(answered)} answered"


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
    list shows. `today` is the clinician's date: the adherence window is the 28 days to it.

    Composing this query costs more than running it (bench/care_list.py), so it holds only
    what the page shows: no patient or profile rows (her name and time zone are columns),
    and the most pressing of her unseen alerts is one subquery (the filter is an EXISTS)."""
    first = today - timedelta(days=ADHERENCE_DAYS - 1)
    entries = DailyEntry.objects.filter(patient=OuterRef("patient"))
    recent = entries.filter(day__gte=first, day__lte=today)
    periods = TherapyPeriod.objects.filter(patient=OuterRef("patient"))
    # A day of a break her care team confirmed is not a day to take the tablet (as in the
    # alert rule, `reports.alerts`).
    answered = recent.filter(tablet_taken__isnull=False).exclude(
        Exists(
            TherapyPeriod.objects.filter(
                Q(end__isnull=True) | Q(end__gte=OuterRef("day")),
                patient=OuterRef("patient"),
                kind=TherapyPeriod.Kind.BREAK,
                confirmed_at__isnull=False,
                start__lte=OuterRef("day"),
            )
        )
    )
    grants = (
        _her_grants(clinician=clinician, needs_attention=needs_attention)
        .alias(
            # Her open period (at most one: a constraint), joined rather than two subqueries.
            open_period=FilteredRelation(
                "patient__therapy_periods", condition=Q(patient__therapy_periods__end=None)
            )
        )
        .annotate(
            shown_name=Coalesce(
                NullIf("patient__patient_profile__care_name", Value("")),
                "patient__email",
                output_field=CharField(),
            ),
            time_zone=F("patient__patient_profile__time_zone"),
            last_entry=Subquery(entries.order_by("-day").values("day")[:1]),
            therapy_start=Subquery(periods.order_by("start").values("start")[:1]),
            drug=F("open_period__drug"),
            period_kind=F("open_period__kind"),
            tablet_answered=_count(answered),
            tablet_taken=_count(answered.filter(tablet_taken=True)),
            sort_name=Lower("shown_name"),
            attention=Subquery(
                Alert.objects.filter(patient=OuterRef("patient"), seen_at=None)
                .order_by("priority")
                .values("priority")[:1]
            ),
        )
    )
    return grants.order_by(*SORTS.get(sort, SORTS["name"]))


def _has_alerts():
    return Exists(Alert.objects.filter(patient=OuterRef("patient"), seen_at=None))


def _her_grants(*, clinician, needs_attention):
    grants = Grant.objects.live().filter(clinician=clinician)
    return grants.filter(_has_alerts()) if needs_attention else grants


class ListPaginator(Paginator):
    """Pages of `grants_for`, counted on her grants alone: Django's count of the annotated
    rows keeps their joins to every patient's account and profile (4 ms of the page's 7 ms
    in the database at 500 patients, bench/care_list.py)."""

    def __init__(self, grants, *, clinician, needs_attention):
        super().__init__(grants, PAGE_SIZE)
        self._counted = _her_grants(clinician=clinician, needs_attention=needs_attention)

    @cached_property
    def _totals(self):
        return self._counted.aggregate(count=Count("*"), soonest_end=Min("expires_at"))

    @property
    def count(self):
        return self._totals["count"]

    @property
    def soonest_end(self):
        """When the first of the listed grants ends (None if none has an end): the page
        shows her patients until then at most (`care.list_cache`)."""
        return self._totals["soonest_end"]


def rows(grants):
    """A page of annotated grants as rows, with each patient's unseen alerts: one query."""
    grants = list(grants)
    alerts = unseen_alerts_by_patient(patient_ids=[grant.patient_id for grant in grants])
    now = timezone.now()
    for grant in grants:
        zone = zoneinfo.ZoneInfo(grant.time_zone or DEFAULT_ZONE)
        grant.patient_today = timezone.localtime(now, zone).date()
    return [Row(grant, alerts.get(grant.patient_id, [])) for grant in grants]
