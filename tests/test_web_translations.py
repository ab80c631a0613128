"""The interface in Spanish: a complete catalog, no English left, local formats; light pages."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

SLUG = "heroin-and-the-brain"
PROJECT = Path(__file__).resolve().parents[1]
MESSAGES = PROJECT / "locales" / "es" / "LC_MESSAGES" / "messages.po"
TEMPLATE = PROJECT / "locales" / "pot" / "messages.pot"
PLACEHOLDER = r"%\(\w+\)[sd]"  # %(name)s, or %(num)d in a plural entry


def read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def test_the_template_lists_every_interface_string_of_the_code():
    with (PROJECT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = {message[2] for message in extract_from_dir(
        PROJECT, method_map, options_map, keywords={**DEFAULT_KEYWORDS, "_l": None})}
    assert found == {m.id for m in read(TEMPLATE) if m.id}, "run pybabel extract (see babel.cfg)"


def test_every_interface_string_is_translated_and_reviewed():
    catalog = read(MESSAGES)
    template_ids = {m.id for m in read(TEMPLATE) if m.id}
    entries = [m for m in catalog if m.id]
    assert {m.id for m in entries} == template_ids  # the catalog is in step with the template
    for message in entries:
        assert all(forms(message.string)) and not message.fuzzy, message.id
        placeholders = re.findall(PLACEHOLDER, forms(message.id)[-1])
        for string in forms(message.string):
            assert re.findall(PLACEHOLDER, string) == placeholders, message.id


def forms(text) -> tuple[str, ...]:
    """Return the forms of a message's id or string (several for a plural entry)."""
    return tuple(text) if isinstance(text, tuple | list) else (text,)


def english_fragments() -> set[str]:
    """Return the English interface texts (pieces between placeholders) worth looking for."""
    fragments = set()
    for message in read(MESSAGES):
        if message.id and message.id != message.string:
            fragments.update(p.strip(" :.") for form in forms(message.id)
                             for p in re.split(PLACEHOLDER, form))
    return {f for f in fragments if len(f) > 3}


def test_spanish_pages_have_no_english_interface_text(client, tiny_root, support):
    credits = support.load_settings(tiny_root).credits.get("es", {}).values()
    pages = {url: client.get(url).get_data(as_text=True)
             for url in ("/es/", f"/es/{SLUG}/", "/es/no-existe/", "/es/feed.xml")}
    pages["/es/tiny/"] = support.make_app(tiny_root).test_client().get("/es/tiny/").get_data(
        as_text=True)
    fragments = english_fragments()
    assert "Keyboard shortcuts" in fragments
    for url, page in pages.items():
        for name in credits:  # names from library/library.toml, not interface text
            page = page.replace(name, "")
        # Tag and class names, paths (<article class="articles">, src="…/article.….mp3") and
        # the kinds of Open Graph cards (og:type "article") are not interface text.
        page = re.sub(r'</?[a-z][a-z0-9]*\b|class="[^"]*"|[\w-]+="[^"\s]*/[^"\s]*"|'
                      r'(?:property|name)="(?:og:type|twitter:card)" content="[^"]*"', "", page)
        left = sorted(f for f in fragments if re.search(rf"\b{re.escape(f)}\b", page))
        assert not left, f"{url}: {left}"


def test_spanish_formats_and_language_names(client):
    page = client.get(f"/es/{SLUG}/").get_data(as_text=True)
    assert re.search(r"\d+\.\d MB", page)  # neutral Latin American decimals
    assert 'data-decimal="0.5"' in page  # the mark the player shows speeds with: 1.5×
    assert re.search(r"\d+ minutos? y \d+ segundos?", page)
    assert ">English</a>" in page
    assert ">Español</a>" in client.get(f"/en/{SLUG}/").get_data(as_text=True)


def test_article_page_with_its_css_and_javascript_downloads_at_most_26_kb(client):
    # As a phone downloads them: gzipped (the player's scripts are most of it). 25 KB until the
    # page said where the article comes from, the player gained its seek slider, part and
    # sentence buttons and words heard alone, and search results opened their passage.
    def get(url):
        return client.get(url, headers={"Accept-Encoding": "gzip"})

    page = client.get(f"/es/{SLUG}/").data
    assets = re.findall(rb'<(?:script src|link rel="stylesheet" href)="([^"]+)"', page)
    assert len(assets) >= 3
    total = len(get(f"/es/{SLUG}/").data) + sum(len(get(url.decode()).data) for url in assets)
    assert total <= 26_000, total
