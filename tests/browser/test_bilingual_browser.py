"""The bilingual page in Debian's Chromium, on a 360 px phone and a 1280 px screen: both
languages block by block, the highlight in the column of the language being heard, one click to
hear the other language from the same block, axe clean, and everything there without
JavaScript."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from web_support import WCAG

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
PATH = f"/es/{SLUG}/with/en/"
SCREENS = {"phone": {"width": 360, "height": 640}, "wide": {"width": 1280, "height": 800}}
BLOCK = "how-heroin-hijacks-the-brains-reward-1"
HEARD = """() => {
  const a = [...document.querySelectorAll('[data-player] audio')].find((x) => !x.paused);
  const lit = [...document.querySelectorAll('.s.now')];
  return {voice: a && a.dataset.voice, time: a && a.currentTime,
          lit: lit.map((s) => [s.closest('[data-voice]').dataset.voice, s.dataset.cue])}; }"""


@pytest.fixture
def open_page(browser, live_server):
    """Open the Spanish and English page on a screen, with or without JavaScript."""
    contexts = []

    def open_page(screen, javascript=True):
        context = browser.new_context(base_url=live_server.url, viewport=SCREENS[screen],
                                      java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        page.goto(PATH)
        return page

    yield open_page
    for context in contexts:
        context.close()


def ids(page, lang: str) -> list[str]:
    return page.eval_on_selector_all(f'.twin[data-voice="{lang}"] [data-block]',
                                     "cells => cells.map((c) => c.dataset.block)")


@pytest.mark.parametrize("screen", SCREENS)
def test_both_languages_block_by_block(open_page, screen):
    page = open_page(screen)
    spanish, english = ids(page, "es"), ids(page, "en")
    assert len(spanish) >= 10 and spanish == english
    assert page.locator(f'.twin[data-voice="en"] [data-block="{BLOCK}"]').get_attribute(
        "lang") is None  # the cell says it is English
    assert page.locator('.twin[data-voice="en"]').first.get_attribute("lang") == "en"
    mine = page.locator(f'.twin[data-voice="es"] [data-block="{BLOCK}"]').bounding_box()
    twin = page.locator(f'.twin[data-voice="en"] [data-block="{BLOCK}"]').bounding_box()
    if screen == "phone":  # stacked: the English right under its Spanish, full width
        assert twin["y"] >= mine["y"] + mine["height"]
        assert abs(twin["x"] - mine["x"]) < 20
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    else:  # two columns: side by side, on the same line
        assert twin["x"] >= mine["x"] + mine["width"]
        assert abs(twin["y"] - mine["y"]) < 2


@pytest.mark.parametrize("screen", SCREENS)
def test_switching_goes_on_in_the_other_language_from_the_same_block(open_page, screen):
    page = open_page(screen)
    page.locator(f'.twin[data-voice="es"] .s[data-cue="{BLOCK}.2"]').click()
    page.wait_for_function(f"() => ({HEARD})().voice === 'es' && ({HEARD})().time > 0")
    page.wait_for_selector(f'.twin[data-voice="es"] .s.now[data-cue="{BLOCK}.2"]')
    assert page.evaluate(HEARD)["lit"] == [["es", f"{BLOCK}.2"]]
    page.get_by_role("button", name="Listen in English").click()
    first = page.locator(f'.twin[data-voice="en"] .s[data-cue="{BLOCK}.1"]')
    at = float(first.get_attribute("data-at"))
    page.wait_for_function(f"() => ({HEARD})().voice === 'en' && ({HEARD})().time > {at + 0.2}")
    state = page.evaluate(HEARD)
    assert state["lit"] == [["en", f"{BLOCK}.1"]]  # only the English sentence, from its start
    assert at <= state["time"] < at + 3
    assert page.evaluate("document.getElementById('a-whole').paused")
    # And back: the switch now offers Spanish, in Spanish.
    page.get_by_role("button", name="Escuchar en español").click()
    page.wait_for_function(f"() => ({HEARD})().voice === 'es'")
    page.wait_for_selector(f'.twin[data-voice="es"] .s.now[data-cue="{BLOCK}.1"]')


@pytest.mark.parametrize("screen", SCREENS)
def test_axe_finds_no_violation_while_english_is_heard(open_page, screen):
    page = open_page(screen)
    page.locator(f'.twin[data-voice="en"] .s[data-cue="{BLOCK}.1"]').click()
    page.wait_for_selector('.twin[data-voice="en"] .s.now')
    page.get_by_role("button", name="Pausar", exact=True).click()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("screen", SCREENS)
def test_without_javascript_both_texts_and_both_players_are_there(open_page, screen):
    page = open_page(screen, javascript=False)
    for lang, title in (("es", "Cómo afecta la heroína al cerebro"),
                        ("en", "How Heroin Affects the Brain")):
        assert page.locator(f'.twin[data-voice="{lang}"]', has_text=title).is_visible()
        assert page.locator(f'.twin[data-voice="{lang}"] [data-block="{BLOCK}"]').is_visible()
        player = page.locator(f'[data-player] audio[data-voice="{lang}"]')
        assert player.is_visible() and player.get_attribute("controls") is not None
    for name in ("English", "Español"):  # each player is named by its language
        assert page.get_by_role("region", name="Escuche el artículo completo").get_by_text(
            name, exact=True).is_visible()


def test_the_word_lit_is_in_the_language_heard(browser, worded_server):
    """The English cues time each word (the player tests' library); the Spanish ones do not."""
    context = browser.new_context(base_url=worded_server.url, viewport=SCREENS["phone"])
    page = context.new_page()
    page.goto(PATH)
    page.locator(f'.twin[data-voice="es"] .s[data-cue="{BLOCK}.1"]').click()
    page.wait_for_selector('.twin[data-voice="es"] .s.now')
    assert page.locator(".w.now").count() == 0  # the Spanish cues time no words
    page.get_by_role("button", name="Listen in English").click()
    page.wait_for_selector(f'.twin[data-voice="en"] .s.now[data-cue="{BLOCK}.1"] .w.now')
    first = page.evaluate("document.querySelector('.w.now').dataset.at")
    page.wait_for_function(f"() => document.querySelector('.w.now').dataset.at !== '{first}'")
    assert page.locator('.twin[data-voice="es"] .now').count() == 0
    context.close()
