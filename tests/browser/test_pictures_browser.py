"""Pictures in Debian's Chromium: a phone gets the size for its screen, the data saver the small
one, and a saved article shows its pictures with no connection, whatever size is asked for."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from test_pictures import SLUG, water_project

pytestmark = pytest.mark.browser
IMG = 'figure[data-block="cup"] img'
SHOWN = f"""() => {{ const img = document.querySelector('{IMG}');
                    return img.complete && img.naturalWidth > 0 ? img.currentSrc : ''; }}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The water library (a described, captioned picture) built and served on 127.0.0.1."""
    import web_support

    staff = water_project(tmp_path_factory.mktemp("pictures-browser") / "project")
    staff.run("build", "--engine", "silent", "--lang", "en")
    server = web_support.LiveServer(web_support.make_app(staff.root))
    yield server
    server.stop()


def shown(page) -> str:
    """Return the address of the picture the page shows, once it is drawn."""
    page.locator(IMG).scroll_into_view_if_needed()
    return page.wait_for_function(SHOWN).json_value()


def test_a_phone_gets_its_size_the_data_saver_the_small_one_and_offline_any(browser, server):
    context = browser.new_context(base_url=server.url, viewport={"width": 400, "height": 700})
    page = context.new_page()
    page.goto(f"/en/{SLUG}/")
    assert "-480w." in shown(page)  # not the 960 pixels a wide screen gets
    expect(page.locator(IMG)).to_have_attribute("alt", "A hand holds a glass of water.")
    page.evaluate("localStorage.setItem('pref:saver', '1')")
    page.reload()
    assert "-lite." in shown(page)
    page.get_by_role("button", name="Save for offline listening").click()
    expect(page.locator("[data-offline] [data-offline-status]")).to_contain_text(
        "Saved on this device", timeout=30_000)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    server.stop()
    page.evaluate("localStorage.setItem('pref:saver', '0')")  # asks for the 480 size now
    page.reload()
    assert shown(page)  # the saved small picture stands in for it
    context.close()
