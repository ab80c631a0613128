"""The glossary on an article page in Debian's Chromium: the word in the text shows and speaks
its definition, and the article goes on from the same place when the card is closed."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_player_browser import STATE, phone  # noqa: F401  (the fixture)
from web_support import WCAG

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
WORDS = {"en": ("dopamine", "Dopamine is a chemical", "Close"),
         "es": ("dopamina", "La dopamina es una sustancia", "Cerrar")}
CARD = "document.getElementById('term-dopamine')"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_hard_word_explains_itself_without_losing_the_place(phone, lang):  # noqa: F811
    word, definition, close = WORDS[lang]
    page = phone(f"/{lang}/{SLUG}/")
    button = page.locator("button.term[data-term=dopamine]")
    assert button.count() == 1 and button.inner_text().lower() == word  # its first use only
    sentence = button.locator("xpath=ancestor::*[contains(@class, 's')][1]")
    sentence.click(position={"x": 2, "y": 2})  # listening from that sentence
    page.wait_for_function(f"() => ({STATE})().time > 0.5 + +'{sentence.get_attribute('data-at')}'")
    button.click()
    card = page.get_by_role("dialog")
    assert card.is_visible() and definition in card.inner_text()
    page.wait_for_function(f"() => {CARD}.querySelector('audio').currentTime > 0.3")
    state = page.evaluate(STATE)
    assert state["paused"]  # the article waits while the word is explained
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name=close).click()
    assert not card.is_visible()
    assert page.evaluate("document.activeElement.dataset.term") == "dopamine"
    page.wait_for_function(f"() => ({STATE})().time > {state['time'] + 0.3}")
    assert not page.evaluate(STATE)["paused"]  # and goes on from where it was
    assert page.evaluate(f"{CARD}.querySelector('audio').paused")
