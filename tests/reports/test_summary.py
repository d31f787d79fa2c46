"""The summary's numbers on a hand-made fortnight with known answers."""

from datetime import date, timedelta

import pytest

from reports.summary import (
    DEFAULT_DAYS,
    NOTE_CHARS,
    NOTE_WORD_CHARS,
    NOTES_SHOWN,
    ROW_ONLY_WHEN_ANSWERED,
    Change,
    Period,
    default_period,
    notes_shown,
    summary_for,
)
from tests.factories import AppointmentFactory, DailyEntryFactory
from tracker import measures, selectors
from tracker.models import Appointment

START, END = date(2026, 3, 8), date(2026, 3, 14)


def entry(patient, n, **values):
    return DailyEntryFactory(patient=patient, day=date(2026, 3, n), **values)


@pytest.fixture
def fortnight(patient, other_patient):
    # The previous period, 1–7 March: pain 2, 4, 3 (average 3.0); tablet on 2 of 3 days.
    entry(patient, 1, joint_pain=2, tablet_taken=True)
    entry(patient, 3, joint_pain=4, tablet_taken=True, night_sweats=True)
    entry(patient, 5, joint_pain=3, tablet_taken=False, missed_reason="forgot", night_sweats=False)
    # The period, 8–14 March: five days logged, 9 and 11 March not.
    entry(patient, 8, joint_pain=3, tablet_taken=True, night_sweats=True, fatigue=1)
    entry(
        patient,
        10,
        joint_pain=8,
        tablet_taken=False,
        missed_reason="forgot",
        night_sweats=False,
        fatigue=3,
        note="Knees <b>bad</b> today",
    )
    entry(patient, 12, joint_pain=8, tablet_taken=False, missed_reason="forgot", night_sweats=True)
    entry(patient, 13, joint_pain=5, tablet_taken=True, note="Better after a walk")
    entry(
        patient,
        14,
        joint_pain=6,
        tablet_taken=False,
        missed_reason="side_effects",
        cramp_count=2,
        cramp_severity=2,
    )
    # Someone else's terrible week never counts.
    for n in range(1, 15):
        entry(other_patient, n, joint_pain=10, fatigue=4, tablet_taken=False, note="Not hers")
    return summary_for(patient, START, END)


def line(summary, code):
    return next(
        line for _, lines in summary.sections for line in lines if line.measure.code == code
    )


def test_the_previous_period_has_the_same_length_and_ends_the_day_before():
    assert Period(START, END).previous() == Period(date(2026, 3, 1), date(2026, 3, 7))
    assert Period(END, END).previous() == Period(date(2026, 3, 13), date(2026, 3, 13))


def test_joint_pain_average_worst_day_severe_days_and_change(fortnight):
    pain = line(fortnight, "joint_pain")
    assert pain.answered == 5
    assert pain.days_in_period == 7
    assert pain.average == 6.0  # (3 + 8 + 8 + 5 + 6) / 5: the two days not logged are no zeros
    assert (pain.worst, pain.worst_day) == (8, date(2026, 3, 12))  # the latest of two eights
    assert pain.worst_words == "8 (severe)"
    assert pain.severe_days == 2
    assert (pain.change.before, pain.change.after) == (3.0, 6.0)
    assert pain.change.words == "up 3.0 from 3.0"
    assert (pain.change.arrow, pain.change.verdict) == ("↑", "worse")


def test_days_logged_count_only_her_days(fortnight):
    assert fortnight.days_logged == 5
    assert fortnight.period.days == 7


def test_a_severity_measure_with_nothing_to_compare(fortnight):
    fatigue = line(fortnight, "fatigue")
    assert (fatigue.answered, fatigue.average, fatigue.severe_days) == (2, 2.0, 1)
    assert (fatigue.worst_words, fatigue.worst_day) == ("Severe", date(2026, 3, 10))
    assert fatigue.change is None  # not answered in the previous period


def test_a_count_measure_reads_in_its_unit(fortnight):
    cramps = line(fortnight, "cramp_count")
    assert (cramps.answered, cramps.average, cramps.worst_words) == (1, 2.0, "2 cramps")
    assert cramps.severe_days is None  # counts have no "severe"


