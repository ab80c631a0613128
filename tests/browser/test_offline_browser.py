"""Offline listening in Debian's Chromium: listen, save the article, find it on the page of saved
articles, cut the network, read and play it from the saved copy (seeking included), remove it,
and see the page that says it is not saved."""

from __future__ import annotations

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from web_support import WCAG

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
CACHE = f"offline:en:{SLUG}"
# What the listener reads, per page language.
TEXT = {
    "en": {"save": "Save for offline listening", "remove": "Remove from this device",
           "saved": re.compile(r"Saved on this device \(\d+\.\d MB\)\. You can listen")},
    "es": {"save": "Guardar para escuchar sin conexión", "remove": "Eliminar de este dispositivo",
           "saved": re.compile(r"Guardado en este dispositivo \(\d+\.\d MB\)\. Puede escuchar")},
}
SAVED = TEXT["en"]["saved"]


@pytest.fixture
def server(built_root, support):
    """The built library on 127.0.0.1, with its service worker; `asked` lists the paths the
    browser asked the server for."""
    app = support.make_app(built_root)
    asked = []
    serve = app.wsgi_app

    def wsgi_app(environ, start_response):
        asked.append(environ["PATH_INFO"])
        return serve(environ, start_response)

    app.wsgi_app = wsgi_app
    server = support.LiveServer(app)
    server.asked = asked
    server.app = app
    yield server
    server.stop()


@pytest.fixture
def open_article(browser, server):
    """Open the article in a language, in a fresh browser profile, its offline control ready."""
    contexts = []

    def open_article(lang="en"):
        contexts.append(browser.new_context(base_url=server.url))
        page = contexts[-1].new_page()
        page.goto(f"/{lang}/{SLUG}/")
        box = page.locator("[data-offline]")
        assert box.count() == 1, 'article.html must {% include "_offline.html" %}'
        expect(box).to_be_visible()
        return page

    yield open_article
    for context in contexts:
        context.close()


@pytest.fixture
def article(open_article):
    """The English article."""
    return open_article()


def save(page, lang="en"):
    """Save the article with the keyboard and wait until it says it is saved."""
    page.get_by_role("button", name=TEXT[lang]["save"]).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text(TEXT[lang]["saved"], timeout=30_000)


def go_offline(page, server):
    """Cut the network: the browser is offline and the server is gone."""
    page.context.set_offline(True)
    server.stop()


def cache_names(page):
    return page.evaluate("caches.keys()")


def play_a_little(page):
    """Listen for a moment, as a listener does before deciding to save."""
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 1")
    page.get_by_role("button", name="Pause", exact=True).click()


def test_an_article_saved_after_listening_plays_and_seeks_offline_then_is_removed(article, server):
    page = article
    expect(page.get_by_role("status")).to_have_text("Not saved on this device.")
    play_a_little(page)  # the browser now holds part of the MP3 in its media cache
    save(page)
    assert CACHE in cache_names(page)
    saved = page.evaluate(f"""async () => (await (await caches.open('{CACHE}')).keys())
                              .map((r) => new URL(r.url).pathname)""")
    words = page.evaluate("[...document.querySelectorAll('dialog.term-card audio')]"
                          ".map((a) => a.getAttribute('src'))")
    assert words  # the glossary's words, spoken, are saved with the article
    assert sorted(p for p in saved if p.endswith(".mp3")) == sorted(
        [page.locator("#a-whole").get_attribute("src")] + words)  # the speech once, not per
    # section too
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto("/en/saved/")  # listed on this device's page of saved articles
    expect(page.get_by_role("link", name="How Heroin Affects the Brain")).to_be_visible()
    go_offline(page, server)

    page.get_by_role("link", name="How Heroin Affects the Brain").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("How Heroin Affects the Brain")
    expect(page.get_by_role("status")).to_have_text(SAVED)
    assert page.evaluate("getComputedStyle(document.body).maxWidth") != "none"  # CSS is there
    # Play offers to go on where the listener stopped before saving.
    page.get_by_role("button", name=re.compile(r"^Continue 0:0\d$")).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 1.5")
    page.evaluate("document.getElementById('a-whole').currentTime = 60")
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 60.3")
    page.locator('.s[data-cue="intro-2.1"]').click()  # the player (player.js) works offline
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 27")

    page.get_by_role("button", name="Remove from this device").click()
    expect(page.get_by_role("status")).to_have_text(
        "Removed from this device. Not saved on this device.")
    expect(page.get_by_role("button", name="Save for offline listening")).to_be_focused()
    assert CACHE not in cache_names(page)
    page.reload()  # no saved copy any more, and no network: the page that says so
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    page.get_by_role("link", name="Listen to the articles saved on this device").click()
    expect(page.get_by_text("No article is saved on this device yet.")).to_be_visible()


