"""The front page in Debian's Chromium, as a listener uses it: a card's Listen button opens the
article playing; back on the front page, "Continue listening" leads to the article where it was
left; the player's options save the article for offline with its glossary words' audio."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from web_support import WCAG, LiveServer, make_app

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
# Also while the link is still opening the article (no player yet).
PLAYING = "() => { const a = document.getElementById('a-whole'); return !!a && !a.paused; }"


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    yield context.new_page()
    context.close()


def test_a_cards_listen_button_opens_the_article_playing_from_its_start(page):
    page.goto("/en/")
    page.get_by_role("link", name=re.compile(r"^Listen\W+How Heroin Affects the Brain$")).click()
    page.wait_for_function(PLAYING)
    assert page.url.endswith(f"/en/{SLUG}/#listen")
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.5")
    assert page.evaluate("document.getElementById('a-whole').currentTime") < 30  # from the start


def test_back_on_the_front_page_continue_listening_goes_on_where_it_was_left(page):
    page.goto("/es/")
    row = page.locator("[data-continue]")
    expect(row).to_be_hidden()  # nothing begun yet
    page.get_by_role("link", name=re.compile(r"^Escuchar\W+Cómo")).click()
    page.wait_for_function(PLAYING)
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 6")
    page.go_back()
    expect(row).to_be_visible()
    expect(row.get_by_role("heading", level=2)).to_have_text("Seguir escuchando")
    go = row.get_by_role("link")
    expect(go).to_have_count(1)  # the article, not its easy read, which was not begun
    expect(go).to_have_text(re.compile(r"^Cómo afecta la heroína al cerebro · Continuar 0:0\d$"))
    assert go.get_attribute("href").endswith(f"/es/{SLUG}/#continue")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    go.click()
    page.wait_for_function(PLAYING)
    assert page.evaluate("document.getElementById('a-whole').currentTime") >= 5  # not the start


def test_the_players_options_save_the_article_and_its_glossary_audio(page):
    page.goto(f"/en/{SLUG}/")
    expect(page.locator("[data-offline]")).to_be_visible()  # the service worker is there
    page.get_by_role("button", name="Options", exact=True).click()
    options = page.locator("#options-panel")
    options.get_by_role("button", name="Save for offline listening").click()
    expect(options.locator("[data-offline-status]")).to_have_text(
        re.compile(r"^Saved on this device \(\d+\.\d MB\)\. You can listen"), timeout=30_000)
    expect(options.get_by_role("button", name="Remove from this device")).to_be_focused()
    saved = page.evaluate(f"""async () => (await (await caches.open('offline:en:{SLUG}')).keys())
                              .map((r) => new URL(r.url).pathname)""")
    words = page.evaluate("[...document.querySelectorAll('dialog.term-card audio')]"
                          ".map((a) => new URL(a.src).pathname)")
    assert words and set(words) <= set(saved)  # the glossary's words, spoken
    assert page.locator("#a-whole").get_attribute("src") in saved
    # The box below the text says the same, and offers to remove it.
    expect(page.locator("[data-offline] [data-offline-status]")).to_have_text(
        re.compile(r"^Saved on this device"))


@pytest.fixture(scope="module")
def paged_server(paged_root):
    """The 60 articles of web_support's paged library (three pages of cards), served."""
    server = LiveServer(make_app(paged_root))
    yield server
    server.stop()


def test_continue_listening_names_an_article_begun_on_another_page(browser, paged_server):
    context = browser.new_context(base_url=paged_server.url)
    page = context.new_page()
    page.goto("/en/")
    # What the player keeps: an article of page 2 begun, and one since removed from the library.
    page.evaluate("localStorage.setItem('pos:en:topic-030', '75');"
                  "localStorage.setItem('pos:en:removed-since', '20')")
    page.reload()
    row = page.locator("[data-continue]")
    expect(row).to_be_visible()
    go = row.get_by_role("link")
    expect(go).to_have_count(1)
    expect(go).to_have_text("Health Topic 30 · Continue 1:15")
    assert go.get_attribute("href").endswith("/en/topic-030/#continue")
    # The pages, one after the other, by their links.
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**/en/page/2/")
    expect(page.locator(".pages [aria-current=page]")).to_have_text("2")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    context.close()
