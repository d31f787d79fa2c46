"""The history page's calendar: logged, partly logged and missed days by month, and a jump to
any day."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from tests.factories import DailyEntryFactory, make_patient
from tracker import calendar
from tracker.selectors import local_today

FULL = {"joint_pain": 2, "cramp_count": 0, "night_sweats": False, "tablet_taken": True}


def previous_month(today):
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


@pytest.fixture
def history_month(db):
    """A patient who started on the 3rd of last month: the 5th and 6th logged, the 8th partly
    (cramps left blank), every other day of the month from the 3rd missed; the 1st and 2nd
    come before her therapy. Another patient logged the 10th."""
    today = date.today()
    first = previous_month(today)
    patient = make_patient(email="cal@example.org", started=first.replace(day=3))
    for n in (5, 6):
        DailyEntryFactory(patient=patient, day=first.replace(day=n), **FULL)
    DailyEntryFactory(patient=patient, day=first.replace(day=8), **FULL | {"cramp_count": None})
    other = make_patient(email="other-cal@example.org")
    DailyEntryFactory(patient=other, day=first.replace(day=10), **FULL)
    return patient, first


def cell_words(html):
    """Each day of the calendar as a screen reader hears it: '5 <Month>: logged'."""
    table = html[html.index('<table class="calendar">') : html.index("</table>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", table, flags=re.S)
    words = [re.sub(r"<[^>]+>|[✓◐✗]", "", cell).strip() for cell in cells]
    return [w for w in words if w]


def test_the_calendar_shows_logged_partly_logged_and_missed_days(client, history_month):
    patient, first = history_month
    client.force_login(patient)
    html = client.get(reverse("tracker:history"), {"month": first.strftime("%Y-%m")}).text
    name = first.strftime("%B")
    words = cell_words(html)
    assert words[:2] == ["1", "2"]  # before her therapy: text, no link
    assert words[2] == f"3 {name}: missed, log it"
    assert words[4] == f"5 {name}: logged"
    assert words[5] == f"6 {name}: logged"
    assert words[7] == f"8 {name}: partly logged"
    assert words[9] == f"10 {name}: missed, log it"  # another patient's day is not hers
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    missed = last.day - 2 - 3
    assert f"{first:%B %Y}: 2 days logged, 1 partly logged, {missed} missed" in html


def test_each_day_opens_its_entry_or_the_log_form(client, history_month):
    patient, first = history_month
    client.force_login(patient)
    html = client.get(reverse("tracker:history"), {"month": first.strftime("%Y-%m")}).text
    entry = patient.entries.get(day=first.replace(day=5))
    assert f'href="{reverse("tracker:entry", args=[entry.pk])}">5<' in html
    missed = first.replace(day=3).isoformat()
    assert f'href="{reverse("tracker:log")}?day={missed}">3<' in html


def test_the_calendar_reads_the_month_in_one_query(
    client, history_month, django_assert_num_queries
):
    patient, first = history_month
    today = date.today()
    start = first.replace(day=3)
    with django_assert_num_queries(1):
        month = calendar.month(patient=patient, first=first, today=today, start=start)
    assert month.previous is None  # the month she started
    assert month.next == today.replace(day=1)


@pytest.mark.parametrize("value", ["", "2026", "2026-13", "abc-de", "0-1", "99999-01", "-1-2"])
def test_a_bad_month_shows_this_month(patient_client, patient, value):
    today = local_today(patient.patient_profile)
    response = patient_client.get(reverse("tracker:history"), {"month": value})
    assert response.status_code == 200
    assert f"<caption>{today:%B %Y}:" in response.text


def test_months_outside_her_diary_are_kept_within_it(patient_client, patient):
    today = local_today(patient.patient_profile)
    later = patient_client.get(reverse("tracker:history"), {"month": "2999-01"}).text
    assert f"<caption>{today:%B %Y}:" in later
    earlier = patient_client.get(reverse("tracker:history"), {"month": "1990-01"}).text
    start = today - timedelta(days=400)  # make_patient's default start
    assert f"<caption>{start:%B %Y}:" in earlier


def test_the_jump_to_a_day_opens_its_entry_or_the_log_form(patient_client, patient):
    today = local_today(patient.patient_profile)
    logged = DailyEntryFactory(patient=patient, day=today - timedelta(days=3), **FULL)
    html = patient_client.get(reverse("tracker:history")).text
    assert f'<form method="get" action="{reverse("tracker:log")}"' in html
    assert '<label class="form-label" for="calendar-day">Open a day</label>' in html
    response = patient_client.get(reverse("tracker:log"), {"day": logged.day.isoformat()})
    assert response.url == reverse("tracker:entry", args=[logged.pk])
    blank = (today - timedelta(days=4)).isoformat()
    response = patient_client.get(reverse("tracker:log"), {"day": blank})
    assert response.status_code == 200
    assert f'value="{blank}"' in response.text
