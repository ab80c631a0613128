"""A structured health article in Debian's Chromium: lists, tables, quotes, links and
sub-headings pass axe in both languages and every display mode, and read well at 320 px."""

from __future__ import annotations

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from projects import PROJECT, copy_project
from web_support import WCAG, LiveServer, make_app

from web.pipeline.build import BuildOptions, build_library
from web.pipeline.settings import load_settings

pytestmark = pytest.mark.browser
SLUG = "opioid-overdose"


@pytest.fixture(scope="module")
def structured_server(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("structured") / "project")
    shutil.copy(PROJECT / "tests" / "data" / f"{SLUG}.md", root / "library" / f"{SLUG}.md")
    build_library(load_settings(root), BuildOptions(engine="silent"))
    server = LiveServer(make_app(root))
    yield server
    server.stop()


@pytest.mark.parametrize("prefs", [(), ("contrast", "dark")], ids=["normal", "contrast-dark"])
@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_structured_article_passes_axe(browser, structured_server, lang, prefs):
    context = browser.new_context(base_url=structured_server.url)
    for name in prefs:
        context.add_init_script(f"localStorage.setItem('pref:{name}', '1')")
    page = context.new_page()
    page.goto(f"/{lang}/{SLUG}/")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    context.close()
    assert results.violations_count == 0, results.generate_report()


def test_a_wide_table_scrolls_in_its_own_box_at_320_px(browser, structured_server):
    context = browser.new_context(base_url=structured_server.url,
                                  viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(f"/en/{SLUG}/")
    page_width = page.evaluate("document.documentElement.scrollWidth")
    box = page.evaluate("""() => { const b = document.querySelector('.table-wrap');
        return {overflow: getComputedStyle(b).overflowX,
                right: b.getBoundingClientRect().right}; }""")
    context.close()
    # The page never scrolls sideways; the table's box stays on the screen and scrolls itself.
    assert page_width <= 320 and box == {"overflow": "auto", "right": box["right"]}
    assert box["right"] <= 320
