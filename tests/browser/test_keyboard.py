"""The log form by keyboard on a phone: the sticky save bar never hides the focused control."""

import pytest
from playwright.sync_api import expect

from tests.factories import make_patient

# Where the focused control is drawn (a scale's or a chip's label: the input inside is
# transparent) and where the sticky save bar begins, in viewport pixels.
FOCUS_AND_BAR = """() => {
  const focused = document.activeElement;
  const box = (focused.closest("label") || focused).getBoundingClientRect();
  const bar = document.querySelector(".save-bar").getBoundingClientRect();
  return {
    control: focused.id || focused.textContent.trim(),
    top: box.top,
    bottom: box.bottom,
    barTop: bar.top,
    inBar: Boolean(focused.closest(".save-bar")),
  };
}"""


@pytest.mark.browser
def test_save_bar_never_hides_the_focused_control(page, password, no_console_errors):
    patient = make_patient(email="keyboard@example.org")
    page.emulate_media(reduced_motion="reduce")  # focus scrolls at once, not smoothly
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(patient.email)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    page.goto("/diary/log/")
    page.get_by_label("Day", exact=True).focus()
    hidden = []
    for _ in range(200):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_AND_BAR)
        if focus["inBar"]:
            break
        if focus["bottom"] > focus["barTop"] + 1 or focus["top"] < 0:
            hidden.append(focus)
    else:
        pytest.fail("Tabbing through the log form never reached the save button")
    assert not hidden, "focused controls hidden behind the save bar:\n" + "\n".join(
        f"{f['control']}: {f['top']:.0f}-{f['bottom']:.0f} px, bar from {f['barTop']:.0f} px"
        for f in hidden
    )
    expect(page.get_by_role("button", name="Save this day")).to_be_focused()
    no_console_errors(page)
