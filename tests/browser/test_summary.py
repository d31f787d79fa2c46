"""The demo patient's summary in Chromium: it reads well on a phone, passes axe-core, and
prints on exactly one A4 page, also when every alert fires and every note is long."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from reports.summary import NOTES_SHOWN, notes_shown
from tests.browser.conftest import SCREENSHOTS, log_in
from tracker import measures
from tracker.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PATIENT_EMAIL
from tracker.models import DailyEntry, PatientProfile, TherapyPeriod
from tracker.selectors import local_today

LONG_NOTE = (
    "Knees and hands much worse in the mornings, stiff for an hour; the calf stretches help "
    "the cramps but I woke twice <again> & the hot flashes kept me up. Asked the pharmacist "
    "about magnesium, she said to ask you. "
)


def demo_patient():
    """The demo patient (a year of days, a switch, a break, appointments) with notes on the
    last twelve days, as a patient who writes a lot would have."""
    call_command("seed_demo", stdout=io.StringIO())
    today = local_today(PatientProfile.objects.get(user__email=DEMO_PATIENT_EMAIL))
    for n in range(1, 13):
        DailyEntry.objects.filter(
            patient__email=DEMO_PATIENT_EMAIL, day=today - timedelta(days=n)
        ).update(note=f"Day -{n}. " + LONG_NOTE * (1 + n % 3))
    return today


def pdf_pages(page, name):
    """Print the page as Chromium does to A4, keep the PDF beside the screenshots, count pages."""
    pdf = page.pdf(format="A4", print_background=True)
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / f"{name}.pdf").write_bytes(pdf)
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.browser
def test_demo_summary_reads_well_and_prints_on_one_page(page, accessible, screenshots):
    demo_patient()
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.get_by_role("link", name="Summary for your care team").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summary for your care team")
    expect(page.get_by_text("Since your last appointment on")).to_be_visible()
    expect(page.locator(".summary-table .section-row th")).to_have_text(
        [section.heading for section in measures.SECTIONS[:4]]
    )
    expect(page.get_by_role("heading", name="Tablet")).to_be_visible()
    notes = page.locator(".summary-notes li")
    expect(notes).to_have_count(NOTES_SHOWN)
    expect(page.get_by_text("more in the diary")).to_be_visible()
    expect(notes.first).to_contain_text("<again> &")  # escaped, shown as she wrote it
    # The period's small trend charts, drawn by plotly.js.
    for slug in ("joint-pain", "cramp-count", "hot-flash-score"):
        expect(
            page.locator(f'[data-figure="figure-period-{slug}"] svg.main-svg').first
        ).to_be_attached()
    accessible(page)
    screenshots(page, "summary", redraw=True)

    # As printed: no navigation, no form, no buttons.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation")).to_be_hidden()
    expect(page.locator(".period-form")).to_be_hidden()
    expect(page.get_by_role("button")).to_have_count(0)
    assert pdf_pages(page, "summary") == 1


@pytest.mark.browser
def test_worst_case_summary_still_prints_on_one_page(page, accessible):
    """Every alert of the rule at once, and the longest notes: still one page."""
    today = demo_patient()
    days = DailyEntry.objects.filter(patient__email=DEMO_PATIENT_EMAIL)
    worst = {m.field: m.scale.maximum for m in measures.MEASURES if m.severe_at is not None}
    days.filter(day__range=(today - timedelta(days=13), today - timedelta(days=7))).update(
        **{field: 0 for field in worst},
        hot_flashes_very_severe=0,
        tablet_taken=True,
        missed_reason="",
    )
    days.filter(day__range=(today - timedelta(days=6), today)).update(
        **worst,
        hot_flashes_very_severe=10,
        tablet_taken=False,
        missed_reason="side_effects",
        note="x" * 2000,
    )
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    start = TherapyPeriod.objects.filter(patient__email=DEMO_PATIENT_EMAIL).earliest("start")
    page.goto(f"/summary/?start={start.start.isoformat()}&end={today.isoformat()}")
    # Severe days of each measure, joint pain on most days, hot flashes, adherence under 80%,
    # missed because of side effects.
    expect(page.locator(".summary-alerts li")).to_have_count(len(worst) + 4)
    expect(page.locator(".summary-notes li")).to_have_count(notes_shown(len(worst) + 4))
    accessible(page)
    # So many alerts take the charts' room on paper; the printout says so.
    page.emulate_media(media="print")
    expect(page.locator(".period-charts")).to_be_hidden()
    expect(page.get_by_text("Charts left out of this printout")).to_be_visible()
    assert pdf_pages(page, "summary-worst-case") == 1


@pytest.mark.browser
def test_print_button_opens_the_print_dialog_and_the_handout_names_her(page, accessible):
    """The button calls the browser's print (stubbed here: a headless dialog would block);
    the header names her as she asked, with her date of birth, and never her email."""
    demo_patient()
    PatientProfile.objects.filter(user__email=DEMO_PATIENT_EMAIL).update(
        care_name="Margaret Hughes", date_of_birth="1957-06-02"
    )
    page.add_init_script("window.print = () => { window.printed = (window.printed || 0) + 1; };")
    log_in(page, DEMO_PATIENT_EMAIL, DEMO_PASSWORD)
    page.goto("/summary/")
    expect(page.locator("#summary-heading")).to_contain_text("Margaret Hughes: ")
    expect(page.get_by_text("Born 2 June 1957")).to_be_visible()
    assert DEMO_PATIENT_EMAIL not in page.locator("main").inner_text()
    accessible(page)
    page.get_by_role("button", name="Print or save as PDF").click()
    assert page.evaluate("window.printed") == 1
    page.emulate_media(media="print")
    expect(page.get_by_role("button")).to_have_count(0)
    assert pdf_pages(page, "summary-named") == 1
