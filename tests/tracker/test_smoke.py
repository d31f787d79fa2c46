from datetime import timedelta

from tests.factories import DailyEntryFactory
from tracker.selectors import local_today


def test_today_page_shows_log_button(patient_client):
    response = patient_client.get("/")
    assert response.status_code == 200
    assert "Log today" in response.text


def test_the_today_cards_show_each_logged_days_pain(patient_client, patient):
    today = local_today(patient.patient_profile)
    DailyEntryFactory(patient=patient, day=today, joint_pain=3)
    DailyEntryFactory(patient=patient, day=today - timedelta(days=1), joint_pain=6)
    html = patient_client.get("/").text
    assert "Logged. Worst joint or muscle pain 3 out of 10." in html
    assert "Logged. Worst joint or muscle pain 6 out of 10." in html
