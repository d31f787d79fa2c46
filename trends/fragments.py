"""The Trends section (her charts for a range, the before-and-after, the self-care
comparison), rendered once and kept until something it shows changes.

Its key holds her diary's version, renewed by every write to her days, therapy, appointments
and profile (`tracker.receivers`) and to what she said of a tip (`knowledge.receivers`); the
shipped articles' version (a tip's title and link); her date, on which every range ends; the
range asked for; and who reads it (her own words, or her care team's). Nothing in it depends
on the request beyond those: no form, no CSRF token, no CSP nonce (the scripts that draw it
are included by the page).

Measured by bench/dashboard.py: a kept section makes the Trends page cost little more than
the bare view; made afresh, it costs its queries and the render of the charts.
"""

from django.template.loader import render_to_string

from tracker import selectors, versions
from trends import charts

KEEP_SECONDS = 24 * 60 * 60  # a key holds her date: yesterday's sections just age out


def charts_section(request, *, patient, today, range_key, for_care_team=False):
    """The section's HTML for `patient` on her date `today`, for the range key asked for."""
    if range_key not in charts.RANGE_KEYS:
        range_key = charts.DEFAULT_RANGE
    reader = "care" if for_care_team else "own"

    def make():
        dashboard = charts.dashboard(
            patient=patient,
            today=today,
            timeline=selectors.therapy_timeline(patient=patient),
            appointments=selectors.appointments(patient=patient),
            range_key=range_key,
        )
        context = {"dashboard": dashboard, "patient": patient, "for_care_team": for_care_team}
        return render_to_string("trends/charts.html", context, request)

    return versions.kept(
        f"trends:{patient.pk}:{today.isoformat()}:{range_key}:{reader}",
        [(versions.DIARY, patient.pk), (versions.CONTENT, versions.SHIPPED)],
        make,
        timeout=KEEP_SECONDS,
    )
