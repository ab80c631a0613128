"""The website in Debian's Chromium: axe finds no WCAG 2.2 A/AA violation, keyboard use with
visible focus, target sizes, 320 px without horizontal scrolling, and real playback that the
highlighted sentence follows."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from web_support import WCAG

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
PAGES = ["/{lang}/", f"/{{lang}}/{SLUG}/", "/{lang}/no-such-article/", "/{lang}/saved/",
         "/{lang}/offline/", "/{lang}/downloads/"]
PAGE_IDS = ["index", "article", "404", "saved", "offline", "downloads"]


@pytest.fixture
def open_page(browser, live_server):
    """Open pages of the live site; at the end, check that none asked another host."""
    contexts, elsewhere = [], []

    def open_page(path: str, *, prefs=(), width=1280, javascript=True):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript,
                                      viewport={"width": width, "height": 800})
        contexts.append(context)
        for pref in prefs:  # "name" (on) or "name=value"
            name, _, value = pref.partition("=")
            context.add_init_script(f"localStorage.setItem('pref:{name}', '{value or 1}')")
        page = context.new_page()
        page.on("request", lambda r: r.url.startswith(live_server.url) or elsewhere.append(r.url))
        page.goto(path)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not elsewhere


@pytest.mark.parametrize("prefs", [(), ("contrast",), ("dark",), ("contrast", "dark")],
                         ids=["normal", "contrast", "dark", "contrast-dark"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", PAGES, ids=PAGE_IDS)
def test_axe_finds_no_wcag_violation(open_page, path, lang, prefs):
    page = open_page(path.format(lang=lang), prefs=prefs)
    page.get_by_text("Display and reading" if lang == "en" else "Pantalla y lectura").click()
    for name in prefs:
        assert page.evaluate(f"document.documentElement.classList.contains('{name}')")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def test_axe_passes_while_a_sentence_is_highlighted(open_page):
    page = open_page(f"/es/{SLUG}/", prefs=("contrast",))
    page.locator(".s").nth(3).click()
    page.wait_for_selector(".s.now")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


FOCUS = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, act: e.dataset.act || null, cls: e.className, text: e.textContent,
          visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2};
}"""


def tab_to(page, wanted, limit=60):
    """Press Tab until `wanted(focus)`; every element on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        assert focus["visible"], focus
        if wanted(focus):
            return focus
    raise AssertionError("not reached with the keyboard")


def audio_state(page):
    return page.evaluate("""() => { const a = document.getElementById('a-whole');
        return {paused: a.paused, time: a.currentTime, rate: a.playbackRate}; }""")


def test_keyboard_reaches_the_player_plays_pauses_changes_speed_and_jumps(open_page):
    page = open_page(f"/es/{SLUG}/")
    tab_to(page, lambda f: f["act"] == "play")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('a-whole').paused")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('a-whole').paused")
    tab_to(page, lambda f: f["text"].startswith("Velocidad"))
    page.keyboard.press("Enter")  # the speed panel opens
    page.get_by_role("button", name="Más rápido").click()
    assert audio_state(page)["rate"] == 1.25
    # Said politely, in words.
    expect(page.locator("[data-announce]")).to_have_text("1.25× más rápido")
    page.get_by_role("button", name="Más rápido").focus()
    page.keyboard.press("-")  # shortcut, inside the player only
    assert audio_state(page)["rate"] == 1
    before = audio_state(page)["time"]
    page.keyboard.press("ArrowRight")
    assert audio_state(page)["time"] == pytest.approx(before + 10, abs=0.5)
    page.keyboard.press("Escape")  # the panel closes, the focus goes back to its button
    assert page.evaluate(FOCUS)["text"].startswith("Velocidad")
    page.locator("main h1").click()
    page.keyboard.press("-")  # a bare key on the page is the screen reader's, not ours
    assert audio_state(page)["rate"] == 1


def test_playback_loads_plays_seeks_and_the_highlight_follows(open_page):
    page = open_page(f"/en/{SLUG}/")
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.3")
    duration = page.evaluate("document.getElementById('a-whole').duration")
    assert duration > 200  # the whole article loaded
    sentence = page.locator('.s[data-cue="the-cycle-of-tolerance-and-dependence-1.2"]')
    sentence.click()
    at = float(sentence.get_attribute("data-at"))
    page.wait_for_function(f"() => document.getElementById('a-whole').currentTime >= {at}")
    page.wait_for_selector('.s.now[data-cue="the-cycle-of-tolerance-and-dependence-1.2"]')
    page.evaluate("document.getElementById('a-whole').playbackRate = 2")
    page.wait_for_selector('.s.now[data-cue="the-cycle-of-tolerance-and-dependence-1.3"]',
                           timeout=20_000)
    state = audio_state(page)
    assert not state["paused"] and state["time"] > at
    assert page.locator(".s.now").count() == 1


def test_position_speed_and_display_are_remembered(open_page):
    page = open_page(f"/en/{SLUG}/")
    page.locator('.s[data-cue="intro-2.1"]').click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 27")
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Speed").click()
    page.get_by_role("button", name="Faster").click()
    page.get_by_role("button", name="Faster").click()
    page.get_by_text("Display and reading").click()
    page.get_by_role("button", name="High contrast").click()
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('contrast')")
    page.get_by_text("Display and reading").click()
    assert page.get_by_role("button", name="High contrast").get_attribute("aria-pressed") == "true"
    assert audio_state(page)["rate"] == 1.5
    # The Play button offers to go on where the listener stopped.
    page.get_by_role("button", name=re.compile(r"^Continue 0:2\d$")).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 27")


@pytest.mark.parametrize("width", [320, 1280])
def test_controls_are_at_least_24_px(open_page, width):
    page = open_page(f"/es/{SLUG}/", width=width)
    page.get_by_text("Pantalla y lectura").click()
    controls = page.locator("button:visible, select:visible, summary, .langs a")
    assert controls.count() > 15
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, controls.nth(index).inner_html()
    player = page.locator(".player button:visible")
    # Play, parts, 10 s, sentences, speed, chapters, options: 44 px or more.
    assert player.count() == 10
    for index in range(player.count()):
        box = player.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, player.nth(index).inner_html()
        # Each shows an icon and a word.
        assert player.nth(index).locator("svg:visible").count() >= 1
        assert player.nth(index).inner_text().strip()


@pytest.mark.parametrize("prefs", [(), ("size=5", "spacing")], ids=["normal", "largest"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", PAGES, ids=PAGE_IDS)
def test_no_horizontal_scrolling_at_320_px(open_page, path, lang, prefs):
    page = open_page(path.format(lang=lang), prefs=prefs, width=320)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_without_javascript_native_controls_and_transcript_work(open_page):
    page = open_page(f"/es/{SLUG}/", javascript=False)
    assert page.locator("audio[controls]").count() == 1
    assert page.locator("audio[controls]").is_visible()
    assert page.locator(".player .bar").is_hidden()
    assert page.locator(".chapters a").first.is_visible()
    assert page.locator(".prefs").is_hidden()
    assert page.locator(".transcript p").first.is_visible()
    assert page.locator('.s[tabindex]').count() == 0
