

@pytest.mark.browser
def test_a_refused_passkey_is_explained_in_words(page, accessible):
    """The device says no (here: it cannot check who is holding it): the page says so."""
    patient = make_patient(email="careful@example.org")
    log_in(page, patient.email, PASSWORD)
    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    devtools = add_virtual_authenticator(page)
    devtools.send("WebAuthn.setUserVerified", {"authenticatorId": "", "isUserVerified": False})
