def test_today_page_shows_log_button(patient_client):
    response = patient_client.get("/")
    assert response.status_code == 200
    assert "Log today" in response.text
