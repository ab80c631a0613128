"""The site as an app, in Debian's Chromium: installable in each language (Chromium's own check,
through the DevTools protocol), with its icons and favicon found, and the service worker's page
shown when the app is opened with no connection."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from web_support import ARGS, CHROMIUM, eventually

pytestmark = pytest.mark.browser
NO_CONNECTION = {"en": "No connection", "es": "Sin conexión"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_chromium_finds_the_site_installable(browser, live_server, lang, tmp_path):
    # A profile on disk: Chromium installs nothing from an incognito context (new_context).
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=ARGS, base_url=live_server.url)
    page = context.pages[0] if context.pages else context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("response", lambda response: response.status >= 400 and problems.append(
        f"{response.status} {response.url}"))
    page.goto(f"/{lang}/")
    eventually(page, "async () => !!(await navigator.serviceWorker.getRegistration())?.active")
    page.reload()  # now controlled by the service worker, as an installed app's pages are
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"] == f"{live_server.url}/{lang}/manifest.webmanifest"
    assert manifest["errors"] == []
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    parsed = manifest.get("manifest") or {}
    if parsed:  # newer Chromium also gives the manifest as it understood it
        assert parsed["startUrl"] == f"{live_server.url}/{lang}/"
    icons = page.evaluate("""async () => {
      const link = document.querySelector('link[rel=manifest]');
      const manifest = await (await fetch(link.href)).json();
      return Promise.all(manifest.icons.map(async (icon) => {
        const image = new Image();
        image.src = icon.src;
        await image.decode();
        return [icon.sizes, icon.purpose, image.naturalWidth];
      }));
    }""")
    assert icons == [["192x192", "any", 192], ["192x192", "maskable", 192],
                     ["512x512", "any", 512], ["512x512", "maskable", 512]]
    page.goto(f"/{lang}/search/")
    assert problems == []  # no favicon or icon missing, nothing refused by the policy

    context.set_offline(True)
    page.goto(f"/{lang}/topics/opioids/")  # not saved: the service worker's own page
    expect(page.get_by_role("heading", level=1)).to_have_text(NO_CONNECTION[lang])
    assert page.evaluate("document.documentElement.lang") == lang
    context.close()
