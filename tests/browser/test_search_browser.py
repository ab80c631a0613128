"""Search in Debian's Chromium: a two-article library searched in Spanish without accents,
from the app and from a static export on a plain loopback file server; whole words only, in
any of their forms; each result opens the passage holding the word and plays from it; topic
pages with no JavaScript; the search page by keyboard, with no WCAG violation."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from projects import copy_project
from web_support import WCAG, LiveServer, eventually, make_app

from web.export import export_site
from web.pipeline.build import BuildOptions, build_library
from web.pipeline.products import search_index
from web.pipeline.settings import load_settings

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
TITLE = "Cómo afecta la heroína al cerebro"
BARRIER = "b-how-heroin-hijacks-the-brains-reward-1"  # the passage on the blood-brain barrier
SECOND = """---
title: Naloxone Basics
summary: Naloxone reverses an opioid overdose.
source: Health Library
topics: [opioids, overdose]
---

{#intro-1}
Naloxone can reverse an opioid overdose in minutes. Call 911 first.
"""


def add_overdose_topic(root: Path) -> None:
    """Name the second article's topic "overdose" in both languages."""
    for lang, name in (("en", "Overdose"), ("es", "Sobredosis")):
        with (root / "locales" / lang / "topics.csv").open("a", encoding="utf-8") as handle:
            handle.write(f"overdose,{name}\n")


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """The seed article and a short second one (English only), built by the silent engine."""
    root = copy_project(tmp_path_factory.mktemp("search") / "project", only=(SLUG,))
    (root / "library" / "naloxone-basics.md").write_text(SECOND, encoding="utf-8")
    add_overdose_topic(root)
    build_library(load_settings(root), BuildOptions(engine="silent"))
    return root


@pytest.fixture(scope="module")
def app_server(library):
    server = LiveServer(make_app(library))
    yield server
    server.stop()


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def export_server(library):
    """The library exported under /library/ and served by a plain static file server."""
    site = library.parent / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    base = f"http://127.0.0.1:{server.server_port}/library/"
    export_site(make_app(library), site / "library", base)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    thread.join()


def listening_time(library: Path) -> str:
    """Return the seed article's listening time as the Spanish index says it."""
    html = make_app(library).test_client().get("/es/").get_data(as_text=True)
    return re.search(rf'href="/es/{SLUG}/"[^>]*>.*?<time[^>]*>([^<]+)</time>', html, re.S)[1]


def search(page, query: str, label: str = "Buscar en los artículos y su audio") -> list[dict]:
    """Type `query` into the search field as a visitor does; return the results shown."""
    page.get_by_label(label).fill(query)
    page.locator("[role=status]", has_text=f"“{query}”").wait_for()
    return page.eval_on_selector_all(".results li", """items => items.map(li => ({
        title: li.querySelector('h2 a').textContent,
        href: li.querySelector('h2 a').getAttribute('href'),
        marked: [...li.querySelectorAll('mark')].map(m => m.textContent),
        audio: li.querySelector('.meta').textContent}))""")


def passage_text(page) -> str:
    """Return the text of the passage the address points to (the :target element)."""
    return page.locator(":target").inner_text()


@pytest.mark.parametrize("where", ["app", "export"])
def test_spanish_search_ignores_accents_and_case(browser, library, app_server, export_server,
                                                 where):
    base = app_server.url + "/" if where == "app" else export_server
    root = "/" if where == "app" else "/library/"
    page = browser.new_context(base_url=base).new_page()
    page.goto(f"{base}es/search/")
    assert search(page, "vacuna") == []
    assert page.inner_text("[role=status]") == "0 resultados para “vacuna”"
    results = search(page, "HEMATOENCEFALICA")
    assert page.inner_text("[role=status]") == "1 resultado para “HEMATOENCEFALICA”"
    assert results == [{"title": TITLE, "href": f"{root}es/{SLUG}/#{BARRIER}",
                        "marked": ["hematoencefálica."],
                        "audio": f"Con audio, {listening_time(library)}"}]
    assert search(page, "hematoencefálica") == results  # with or without its accent
    page.click(f"text={TITLE}")
    assert page.inner_text("h1") == TITLE
    assert page.url.endswith(f"/es/{SLUG}/#{BARRIER}")  # opened at the passage that holds it
    assert "barrera hematoencefálica" in passage_text(page)
    page.context.close()


def test_only_whole_words_are_found_in_any_of_their_forms(browser, app_server):
    page = browser.new_context(base_url=app_server.url).new_page()
    page.goto("/es/search/")
    # Neither article mentions an overdose in Spanish: "sobre" (about) is no hit.
    assert search(page, "sobredosis") == []
    assert page.inner_text("[role=status]") == "0 resultados para “sobredosis”"
    plural = search(page, "receptor")  # the text says "receptores" only
    assert [r["title"] for r in plural] == [TITLE]
    assert {m.strip(".,") for m in plural[0]["marked"]} == {"receptores"}
    page.goto(plural[0]["href"])
    assert "receptores" in passage_text(page)
    page.goto("/en/search/")
    label = "Search the articles and their audio"
    # Only the article about naloxone mentions an overdose; the seed's "over time" is no hit.
    assert [r["title"] for r in search(page, "overdose", label)] == ["Naloxone Basics"]
    found = search(page, "addicted", label)  # the text says "addictive" and "addiction"
    assert [r["title"] for r in found] == ["How Heroin Affects the Brain"]
    marked = {m.strip(".,") for m in found[0]["marked"]}
    assert marked and marked <= {"addictive", "addiction"}
    page.goto(found[0]["href"])
    assert "addict" in passage_text(page)
    page.context.close()


def test_listen_from_here_plays_the_passage_holding_the_word(browser, app_server):
    page = browser.new_context(base_url=app_server.url).new_page()
    page.goto("/es/search/?q=tolerancia")
    page.locator("[role=status]", has_text="tolerancia").wait_for()
    listen = page.get_by_role("link", name="Escuchar desde aquí")
    assert listen.count() == 1
    listen.click()
    page.wait_for_function("() => !document.getElementById('a-whole').paused")
    assert "tolerancia" in passage_text(page)
    start = float(page.locator(":target .s").first.get_attribute("data-at"))
    page.wait_for_function(f"() => document.getElementById('a-whole').currentTime > {start}")
    # The sentence being read is the passage's first: playback began there.
    assert page.locator(":target .s.now").count() == 1
    assert page.locator(":target .s").first.get_attribute("class").split() == ["s", "now"]
    page.context.close()


def test_topic_pages_work_without_javascript(browser, app_server):
    context = browser.new_context(base_url=app_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/es/")
    page.click("text=Opioides (2 artículos)")
    assert page.url.endswith("/es/topics/opioids/")
    assert page.inner_text("h1") == "Opioides"
    assert page.locator(".articles h3").all_inner_texts() == [TITLE, "Naloxone Basics"]
    page.click("text=Naloxone Basics")
    assert page.inner_text("h1").endswith("Naloxone Basics")
    page.goto("/es/search/")
    assert page.get_by_role("search").count() == 0  # no form that could not work
    assert "La búsqueda necesita JavaScript." in page.inner_text("main")
    context.close()


def test_search_by_keyboard_announces_results_politely(browser, app_server):
    context = browser.new_context(base_url=app_server.url)
    page = context.new_page()
    page.goto("/es/")
    page.get_by_role("link", name="Buscar").click()
    field = page.get_by_label("Buscar en los artículos y su audio")
    field.wait_for()  # the form appears once search.js runs; a hidden field takes no keys
    field.focus()
    page.keyboard.type("dopamina")
    page.keyboard.press("Enter")
    status = page.locator("[role=status]")
    status.filter(has_text="dopamina").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == "1 resultado para “dopamina”"
    assert page.url.endswith("/es/search/?q=dopamina")
    assert page.locator("ol.results > li").count() == 1
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert results.violations_count == 0, results.generate_report()
    context.close()


def test_english_search_from_an_address_with_the_query(browser, app_server, library):
    context = browser.new_context(base_url=app_server.url)
    page = context.new_page()
    page.goto("/en/search/?q=Dopamine")
    page.locator("[role=status]", has_text="Dopamine").wait_for()
    assert page.inner_text("[role=status]") == "1 result for “Dopamine”"
    assert page.input_value("input[type=search]") == "Dopamine"
    assert page.locator(".results h2").all_inner_texts() == ["How Heroin Affects the Brain"]
    assert page.inner_text(".results .meta").startswith("With audio, ")
    assert page.inner_text("h1") == "Search"
    page.click("text=How Heroin Affects the Brain")
    assert "dopamine" in passage_text(page)
    context.close()


def test_search_works_offline_once_it_has_worked_online(browser, library):
    server = LiveServer(make_app(library))  # its own server, stopped to cut the network
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    page.goto("/es/search/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    assert [r["title"] for r in search(page, "tolerancia")] == [TITLE]
    # The page and this language's index are kept (as the worker adds them, in any order).
    eventually(page, """async () => {
        const box = document.querySelector('[data-search]');
        const folder = new URL(box.dataset.index, location.href);
        const names = box.dataset.files.split(' ').filter((n) => /(^|[./])es_|\\.es\\./.test(n))
            .concat(['pagefind.js', `pagefind-entry.json?ts=${box.dataset.version}`]);
        const urls = names.map((n) => new URL(n, folder).href).concat([location.href]);
        const kept = await Promise.all(urls.map((url) => caches.match(url)));
        return names.length > 5 && kept.every(Boolean);
    }""")
    context.set_offline(True)
    server.stop()
    page.goto("/es/search/")
    assert [r["title"] for r in search(page, "tolerancia")] == [TITLE]
    assert search(page, "sobredosis") == []
    context.close()


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The seed article and the naloxone one, each language indexed in two shards (the
    second article's slug falls in the second), exported under /library/ and served by a
    plain static file server; yields the project, the app's server and the export's address."""
    root = copy_project(tmp_path_factory.mktemp("sharded") / "project", only=(SLUG,))
    (root / "library" / "naloxone-saves-lives.md").write_text(SECOND, encoding="utf-8")
    add_overdose_topic(root)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_index, "PAGES_PER_SHARD", 1)
        build_library(load_settings(root), BuildOptions(engine="silent"))
    files = make_app(root).test_client().get("/en/search/").get_data(as_text=True)
    assert "en-1/pagefind-entry.json" in files and "es-1/pagefind-entry.json" in files
    site = root.parent / "site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    export_site(make_app(root), site / "library",
                f"http://127.0.0.1:{server.server_port}/library/")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app = LiveServer(make_app(root))
    yield root, app, f"http://127.0.0.1:{server.server_port}/library/"
    app.stop()
    server.shutdown()
    thread.join()


@pytest.mark.parametrize("where", ["app", "export"])
def test_a_library_indexed_in_shards_is_searched_as_one(browser, sharded, where):
    _, app, export = sharded
    base = app.url + "/" if where == "app" else export
    page = browser.new_context(base_url=base).new_page()
    page.goto(f"{base}en/search/")
    label = "Search the articles and their audio"
    assert [r["title"] for r in search(page, "overdose", label)] == ["Naloxone Basics"]
    assert [r["title"] for r in search(page, "addicted", label)] == [
        "How Heroin Affects the Brain"]
    assert [r["title"] for r in search(page, "naloxone", label)] == ["Naloxone Basics"]
    page.goto(f"{base}es/search/")
    assert [r["title"] for r in search(page, "HEMATOENCEFALICA")] == [TITLE]
    assert search(page, "sobredosis") == []  # English shards are not merged into Spanish
    page.context.close()


KEPT_SHARDS = """async () => {
    const box = document.querySelector('[data-search]');
    const folder = new URL(box.dataset.index, location.href);
    const names = box.dataset.files.split(' ').filter((n) => /^en-\\d+\\//.test(n) &&
        !n.endsWith('/pagefind-entry.json'))
        .concat([`en-1/pagefind-entry.json?ts=${box.dataset.version}`]);
    const kept = await Promise.all(names.map((n) => caches.match(new URL(n, folder).href)));
    return names.length > 3 && kept.every(Boolean);
}"""


def test_a_library_indexed_in_shards_keeps_every_shard_of_its_language_for_offline(browser,
                                                                                  sharded):
    server = LiveServer(make_app(sharded[0]))  # its own server, stopped to cut the network
    context = browser.new_context(base_url=server.url)
    page = context.new_page()
    page.goto("/en/search/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    label = "Search the articles and their audio"
    assert [r["title"] for r in search(page, "naloxone", label)] == ["Naloxone Basics"]
    # Every shard of this language is kept: its entry, meta, index and fragments.
    eventually(page, KEPT_SHARDS)
    context.set_offline(True)
    server.stop()
    page.goto("/en/search/")
    assert [r["title"] for r in search(page, "naloxone", label)] == ["Naloxone Basics"]
    assert [r["title"] for r in search(page, "addicted", label)] == [
        "How Heroin Affects the Brain"]
    context.close()
