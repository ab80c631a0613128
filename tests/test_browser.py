"""The website in Debian's Chromium: axe finds no WCAG 2.2 A/AA violation, keyboard use with
visible focus, target sizes, 320 px without horizontal scrolling, and real playback that the
highlighted sentence follows."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from web_support import WCAG

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
PAGES = ["/{lang}/", f"/{{lang}}/{SLUG}/", "/{lang}/no-such-article/"]


@pytest.fixture
def open_page(browser, live_server):
    """Open pages of the live site; at the end, check that none asked another host."""
    contexts, elsewhere = [], []

    def open_page(path: str, *, prefs=(), width=1280, javascript=True):
        context = browser.new_context(base_url=live_server.url, java_script_enabled=javascript,
                                      viewport={"width": width, "height": 800})
        contexts.append(context)
        for name in prefs:
            context.add_init_script(f"localStorage.setItem('pref:{name}', '1')")
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
@pytest.mark.parametrize("path", PAGES, ids=["index", "article", "404"])
def test_axe_finds_no_wcag_violation(open_page, path, lang, prefs):
    page = open_page(path.format(lang=lang), prefs=prefs)
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
  return {tag: e.tagName, act: e.dataset.act || null, cls: e.className,
          player: e.closest('[data-player]') ? e.closest('[data-player]').querySelector('audio').id
                                              : null,
          visible: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2};
}"""


def tab_to(page, wanted, limit=60):
    """Press Tab until `wanted(focus)`; every element on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus["tag"] != "AUDIO":  # native controls draw their own focus ring
            assert focus["visible"], focus
        if wanted(focus):
            return focus
    raise AssertionError("not reached with the keyboard")


def audio_state(page, audio_id):
    return page.evaluate(f"""() => {{ const a = document.getElementById('{audio_id}');
        return {{paused: a.paused, time: a.currentTime, rate: a.playbackRate}}; }}""")


def test_keyboard_reaches_the_player_plays_pauses_changes_speed_and_jumps(open_page):
    page = open_page(f"/en/{SLUG}/")
    tab_to(page, lambda f: f["act"] == "play" and f["player"] == "a-whole")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('a-whole').paused")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('a-whole').paused")
    tab_to(page, lambda f: f["act"] == "speed")
    page.keyboard.press("ArrowDown")
    assert audio_state(page, "a-whole")["rate"] == 1.25
    page.keyboard.press("Shift+Tab")  # back to "Forward 10 s": shortcuts work in the player
    page.keyboard.press("s")  # slower
    assert audio_state(page, "a-whole")["rate"] == 1
    target = tab_to(page, lambda f: "s" in f["cls"].split() and f["player"] is None
                    and page.evaluate("document.activeElement.dataset.t") > "3")
    start = float(page.evaluate("document.activeElement.dataset.t"))
    cue = page.evaluate("document.activeElement.dataset.cue")
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('a-intro').paused")
    assert audio_state(page, "a-intro")["time"] >= start - 0.05
    page.wait_for_selector(f'.s.now[data-cue="{cue}"]')
    page.keyboard.press("k")  # shortcut: pause, focus still on the sentence
    page.wait_for_function("() => document.getElementById('a-intro').paused")
    assert target["tag"] == "SPAN"


def test_playback_loads_plays_seeks_and_the_highlight_follows(open_page):
    page = open_page(f"/en/{SLUG}/")
    page.locator("#a-whole").locator("xpath=..").get_by_role("button", name="Play").click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.3")
    duration = page.evaluate("document.getElementById('a-whole').duration")
    assert duration > 200  # the whole article loaded
    sentence = page.locator('.s[data-cue="the-cycle-of-tolerance-and-dependence-1.2"]')
    sentence.click()  # while the whole article plays, it seeks the whole article
    at = float(sentence.get_attribute("data-at"))
    page.wait_for_function(f"() => document.getElementById('a-whole').currentTime >= {at}")
    page.wait_for_selector('.s.now[data-cue="the-cycle-of-tolerance-and-dependence-1.2"]')
    page.evaluate("document.getElementById('a-whole').playbackRate = 2")
    page.wait_for_selector('.s.now[data-cue="the-cycle-of-tolerance-and-dependence-1.3"]',
                           timeout=20_000)
    state = audio_state(page, "a-whole")
    assert not state["paused"] and state["time"] > at
    assert page.locator(".s.now").count() == 1


def test_position_speed_and_display_are_remembered(open_page):
    page = open_page(f"/en/{SLUG}/")
    page.locator('.s[data-cue="intro-2.1"]').click()
    page.wait_for_function("() => document.getElementById('a-intro').currentTime > 27")
    page.locator("#a-intro").locator("xpath=..").get_by_role("button", name="Pause").click()
    page.locator("#a-intro").locator("xpath=..").get_by_label("Speed").select_option("1.5")
    page.get_by_role("button", name="High contrast").click()
    page.reload()
    assert page.evaluate("document.documentElement.classList.contains('contrast')")
    assert page.get_by_role("button", name="High contrast").get_attribute("aria-pressed") == "true"
    assert audio_state(page, "a-whole")["rate"] == 1.5
    page.locator("#a-intro").locator("xpath=..").get_by_role("button", name="Play").click()
    page.wait_for_function("() => document.getElementById('a-intro').currentTime > 27")


@pytest.mark.parametrize("width", [320, 1280])
def test_controls_are_at_least_24_px(open_page, width):
    page = open_page(f"/es/{SLUG}/", width=width)
    controls = page.locator("button:visible, select:visible, summary, .langs a, audio")
    assert controls.count() > 20
    for index in range(controls.count()):
        box = controls.nth(index).bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, controls.nth(index).inner_html()


@pytest.mark.parametrize("prefs", [(), ("large",)], ids=["normal", "large"])
@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("path", PAGES, ids=["index", "article", "404"])
def test_no_horizontal_scrolling_at_320_px(open_page, path, lang, prefs):
    page = open_page(path.format(lang=lang), prefs=prefs, width=320)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_without_javascript_native_controls_and_transcript_work(open_page):
    page = open_page(f"/es/{SLUG}/", javascript=False)
    assert page.locator("audio[controls]").count() == 6
    assert page.locator(".controls").first.is_hidden()
    assert page.locator(".prefs").is_hidden()
    assert page.locator(".transcript p").first.is_visible()
    assert page.locator('.s[tabindex]').count() == 0
