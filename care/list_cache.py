"""The clinician's list, rendered once and kept until something on it changes.

A page of the list is kept in Django's cache under her list's version (`tracker.versions`),
which is renewed whenever anything the list shows changes: a day, the therapy or the profile
of one of her patients (`care.receivers`), an alert raised or seen, a grant made, changed or
stopped. The rest changes with time alone: the 4 weeks of adherence end on her date and each
therapy day counts on the patient's, and every midnight on Earth falls on a quarter hour; a
grant ends at its `expires_at`. So a kept page lives until the next quarter hour or the first
end of a grant it lists, whichever comes first.

Measured by bench/care_list.py: a kept page costs about what the bare view does; a page made
afresh costs the seven queries and the render (about 5x the bare view at 500 patients).
"""

from datetime import timedelta

from django.utils import timezone

from care.models import Grant
from tracker import versions

LIST = "care-list"  # a clinician's list of patients: by clinician pk
QUARTER_HOUR = timedelta(minutes=15)


def page_number(value):
    """The page asked for in the query string as a number from 1; 1 for anything else.

    Read once, before anything is kept: the key of a kept page and the page made under it
    must be the same page (`?page=-1` was kept as the first page but made as the last)."""
    if value and value.isdigit() and len(value) < 7 and int(value) >= 1:
        return int(value)
    return 1


def page(*, clinician, needs_attention, sort, page_number, make):
    """Page `page_number` (from `page_number()`) of her list: `make()` renders it as (HTML,
    the first end among its grants), and the HTML is kept under her list's version for its
    shelf life."""
    html, _ = versions.kept(
        f"{LIST}:{clinician.pk}:{int(needs_attention)}:{sort}:{page_number}",
        [(LIST, clinician.pk)],
        make,
        timeout=lambda made: shelf_life(now=timezone.now(), soonest_end=made[1]),
    )
    return html


def shelf_life(*, now, soonest_end):
    """Whole seconds a page made `now` stays true: to the next quarter hour, or to the end
    of the first grant it lists if sooner (0: not worth keeping)."""
    until = _next_quarter_hour(now)
    if soonest_end is not None:
        until = min(until, soonest_end)
    return max(int((until - now).total_seconds()), 0)


def renew_lists(clinician_ids):
    """The next page of these clinicians' lists is made afresh."""
    versions.renew(LIST, clinician_ids)


def renew_lists_of(patient_ids):
    """The next page of the lists of every clinician these patients share with is made afresh."""
    renew_lists(
        Grant.objects.live()
        .filter(patient_id__in=list(patient_ids))
        .values_list("clinician_id", flat=True)
        .distinct()
    )


def _next_quarter_hour(now):
    floor = now.replace(minute=now.minute - now.minute % 15, second=0, microsecond=0)
    return floor + QUARTER_HOUR