def test_yes_no_measures_read_as_days_and_compare_shares(fortnight):
    sweats = line(fortnight, "night_sweats")
    assert (sweats.yes_days, sweats.answered) == (2, 3)
    assert sweats.change.words == "up from 50% to 67%"
    assert sweats.change.verdict == "worse"


def test_adherence_in_percent_of_days_answered_with_her_reasons(fortnight):
    adherence = fortnight.adherence
    assert (adherence.taken, adherence.answered, adherence.missed) == (2, 5, 3)
    assert adherence.percent == 40
    assert adherence.reasons == "“I forgot” on 2 days, “Because of side effects” on 1 day"
    assert adherence.change.words == "down from 67% to 40%"
    assert (adherence.change.arrow, adherence.change.verdict) == ("↓", "worse")


def test_sections_follow_the_catalogue_and_leave_the_tablet_to_adherence(fortnight):
    codes = [section.code for section, _ in fortnight.sections]
    assert codes == ["pain", "cramps", "hot_flashes", "other"]
    shown = [line.measure for _, lines in fortnight.sections for line in lines]
    # The two answers most days never have get a row only when answered (none here).
    assert shown == [
        m
        for m in measures.MEASURES
        if m is not measures.TABLET_TAKEN and m.code not in ROW_ONLY_WHEN_ANSWERED
    ]


def test_alerts_are_for_the_last_seven_days_of_the_period(fortnight):
    assert fortnight.alert_week == Period(START, END)
    assert [alert.key for alert in fortnight.alerts] == [
        "missed_side_effects:tablet_taken",
        "severe:joint_pain",
        "pain_most_days:joint_pain",
    ]
    assert fortnight.alerts[1].reason == (
        "Joint or muscle pain was 8 (severe) on 12 March, and severe or worse on 2 days this week."
    )


def test_a_period_of_two_weeks_alerts_on_its_last_week(fortnight, patient):
    two_weeks = summary_for(patient, date(2026, 3, 1), END)
    assert two_weeks.alert_week == Period(START, END)
    # Its first week's days are read (no reason here needs them): the same reasons.
    assert [alert.key for alert in two_weeks.alerts] == [alert.key for alert in fortnight.alerts]


def test_a_period_shorter_than_a_week_reads_no_alert_from_before_it(fortnight, patient):
    one_day = summary_for(patient, END, END)
    assert one_day.alert_week == Period(END, END)
    # 12 March's severe pain and the missed tablets before are outside; 14 March's own is in.
    assert [alert.key for alert in one_day.alerts] == ["missed_side_effects:tablet_taken"]


def test_her_notes_newest_first(fortnight):
    assert [(note.day.day, note.text) for note in fortnight.notes] == [
        (13, "Better after a walk"),
        (10, "Knees <b>bad</b> today"),  # escaped by the template, see test_summary_page
    ]
    assert fortnight.more_notes == 0


def test_notes_are_capped_and_cut_short(patient):
    for n in range(1, NOTES_SHOWN + 4):
        entry(patient, n, note=f"Day {n}: " + "long story " * 40)
    summary = summary_for(patient, date(2026, 3, 1), date(2026, 3, 31))
    assert [note.day.day for note in summary.notes] == list(range(NOTES_SHOWN + 3, 3, -1))
    assert summary.more_notes == 3
    assert all(len(note.text) <= NOTE_CHARS for note in summary.notes)
    assert summary.notes[0].text.endswith("…")


def test_a_note_is_one_paragraph_and_no_run_of_characters_is_longer_than_a_word(patient):
    entry(patient, 1, note="First line\n\n\nsecond line " + "x" * 500 + " end")
    (note,) = summary_for(patient, date(2026, 3, 1), date(2026, 3, 1)).notes
    assert note.text == "First line second line " + "x" * NOTE_WORD_CHARS + "… end"


def test_many_alerts_leave_room_for_fewer_notes():
    assert [notes_shown(n) for n in (0, 4, 6, 8, 10, 12, 14, 30)] == [6, 6, 5, 4, 3, 2, 1, 1]


