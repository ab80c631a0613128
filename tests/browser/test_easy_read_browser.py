"""Switching between an article and its easy read in Debian's Chromium, as a listener on a
phone does: one click, both ways, and the listening goes on in the same section, lit."""

from __future__ import annotations

import pytest
from test_player_browser import STATE, phone  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
EASY = f"{SLUG}-easy-read"
SECTION = "the-cycle-of-tolerance-and-dependence"
WORDS = {"en": ("Easy read", "Full version", "Play"),
         "es": ("Lectura fácil", "Versión completa", "Reproducir")}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_easy_read_goes_on_in_the_section_being_heard_and_back(phone, lang):  # noqa: F811
    easy, full, play = WORDS[lang]
    page = phone(f"/{lang}/{SLUG}/")
    first = page.locator(f"#{SECTION} .s").first
    first.click()  # listening to the third section of the full article
    page.wait_for_function(f"() => ({STATE})().section === '{SECTION}'")
    switch = page.get_by_role("link", name=easy, exact=True)
    assert switch.get_attribute("href").endswith(f"/{lang}/{EASY}/#{SECTION}")
    switch.click()
    page.wait_for_url(f"**/{lang}/{EASY}/#{SECTION}")
    start = float(page.locator(f"#{SECTION} .s").first.get_attribute("data-at"))
    page.get_by_role("button", name=play, exact=True).click()
    page.wait_for_function(f"() => ({STATE})().time > {start + 0.2}")
    state = page.evaluate(STATE)
    assert state["section"] == SECTION and state["lit"].startswith(SECTION)  # lit, there
    assert state["time"] < start + 5
    back = page.get_by_role("link", name=full, exact=True)
    assert back.get_attribute("href").endswith(f"/{lang}/{SLUG}/#{SECTION}")
    back.click()
    page.wait_for_url(f"**/{lang}/{SLUG}/#{SECTION}")
    page.get_by_role("button", name=play, exact=True).click()
    page.wait_for_function(f"() => ({STATE})().section === '{SECTION}'")
