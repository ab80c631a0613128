"""In Chromium, the Spanish page lights the word Kokoro is saying, within 100 ms of the audio."""

from __future__ import annotations

import pytest
from test_kokoro import kokoro_built  # noqa: F401 (the library with Kokoro's Spanish tracks)
from test_words import SLUG

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_the_word_kokoro_says_is_lit_as_it_says_it(kokoro_built, browser, support):  # noqa: F811
    server = support.LiveServer(support.make_app(kokoro_built))
    context = browser.new_context(base_url=server.url, viewport={"width": 360, "height": 640})
    try:
        page = context.new_page()
        page.goto(f"/es/{SLUG}/")
        page.locator('.s[data-cue="intro-1.1"]').click()
        seen = support.lit_words(page)  # each lit word began, the next not yet (100 ms)
        # Word by word through "Llame al 911 de inmediato, luego dé 4 mg".
        assert len({s["index"] for s in seen}) >= 4
    finally:
        context.close()
        server.stop()