RANGE = """async ([url, range]) => {
  const response = await fetch(url, {headers: {Range: range}});
  const body = new Uint8Array(await response.arrayBuffer());
  return {status: response.status, range: response.headers.get('Content-Range'),
          first: body.length ? body[0] : null, length: body.length};
}"""


def test_saved_audio_answers_byte_ranges_with_no_connection(article, server):
    page = article
    save(page)
    url = page.locator("#a-whole").get_attribute("src")
    size, tenth_byte = page.evaluate("""async (url) => {
        const body = new Uint8Array(await (await fetch(url)).arrayBuffer());
        return [body.length, body[10]]; }""", url)
    go_offline(page, server)
    page.reload()
    assert page.evaluate(RANGE, [url, "bytes=10-19"]) == {
        "status": 206, "range": f"bytes 10-19/{size}", "first": tenth_byte, "length": 10}
    assert page.evaluate(RANGE, [url, "bytes=-100"])["range"] == (
        f"bytes {size - 100}-{size - 1}/{size}")
    assert page.evaluate(RANGE, [url, f"bytes={size}-"])["status"] == 416
    assert page.evaluate(RANGE, [url, "bytes=0-"])["length"] == size


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_saved_state_is_accessible_in_the_page_language(open_article, lang):
    page = open_article(lang)
    save(page, lang)
    assert [n for n in cache_names(page) if n.startswith("offline:")] == [f"offline:{lang}:{SLUG}"]
    remove = page.get_by_role("button", name=TEXT[lang]["remove"])
    expect(remove).to_be_focused()  # the pressed button is gone; the focus is not lost
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    box = remove.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    page.reload()  # the saved state is remembered
    expect(page.get_by_role("status")).to_have_text(TEXT[lang]["saved"])
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()


def test_online_a_saved_article_gets_new_scripts_and_styles_and_no_speech_again(article, server):
    page = article
    save(page)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    server.asked.clear()
    page.reload()
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.5")
    # A new version of the player reaches a listener who saved the article, as soon as they are
    # online; the saved speech is played from the device.
    assert "/static/js/player.js" in server.asked and "/static/css/site.css" in server.asked
    assert not [path for path in server.asked if path.endswith(".mp3")]


SAVED_SCRIPT = f"""async () => {{
  const cache = await caches.open("{CACHE}");
  const url = new URL("/static/js/player.js", location.href).href;
  return cache.match(url, {{ ignoreVary: true }}).then((r) => r && r.text());
}}"""


def wait_until(page, test, what: str) -> None:
    """Ask the page every 0.2 s until `test(page)` holds, for at most 30 s."""
    deadline = time.monotonic() + 30
    while not test(page):
        assert time.monotonic() < deadline, f"still not {what} after 30 s"
        page.wait_for_timeout(200)


def test_a_deploy_replaces_the_saved_scripts_and_deletes_the_old_cache(article, server):
    page = article
    save(page)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    old, new = f"site-{server.app.config['SITE_VERSION']}", "site-0123456789abcdef"
    wait_until(page, lambda p: old in cache_names(p), f"kept the site's pages in {old}")
    # The copy saved before the deploy holds an old player.
    page.evaluate(f"""async () => {{
      const cache = await caches.open("{CACHE}");
      const url = new URL("/static/js/player.js", location.href).href;
      await cache.put(url, new Response("/* the old player */",
                                        {{ headers: {{ "Content-Type": "text/javascript" }} }}));
    }}""")
    assert page.evaluate(SAVED_SCRIPT) == "/* the old player */"
    server.app.config["SITE_VERSION"] = new[len("site-"):]  # the deploy
    page.evaluate("() => navigator.serviceWorker.getRegistration().then((r) => r.update())")
    wait_until(page, lambda p: old not in cache_names(p), f"deleted {old}")
    page.reload()  # online: the page runs the new player, and the saved copy keeps it
    wait_until(page, lambda p: new in cache_names(p), f"kept the site's pages in {new}")
    assert CACHE in cache_names(page)  # the listener's saved article stays
    player = page.evaluate("() => fetch('/static/js/player.js').then((r) => r.text())")
    assert page.evaluate(SAVED_SCRIPT) == player != "/* the old player */"
    page.get_by_role("button", name="Play", exact=True).click()
    page.wait_for_function("() => document.getElementById('a-whole').currentTime > 0.5")