def test_an_empty_period_has_no_numbers_and_no_alerts(patient):
    summary = summary_for(patient, START, END)
    assert summary.days_logged == 0
    assert summary.alerts == []
    assert summary.notes == []
    assert summary.adherence.percent is None
    assert line(summary, "joint_pain").change is None


@pytest.mark.parametrize(
    ("before", "after", "words", "arrow", "verdict"),
    [
        (3.1, 4.5, "up 1.4 from 3.1", "↑", "worse"),
        (4.5, 3.1, "down 1.4 from 4.5", "↓", "better"),
        (2.0, 2.04, "same as before (2.0)", "→", "same"),
        (0.0, 0.06, "up 0.1 from 0.0", "↑", "worse"),
    ],
)
def test_change_in_words(before, after, words, arrow, verdict):
    change = Change(before, after)
    assert (change.words, change.arrow, change.verdict) == (words, arrow, verdict)


def test_more_tablets_taken_is_better():
    change = Change(80.0, 95.0, percent=True, higher_is_better=True)
    assert (change.words, change.arrow, change.verdict) == ("up from 80% to 95%", "↑", "better")


TODAY = date(2026, 11, 23)
STARTED = date(2025, 1, 1)


def test_default_is_the_last_four_weeks_without_an_appointment():
    period = default_period(appointments=[], today=TODAY, therapy_start=STARTED)
    assert period == Period(TODAY - timedelta(days=DEFAULT_DAYS - 1), TODAY)
    assert period.days == 28


def test_default_is_since_her_last_appointment_before_today(patient, other_patient):
    AppointmentFactory(patient=patient, date=date(2026, 9, 1))
    AppointmentFactory(patient=patient, date=date(2026, 10, 2))
    AppointmentFactory(patient=patient, date=TODAY)  # today's does not count yet
    AppointmentFactory(patient=patient, date=date(2026, 12, 1))
    AppointmentFactory(patient=other_patient, date=date(2026, 11, 20))
    appointments = selectors.appointments(patient=patient)
    period = default_period(appointments=appointments, today=TODAY, therapy_start=STARTED)
    assert (period.start, period.end) == (date(2026, 10, 2), TODAY)
    assert period.since_appointment == date(2026, 10, 2)


def test_default_never_starts_before_her_therapy():
    started = TODAY - timedelta(days=5)
    period = default_period(appointments=[], today=TODAY, therapy_start=started)
    assert period == Period(started, TODAY)
    assert period.words == "Since your therapy started on 18 November 2026."


@pytest.mark.parametrize(
    ("appointment", "started", "expected", "words"),
    [
        (None, STARTED, (date(2026, 10, 27), TODAY), "The last 4 weeks."),
        (date(2026, 10, 2), STARTED, (date(2026, 10, 2), TODAY),
         "Since your last appointment on 2 October 2026."),
        # An appointment from before her therapy: the summary starts with the therapy.
        (date(2020, 5, 1), date(2026, 9, 1), (date(2026, 9, 1), TODAY),
         "Since your therapy started on 1 September 2026."),
        # One from years ago: the longest period a summary covers.
        (date(2020, 5, 1), date(2019, 1, 1), (date(2024, 11, 23), TODAY),
         "The last 2 years, the longest one summary covers."),
    ],
)  # fmt: skip
def test_the_default_period_says_what_it_is(appointment, started, expected, words):
    appointments = [Appointment(date=appointment)] if appointment else []
    period = default_period(appointments=appointments, today=TODAY, therapy_start=started)
    assert ((period.start, period.end), period.words) == (expected, words)


def test_summary_reads_a_constant_number_of_queries(patient, django_assert_num_queries):
    entry(patient, 10, joint_pain=3, note="x")
    # measure_stats, worst days with reasons and note count, notes, the alert fortnight, timeline
    with django_assert_num_queries(5):
        summary_for(patient, START, END)
    with django_assert_num_queries(4):
        summary_for(patient, START, END, timeline=[])
