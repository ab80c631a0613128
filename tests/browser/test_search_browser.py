"""Search in Debian's Chromium: a two-article library searched in Spanish without accents,
from the app and from a static export on a plain loopback file server; topic pages with no
JavaScript; the search page by keyboard, with no WCAG violation."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from projects import copy_project
from web_support import WCAG, LiveServer, make_app

from web.export import export_site
from web.pipeline.build import BuildOptions, build_library
from web.pipeline.settings import load_settings

pytestmark = pytest.mark.browser
SLUG = "heroin-and-the-brain"
TITLE = "Cómo afecta la heroína al cerebro"
SECOND = """---
title: Naloxone Basics
summary: Naloxone reverses an opioid overdose.
source: Health Library
topics: [opioids, overdose]
---

{#intro-1}
Naloxone can reverse an opioid overdose in minutes. Call 911 first.
"""


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """The seed article and a short second one (English only), built by the silent engine."""
    root = copy_project(tmp_path_factory.mktemp("search") / "project", only=(SLUG,))
    (root / "library" / "naloxone-basics.md").write_text(SECOND, encoding="utf-8")
    for lang, name in (("en", "Overdose"), ("es", "Sobredosis")):
        with (root / "locales" / lang / "topics.csv").open("a", encoding="utf-8") as handle:
            handle.write(f"overdose,{name}\n")
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
    return re.search(rf'href="/es/{SLUG}/">.*?<time[^>]*>([^<]+)</time>', html, re.S)[1]


def search(page, query: str) -> list[dict]:
    """Type `query` into the search field as a visitor does; return the results shown."""
    page.get_by_label("Buscar en los artículos y su audio").fill(query)
    page.locator("[role=status]", has_text=query).wait_for()
    return page.eval_on_selector_all(".results li", """items => items.map(li => ({
        title: li.querySelector('h2 a').textContent,
        href: li.querySelector('h2 a').getAttribute('href'),
        marked: [...li.querySelectorAll('mark')].map(m => m.textContent),
        audio: li.querySelector('.meta').textContent}))""")


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
    assert results == [{"title": TITLE, "href": f"{root}es/{SLUG}/",
                        "marked": ["hematoencefálica."],
                        "audio": f"Con audio, {listening_time(library)}"}]
    page.click(f"text={TITLE}")
    assert page.inner_text("h1") == TITLE
    page.context.close()


def test_topic_pages_work_without_javascript(browser, app_server):
    context = browser.new_context(base_url=app_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/es/")
    page.click("text=Opioides (2 artículos)")
    assert page.url.endswith("/es/topics/opioids/")
    assert page.inner_text("h1") == "Opioides"
    assert page.locator(".articles h2").all_inner_texts() == [TITLE, "Naloxone Basics"]
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
    context.close()
