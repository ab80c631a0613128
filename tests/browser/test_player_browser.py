"""The article's one player on a 360 px phone in Debian's Chromium: always in view, from any
sentence or heading to the end of the article across sections, parts and sentences stepped by
their own buttons, a seek slider, speeds in quarters, few Tab stops, the spoken word lit in step
with the audio (or nothing lit, if the listener chooses), a word heard alone, the sleep timer,
the lock screen's controls, the browser's data saver, and reading choices applied before the page
is drawn (no layout shift)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from web_support import WCAG

from web.pipeline.manifest import load_manifest

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
PHONE = {"width": 360, "height": 640}
STATE = """() => {
  const a = document.getElementById('a-whole'), lit = document.querySelector('.s.now');
  return {paused: a.paused, time: a.currentTime, lit: lit && lit.dataset.cue,
          section: lit && lit.closest('.section').id}; }"""


@pytest.fixture
def phone(browser, live_server):
    """Open the article on a phone-sized screen, with choices made before it loads."""
    contexts = []

    def phone(path=f"/en/{SLUG}/", prefs=None, server=live_server, save_data=False):
        context = browser.new_context(base_url=server.url, viewport=PHONE,
                                      extra_http_headers={"Save-Data": "on"} if save_data else {})
        contexts.append(context)
        for name, value in (prefs or {}).items():
            context.add_init_script(f"localStorage.setItem('pref:{name}', '{value}')")
        page = context.new_page()
        if save_data:  # the browser's data saver: the header and navigator.connection.saveData
            context.new_cdp_session(page).send("Emulation.setDataSaverOverride",
                                               {"dataSaverEnabled": True})
        page.goto(path)
        return page

    yield phone
    for context in contexts:
        context.close()


def in_view(page, locator):
    box = locator.bounding_box()
    return (box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
            and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"])


def test_the_play_button_is_in_reach_anywhere_and_plays_across_sections(phone):
    page = phone()
    play = page.get_by_role("button", name="Play", exact=True)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert in_view(page, play)
    last = page.locator("footer a").last.bounding_box()  # the end of the page is not under it
    assert last["y"] + last["height"] <= page.locator(".player").bounding_box()["y"]
    box = play.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    for name in ("Previous part", "Next part", "Previous sentence", "Next sentence", "Back 10 s",
                 "Forward 10 s", "Speed"):
        assert in_view(page, page.get_by_role("button", name=name))
        # Play is the largest, and the only one filled with the buttons' colour.
        other = page.get_by_role("button", name=name).bounding_box()
        assert box["width"] * box["height"] > other["width"] * other["height"]
    backgrounds = page.evaluate("""[...document.querySelectorAll('.buttons button')].map(
        (b) => getComputedStyle(b).backgroundColor)""")
    assert backgrounds.count(backgrounds[2]) == 1
    page.get_by_role("button", name="Speed").click()  # a faster speed, still without scrolling
    assert in_view(page, page.get_by_role("button", name="Faster"))
    page.get_by_role("button", name="Faster").click()
    assert page.evaluate("document.getElementById('a-whole').playbackRate") == 1.25
    page.get_by_role("button", name="Speed").click()
    play.click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.3")
    assert in_view(page, page.get_by_role("button", name="Pause", exact=True))
    # The lock screen names what plays.
    assert page.evaluate("navigator.mediaSession.metadata.title") == "How Heroin Affects the Brain"
    # Near the end of the first section, in the whole-article track: it reads on into the next.
    second = page.evaluate("+document.querySelectorAll('.chapters a')[1].dataset.at")
    page.evaluate(f"document.getElementById('a-whole').currentTime = {second - 0.8}")
    section = "document.querySelector('.s.now').closest('.section').id"
    page.wait_for_function(f"() => {section} === 'intro'")
    lit = []
    for _ in range(40):  # a sentence stays lit through the pauses: it never blinks off
        lit.append(page.evaluate(STATE))
        page.wait_for_timeout(40)
    assert all(state["lit"] for state in lit)
    page.wait_for_function(f"() => {section} !== 'intro'", timeout=5_000)
    state = page.evaluate(STATE)
    assert not state["paused"] and state["time"] > second


def test_a_sentence_plays_from_there_and_the_page_has_few_tab_stops(phone):
    page = phone()
    sentence = page.locator('.s[data-cue="the-cycle-of-tolerance-and-dependence-1.2"]')
    at = float(sentence.get_attribute("data-at"))
    sentence.click()
    page.wait_for_function(f"() => document.getElementById('a-whole').currentTime > {at + 0.3}")
    assert page.evaluate(STATE)["lit"] == "the-cycle-of-tolerance-and-dependence-1.2"
    page.get_by_role("button", name="Pause", exact=True).click()
    # The text is one Tab stop, at the sentence being read; the arrow keys move in it, Enter plays.
    page.locator("body").focus()
    stops = 0
    while page.evaluate("document.activeElement.dataset.offlineAct") != "save":
        page.keyboard.press("Tab")
        stops += 1
        assert stops < 40, "Save for offline listening is too many Tab presses away"
    page.keyboard.press("Shift+Tab")
    while "s" not in page.evaluate("document.activeElement.className").split():
        page.keyboard.press("Shift+Tab")
    page.keyboard.press("ArrowDown")
    cue = page.evaluate("document.activeElement.dataset.cue")
    page.keyboard.press("Enter")
    page.wait_for_selector(f'.s.now[data-cue="{cue}"]')
    assert not page.evaluate(STATE)["paused"]


def test_a_learner_can_pause_after_each_sentence(phone):
    page = phone(prefs={"pauses": "1"})
    page.locator('.s[data-cue="intro-1.1"]').click()
    page.wait_for_function("() => document.getElementById('a-whole').paused", timeout=15_000)
    state = page.evaluate(STATE)
    # Stopped at the end of the sentence, ready to go on with the next one.
    assert state["lit"] == "intro-1.2"
    second = float(page.locator('.s[data-cue="intro-1.2"]').get_attribute("data-at"))
    assert state["time"] == pytest.approx(second, abs=0.05)
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function(f"() => document.getElementById('a-whole').currentTime > {second + 0.3}")


BACKGROUNDS_CONTRAST = """() => {
  const luminance = (element) => {
    const rgb = getComputedStyle(element).backgroundColor.match(/\\d+/g).slice(0, 3);
    const [r, g, b] = rgb.map((c) => { c /= 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [a, b] = [luminance(document.querySelector('.w.now')),
                  luminance(document.querySelector('.s.now'))];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }"""


@pytest.mark.parametrize("prefs", [{}, {"contrast": "1"}, {"dark": "1"},
                                   {"contrast": "1", "dark": "1"}],
                         ids=["normal", "contrast", "dark", "contrast-dark"])
def test_axe_passes_with_a_word_lit_and_the_panels_open(phone, worded_server, prefs):
    page = phone(server=worded_server, prefs=prefs)
    page.locator('.s[data-cue="intro-1.2"]').click()
    page.wait_for_selector(".s.now .w.now")
    page.get_by_role("button", name="Pause", exact=True).click()
    # The lit word stands out from its lit sentence as a state must (WCAG 1.4.11, 3:1).
    assert page.evaluate(BACKGROUNDS_CONTRAST) >= 3
    for panel in ("Speed", "Options"):
        page.get_by_role("button", name=panel).click()
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        assert results.violations_count == 0, results.generate_report()


def test_the_word_being_spoken_is_lit_in_step_with_the_audio(phone, worded_server, support):
    page = phone(server=worded_server)
    sentence = page.locator('.s[data-cue="intro-1.2"]')
    sentence.click()
    assert len({s["index"] for s in support.lit_words(page)}) >= 3  # it moved word to word
    assert page.evaluate("getComputedStyle(document.querySelector('.w.now')).backgroundColor") != (
        page.evaluate("getComputedStyle(document.querySelector('.s.now')).backgroundColor"))


LAYOUT_SHIFT = """() => new Promise((done) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { total += entry.value; } }
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => done(total), 1500);
})"""

TEXT_SPACING = """() => {
  const style = getComputedStyle(document.querySelector('.transcript p'));
  const size = parseFloat(style.fontSize);
  return Object.fromEntries(['lineHeight', 'letterSpacing', 'wordSpacing', 'marginBottom'].map(
    (name) => [name, parseFloat(style[name]) / size])); }"""


@pytest.mark.parametrize("prefs", [{}, {"size": "5", "spacing": "1", "font": "1", "contrast": "1",
                                        "focus": "3"}], ids=["default", "all-reading-aids"])
def test_reading_choices_are_applied_before_the_page_is_drawn(phone, prefs):
    page = phone(prefs=prefs)
    assert page.evaluate(LAYOUT_SHIFT) < 0.1
    classes = page.evaluate("document.documentElement.className").split()
    assert all(name in classes for name in ("contrast", "spacing", "font", "size-5", "focus-3")
               if name.split("-")[0] in prefs)
    if prefs:
        assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "36px"
        spacing = page.evaluate(TEXT_SPACING)  # WCAG 1.4.12's, in times the font size
        assert spacing == pytest.approx({"lineHeight": 1.5, "letterSpacing": 0.12,
                                         "wordSpacing": 0.16, "marginBottom": 2})
        assert "Atkinson" in page.evaluate("getComputedStyle(document.body).fontFamily")
        assert page.evaluate("document.fonts.check('1em \"Atkinson Hyperlegible\"')")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        # The player keeps to a quarter of the screen: on a phone no larger than at the usual
        # size (5 % of the width).
        assert page.evaluate("getComputedStyle(document.querySelector('.player')).fontSize") == (
            f"{PHONE['width'] * 0.05:g}px")


BAND = """() => {
  const [above, below] = [...document.querySelectorAll('.shade')].map(
    (shade) => shade.getBoundingClientRect());
  const first = document.querySelector('.s.now').getClientRects()[0];
  return {top: above.bottom, bottom: below.top, first: first.top, last: first.bottom,
          line: parseFloat(getComputedStyle(document.querySelector('main p')).lineHeight)}; }"""


@pytest.mark.parametrize("lines", [1, 3, 5])
def test_line_focus_leaves_lines_clear_from_the_sentence_being_read(phone, lines):
    page = phone(prefs={"focus": str(lines)})
    page.locator('.s[data-cue="intro-2.1"]').click()
    page.wait_for_selector('.s.now[data-cue="intro-2.1"]')
    page.get_by_role("button", name="Pause", exact=True).click()
    page.wait_for_timeout(200)  # scrolled to the sentence
    band = page.evaluate(BAND)
    assert band["bottom"] - band["top"] == pytest.approx(lines * band["line"], abs=1)
    assert band["top"] <= band["first"] and band["last"] <= band["bottom"]

def test_the_data_saver_plays_and_saves_the_smaller_edition_only(phone, live_server,
                                                                built_root):
    track = load_manifest(built_root / "audio" / "manifest.json").article(SLUG).editions[
        "en"].track
    assert track.lite.bytes < track.bytes / 2.5  # what the build published, not a copy
    page = phone(server=live_server, prefs={"saver": "1"})
    heard = []
    page.on("request", lambda r: r.url.endswith(".mp3") and heard.append(r.url))
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.5")
    page.get_by_role("button", name="Pause", exact=True).click()
    page.get_by_role("button", name="Save for offline listening").click()
    page.locator("[data-offline] [data-offline-status]",
                 has_text="Saved on this device (").wait_for()
    saved = {url.removeprefix(live_server.url) for url in heard}
    # the article's one edition of audio: the small one (the glossary's words are saved too)
    assert {url for url in saved if "/glossary/" not in url} == {"/audio/" + track.lite.file}
    page.get_by_role("button", name="Options").click()
    page.get_by_label("Data saver: smaller audio files").uncheck()  # back to the usual edition
    assert page.evaluate("document.getElementById('a-whole').getAttribute('src')").endswith(
        page.evaluate("document.querySelector('a[download][href$=\".mp3\"]')"
                      ".getAttribute('href')"))  # the whole article's, first of the MP3s


def test_the_browsers_data_saver_chooses_the_smaller_edition(phone, built_root):
    track = load_manifest(built_root / "audio" / "manifest.json").article(SLUG).editions[
        "en"].track
    page = phone(save_data=True)
    assert page.evaluate("document.getElementById('a-whole').getAttribute('src')").endswith(
        track.lite.file)
    page.get_by_role("button", name="Options").click()
    assert page.get_by_label("Data saver: smaller audio files").is_checked()


def test_a_heading_plays_from_there_to_the_end(phone):
    page = phone()
    heading = page.locator("section.section").nth(1).locator("h2 .s").first
    at = float(heading.get_attribute("data-at"))
    heading.click()
    page.wait_for_function(f"() => document.getElementById('a-whole').currentTime > {at + 0.3}")
    state = page.evaluate(STATE)
    assert not state["paused"]
    assert state["section"] == page.locator("section.section").nth(1).get_attribute("id")


NOW_BACKGROUNDS = """() => [...document.querySelectorAll('.s.now, .s.now .w.now')].map(
  (element) => getComputedStyle(element).backgroundColor)"""


def test_the_highlight_can_be_turned_off_and_on(phone, worded_server):
    page = phone(server=worded_server, prefs={"highlight": "0"})
    page.locator('.s[data-cue="intro-1.2"]').click()
    page.wait_for_selector(".s.now .w.now")
    assert set(page.evaluate(NOW_BACKGROUNDS)) == {"rgba(0, 0, 0, 0)"}  # nothing lit
    page.get_by_role("button", name="Options").click()
    page.get_by_label("Highlight the sentence and word being read").check()
    assert "rgba(0, 0, 0, 0)" not in page.evaluate(NOW_BACKGROUNDS)


def test_the_sleep_timer_pauses_the_article(phone):
    page = phone()
    page.clock.install()
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.3")
    page.get_by_role("button", name="Options").click()
    page.get_by_label("Sleep timer").select_option("5")
    page.clock.fast_forward("04:50")
    assert not page.evaluate(STATE)["paused"]
    page.clock.fast_forward("00:15")
    page.wait_for_function("() => document.getElementById('a-whole').paused")
    assert page.locator("[data-announce]").text_content() == "The sleep timer paused the article."
    assert page.get_by_label("Sleep timer").input_value() == "0"


# Keeps the handlers the page gives the lock screen, to press them as the phone would.
LOCK_SCREEN = """const session = navigator.mediaSession;
const set = session.setActionHandler.bind(session);
window.lockScreen = {};
session.setActionHandler = (name, handler) => {
  window.lockScreen[name] = handler;
  set(name, handler); };"""


def test_the_lock_screen_plays_skips_a_part_seeks_and_pauses_with_the_cover(phone):
    page = phone()
    page.context.add_init_script(LOCK_SCREEN)
    page.reload()
    artwork = page.evaluate("navigator.mediaSession.metadata.artwork")
    assert [(a["sizes"], a["type"]) for a in artwork] == [("1400x1400", "image/png")]
    assert page.request.get(artwork[0]["src"]).headers["content-type"] == "image/png"
    page.evaluate("lockScreen.play({action: 'play'})")
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.3")
    page.wait_for_function("() => navigator.mediaSession.playbackState === 'playing'")
    page.evaluate("lockScreen.nexttrack({action: 'nexttrack'})")  # the next part, not sentence
    second = float(page.locator(".chapters a").nth(1).get_attribute("data-at"))
    assert page.evaluate(STATE)["time"] == pytest.approx(second, abs=0.3)
    page.evaluate("lockScreen.previoustrack({action: 'previoustrack'})")
    assert page.evaluate(STATE)["time"] < 1
    page.evaluate("lockScreen.seekto({action: 'seekto', seekTime: 30})")
    assert page.evaluate(STATE)["time"] == pytest.approx(30, abs=0.3)
    page.evaluate("lockScreen.pause({action: 'pause'})")
    assert page.evaluate(STATE)["paused"]
    page.wait_for_function("() => navigator.mediaSession.playbackState === 'paused'")


def test_next_part_goes_to_the_next_section_and_next_sentence_one_sentence(phone):
    page = phone()
    starts = [float(a.get_attribute("data-at")) for a in page.locator(".chapters a").all()]
    cues = [float(s.get_attribute("data-at"))
            for s in page.locator(".section .s[data-cue]").all()]
    time = "document.getElementById('a-whole').currentTime"
    page.get_by_role("button", name="Next part").click()
    assert page.evaluate(time) == pytest.approx(starts[1], abs=0.01)
    page.get_by_role("button", name="Next part").click()
    assert page.evaluate(time) == pytest.approx(starts[2], abs=0.01)
    page.get_by_role("button", name="Next sentence").click()
    later = [at for at in cues if at > starts[2] + 0.01]
    assert page.evaluate(time) == pytest.approx(later[0], abs=0.01)
    page.get_by_role("button", name="Previous sentence").click()
    assert page.evaluate(time) == pytest.approx(starts[2], abs=0.01)
    page.get_by_role("button", name="Previous part").click()
    assert page.evaluate(time) == pytest.approx(starts[1], abs=0.01)


def test_the_seek_slider_moves_by_keyboard_and_says_the_time(phone):
    page = phone()
    slider = page.get_by_role("slider", name="Position")
    length = int(slider.get_attribute("max"))
    assert page.locator("[data-length]").text_content() == f"{length // 60}:{length % 60:02d}"
    of_length = f" of {length // 60} minutes {length % 60} seconds"
    assert slider.get_attribute("aria-valuetext") == "0 seconds" + of_length
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")  # 10 s each
    page.keyboard.press("PageUp")  # a minute
    assert page.evaluate("document.getElementById('a-whole').currentTime") == pytest.approx(90)
    said = "1 minute 30 seconds" + of_length
    assert slider.get_attribute("aria-valuetext") == said
    expect(page.locator("[data-announce]")).to_have_text(said)  # politely, once it stops
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 91")
    assert page.evaluate(STATE)["lit"]
    slider.focus()
    page.keyboard.press("End")
    assert page.evaluate("document.getElementById('a-whole').currentTime") == pytest.approx(
        length, abs=1)


def test_the_speed_goes_from_half_to_twice_in_quarters_with_words(phone):
    page = phone()
    page.get_by_role("button", name="Speed").click()
    rate, said = page.locator("#rate"), page.locator("[data-announce]")
    assert (rate.get_attribute("min"), rate.get_attribute("max"), rate.get_attribute("step")) == (
        "0.5", "2", "0.25")
    heard = []
    for _ in range(5):
        page.get_by_role("button", name="Faster").click()
        heard.append(page.evaluate("document.getElementById('a-whole').playbackRate"))
    assert heard == [1.25, 1.5, 1.75, 2, 2]
    assert said.text_content() == "2× faster"
    page.get_by_role("button", name="Normal").click()
    page.get_by_role("button", name="Slower").click()
    assert page.evaluate("document.getElementById('a-whole').playbackRate") == 0.75
    assert said.text_content() == "0.75× slower"
    assert rate.get_attribute("aria-valuetext") == "0.75× slower"
    assert page.locator("output[for=rate]").text_content() == "0.75× slower"
    page.get_by_role("button", name="Normal").click()
    assert page.evaluate("document.getElementById('a-whole').playbackRate") == 1
    assert said.text_content() == "1× normal"


WORD_HEARD = """(word) => new Promise((done) => {
  const a = document.getElementById('a-whole'), times = [];
  const watch = () => { times.push(a.currentTime);
    if (a.paused) { done({times, rate: a.playbackRate}); } else { requestAnimationFrame(watch); } };
  a.addEventListener('playing', () => requestAnimationFrame(watch), {once: true});
  word.click(); })"""


def test_a_word_tapped_in_the_hear_a_word_mode_plays_alone(phone, worded_server):
    page = phone(server=worded_server, prefs={"words": "1"})
    sentence = page.locator('.s[data-cue="intro-1.2"]')
    sentence.hover()  # a pointer over a sentence readies its words
    word = sentence.locator(".w").nth(2)
    start, end = float(word.get_attribute("data-at")), float(word.get_attribute("data-end"))
    heard = word.evaluate(WORD_HEARD)
    # Only that word's span of the track played, then it paused.
    assert start - 0.05 <= min(heard["times"]) and max(heard["times"]) <= end + 0.05
    assert heard["times"][-1] >= end - 0.1
    assert heard["rate"] == 1
    # By keyboard, from the sentence the text's one Tab stop is on: right arrow into its words.
    sentence.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    second = page.locator(":focus")
    assert second.text_content() == sentence.locator(".w").nth(1).text_content()
    start, end = float(second.get_attribute("data-at")), float(second.get_attribute("data-end"))
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('a-whole').paused")
    page.wait_for_function("() => document.getElementById('a-whole').paused")
    assert start <= page.evaluate(STATE)["time"] <= end + 0.05
    page.keyboard.press("Escape")  # back to the sentence
    assert page.evaluate("document.activeElement.dataset.cue") == "intro-1.2"
