"""Listening at every size in Debian's Chromium, as a low-vision listener would: on a 360 px phone,
a 1280 px screen and at 400 % zoom (a 320×180 CSS px screen), at each of the five text sizes,
the word being spoken stays on screen above the player and in line focus's clear band while the
article plays; no page and no open panel is wider than the screen; the player keeps to a
quarter of the screen's height and its panels scroll inside themselves; words are hyphenated by
their language; and axe finds nothing with every reading aid on."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from web_support import WCAG

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
SCREENS = {"phone": {"width": 360, "height": 640}, "desktop": {"width": 1280, "height": 720},
           "zoom-400": {"width": 320, "height": 180}}
SIZES = ("1", "2", "3", "4", "5")
SENTENCE = "the-cycle-of-tolerance-and-dependence-1.1"

# The text size chosen in the display panel, as a listener chooses it.
CHOOSE_SIZE = """(size) => { const select = document.getElementById('pref-size');
  select.value = size; select.dispatchEvent(new Event('change')); }"""

# A sentence's first line put just above the player, then played from there: its next lines
# start under the player, so the page must scroll to keep up.
PLAY_NEAR_THE_PLAYER = """(cue) => {
  const sentence = document.querySelector(`.s[data-cue="${cue}"]`);
  const line = sentence.getClientRects()[0], edge = document.getElementById('player')
    .getBoundingClientRect().top;
  scrollBy(0, line.bottom - edge + 2);
  const start = scrollY;
  sentence.click();
  return start; }"""

# Each animation frame for `ms`: the lit word's box, the player's top and the clear band; and
# how often the page moved with no new word lit (a smooth scroll gliding on).
SAMPLE_THE_LIT_WORD = """(ms) => new Promise((done) => {
  const wrong = [], words = new Set(), end = performance.now() + ms;
  let samples = 0, glides = 0, last = null, lastY = scrollY;
  const look = () => {
    const word = document.querySelector('.s.now .w.now');
    if (scrollY !== lastY && word === last) { glides += 1; }
    [last, lastY] = [word, scrollY];
    if (word) {
      samples += 1;
      words.add(word.dataset.at);
      const box = word.getClientRects()[0];
      const top = document.getElementById('player').getBoundingClientRect().top;
      const [above, below] = [...document.querySelectorAll('.shade')].map(
        (shade) => shade.getBoundingClientRect());
      if (box.top < 0 || box.bottom > top + 0.5 || box.left < 0 || box.right > innerWidth + 0.5
          || box.top < above.bottom - 1 || box.bottom > below.top + 1) {
        wrong.push({word: word.textContent, top: box.top, bottom: box.bottom, player: top,
                    band: [above.bottom, below.top]});
      }
    }
    if (performance.now() < end) { requestAnimationFrame(look); }
    else { done({samples, words: words.size, wrong, glides, scrolled: scrollY}); }
  };
  requestAnimationFrame(look);
})"""


@pytest.fixture
def screen(browser):
    """Open a page on a screen of the given size, with choices made before it loads."""
    contexts = []

    def screen(server, path, size, prefs=None, **options):
        context = browser.new_context(base_url=server.url, viewport=size, **options)
        contexts.append(context)
        for name, value in (prefs or {}).items():
            context.add_init_script(f"localStorage.setItem('{name}', '{value}')")
        page = context.new_page()
        page.goto(path)
        return page

    yield screen
    for context in contexts:
        context.close()


@pytest.mark.parametrize("name", SCREENS)
def test_the_spoken_word_stays_on_screen_above_the_player_and_in_line_focus(screen, worded_server,
                                                                           name):
    # Twice the speed, to read through more lines in each sample; line focus on one line.
    # At 400 % zoom the browser asks for less motion: the page jumps to the line, not glides.
    page = screen(worded_server, f"/en/{SLUG}/", SCREENS[name],
                  prefs={"pref:focus": "1", "rate": "2"},
                  reduced_motion="reduce" if name == "zoom-400" else "no-preference")
    pause = page.get_by_role("button", name="Pause", exact=True)
    for size in SIZES:
        page.evaluate(CHOOSE_SIZE, size)
        height = page.evaluate("document.getElementById('player').getBoundingClientRect().height")
        assert height <= SCREENS[name]["height"] / 4 + 0.5, (size, height)
        start = page.evaluate(PLAY_NEAR_THE_PLAYER, SENTENCE)
        seen = page.evaluate(SAMPLE_THE_LIT_WORD, 2000)
        assert seen["samples"] >= 30 and seen["words"] >= 5, (size, seen)
        assert not seen["wrong"], (size, seen["wrong"][:3])
        assert seen["scrolled"] > start, size  # it kept up by scrolling, line by line
        assert (seen["glides"] == 0) == (name == "zoom-400"), (size, seen["glides"])
        pause.click()


PAGES = ("/es/", f"/es/{SLUG}/", "/es/search/?q=cerebro", "/es/glossary/", f"/es/{SLUG}/with/en/",
         "/es/offline/", "/es/saved/", "/es/no-such-page/", "/es/topics/opioids/",
         f"/en/{SLUG}-easy-read/")

# At each text size: the page, the display panel and each of the player's panels open; the
# player's height and its buttons' labels; what an open panel does with what does not fit.
MEASURE_AT_EVERY_SIZE = """(sizes) => {
  const wrong = [], select = document.getElementById('pref-size');
  const prefs = document.querySelector('details.prefs'), player = document.getElementById('player');
  const wide = (what) => {
    if (document.scrollingElement.scrollWidth > innerWidth) {
      wrong.push(`${what}: ${document.scrollingElement.scrollWidth} px wide`); } };
  const scrolls = (what, box, most) => {
    const height = box.getBoundingClientRect().height;
    if (height > most + 1 || getComputedStyle(box).overflowY !== 'auto'
        || box.scrollWidth > box.clientWidth) {
      wrong.push(`${what}: ${height} px high, ${box.scrollWidth} px wide in ${box.clientWidth}`);
    } };
  for (const size of sizes) {
    select.value = size;
    select.dispatchEvent(new Event('change'));
    wide(`size ${size}`);
    prefs.open = true;
    wide(`size ${size}, display panel`);
    scrolls(`size ${size}, display panel`, prefs.querySelector('.pref-list'), innerHeight / 2);
    prefs.open = false;
    if (!player) { continue; }
    const height = player.getBoundingClientRect().height;
    if (height > innerHeight / 4 + 0.5) { wrong.push(`size ${size}: player ${height} px high`); }
    for (const button of player.querySelectorAll('.buttons button')) {
      const tile = button.getBoundingClientRect(), range = document.createRange();
      range.selectNodeContents(button.querySelector('span'));
      for (const line of range.getClientRects()) {
        if (line.right > 0 && (line.left < tile.left - 0.5 || line.right > tile.right + 0.5)) {
          wrong.push(`size ${size}: "${button.textContent}" out of its button`); } } }
    for (const button of player.querySelectorAll('[data-act=panel]')) {
      const panel = document.getElementById(button.getAttribute('aria-controls'));
      button.click();
      wide(`size ${size}, ${panel.id}`);
      scrolls(`size ${size}, ${panel.id}`, panel, innerHeight / 2);
      if (player.getBoundingClientRect().top < 0) { wrong.push(`size ${size}: ${panel.id} cut`); }
      if (panel.id === 'options-panel' && innerHeight < 200
          && panel.scrollHeight <= panel.clientHeight) {
        wrong.push(`size ${size}: the options panel does not scroll`); }
      button.click();
    }
  }
  return wrong; }"""


@pytest.mark.parametrize("name", ["phone", "zoom-400"])
def test_no_page_or_panel_is_wider_than_the_screen_at_any_size(screen, live_server, name):
    page = screen(live_server, PAGES[0], SCREENS[name])
    for path in PAGES:
        page.goto(path, wait_until="networkidle")  # search results, the front page's rows
        assert page.evaluate(MEASURE_AT_EVERY_SIZE, SIZES) == [], path


LONG_WORD = """() => {
  const walker = document.createTreeWalker(document.getElementById('main'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const at = walker.currentNode.data.indexOf('neurotransmisores');
    if (at < 0) { continue; }
    const element = walker.currentNode.parentElement, style = getComputedStyle(element);
    const range = document.createRange();
    range.setStart(walker.currentNode, at);
    range.setEnd(walker.currentNode, at + 'neurotransmisores'.length);
    return {lang: element.closest('[lang]').lang, hyphens: style.hyphens, wrap: style.overflowWrap,
            right: Math.max(...[...range.getClientRects()].map((box) => box.right))};
  } }"""


def test_a_long_spanish_word_is_hyphenated_as_spanish_and_never_wider_than_the_screen(
        screen, live_server):
    page = screen(live_server, f"/es/{SLUG}/", SCREENS["zoom-400"], prefs={"pref:size": "5"})
    word = page.evaluate(LONG_WORD)
    # Hyphens where Spanish puts them ("neu-ro-trans-mi-so-res", from the browser's Spanish
    # rules); a word still too long for the line breaks rather than run off the screen.
    assert word["lang"] == "es" and word["hyphens"] == "auto"
    assert word["wrap"] in ("anywhere", "break-word")
    assert word["right"] <= SCREENS["zoom-400"]["width"]


@pytest.mark.parametrize("prefs", [{}, {"pref:contrast": "1", "pref:dark": "1"}],
                         ids=["light", "contrast-dark"])
def test_axe_passes_at_400_percent_zoom_with_every_reading_aid(screen, worded_server, prefs):
    aids = {"pref:size": "5", "pref:spacing": "1", "pref:font": "1", "pref:focus": "3"}
    page = screen(worded_server, f"/en/{SLUG}/", SCREENS["zoom-400"], prefs={**aids, **prefs})
    page.evaluate(f"document.querySelector('.s[data-cue=\"{SENTENCE}\"]').click()")
    page.wait_for_selector(".s.now .w.now")
    page.evaluate("document.querySelector('[data-act=play]').click()")  # paused
    page.evaluate("document.querySelector('[aria-controls=options-panel]').click()")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
