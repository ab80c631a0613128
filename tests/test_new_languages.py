"""A language added by configuration: Vietnamese and Arabic, as the README adds one (a line in
library.toml, extract, hand translation, the interface catalog, espeak-ng voices, build)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import Staff
from mutagen.id3 import ID3
from projects import compile_messages, copy_project
from web_support import LiveServer, make_app

from web.pipeline.manifest import load_manifest

pytestmark = pytest.mark.slow

SLUG = "naloxone"
ARTICLE = """---
title: Naloxone
summary: What to do in an overdose.
source: Test
topics: [opioids]
---

{#intro-1}
Stay with the person.
"""
# A few entries as a translator fills them, article and interface.
ARTICLES = {
    "vi": {"title": "Naloxone", "summary": "Cần làm gì khi quá liều.",
           "intro-1": "Hãy ở bên người đó."},
    "ar": {"title": "نالوكسون", "summary": "ماذا تفعل عند الجرعة الزائدة.",
           "intro-1": "ابقَ مع الشخص."},
}
INTERFACE = {"vi": {"Search": "Tìm kiếm"}, "ar": {"Search": "بحث"}}
SETTINGS = """
[voices]
en = ["espeak-ng"]
es = ["espeak-ng"]
vi = ["espeak-ng"]
ar = ["espeak-ng"]
"""


def init_interface(root: Path, code: str) -> Path:
    """Start a language's interface catalog, as `pybabel init -D messages -i
    locales/pot/messages.pot -d locales -l <code>` does."""
    with (root / "locales" / "pot" / "messages.pot").open("rb") as handle:
        catalog = read_po(handle, locale=code)
    catalog.locale, catalog.fuzzy = code, False
    po = root / "locales" / code / "LC_MESSAGES" / "messages.po"
    with po.open("wb") as handle:
        write_po(handle, catalog)
    return po


def fill(po: Path, translations: dict[str, str], key=lambda message: message.context) -> None:
    """Translate the catalog's entries named in `translations` by hand (reviewed)."""
    with po.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if key(message) in translations:
            message.string, message.flags = translations[key(message)], set()
    with po.open("wb") as handle:
        write_po(handle, catalog)


def add_languages(root: Path) -> Staff:
    """Add Vietnamese and Arabic to a one-article library, as the README says."""
    staff = Staff(root)
    staff.run("remove", "heroin-and-the-brain", "--yes")
    (root / "library" / f"{SLUG}.md").write_text(ARTICLE, encoding="utf-8")
    config = root / "library" / "library.toml"
    text = config.read_text(encoding="utf-8").replace('languages = ["en", "es"]',
                                                      'languages = ["en", "es", "vi", "ar"]')
    text = re.sub(r"\n\[voices\]\nen = [^\n]+\nes = [^\n]+\n", SETTINGS, text)
    config.write_text(text, encoding="utf-8")
    staff.run("extract")
    return staff


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The library with Vietnamese and Arabic added, translated by hand, built offline."""
    root = copy_project(tmp_path_factory.mktemp("languages") / "project",
                        only=("heroin-and-the-brain",))
    staff = add_languages(root)
    translated = staff.run("translate", "--lang", "vi", "--lang", "ar")
    for code in ARTICLES:
        fill(root / "locales" / code / "LC_MESSAGES" / f"{SLUG}.po", ARTICLES[code])
        fill(init_interface(root, code), INTERFACE[code], key=lambda message: message.id)
    compile_messages(root)
    staff.run("build", "--offline")
    return root, translated.output


@pytest.fixture(scope="module")
def client(built):
    return make_app(built[0]).test_client()


def test_translate_says_no_engine_drafts_the_pair_and_where_to_translate(built):
    _, output = built
    for code in ("vi", "ar"):
        assert f"No machine draft engine for en→{code} here: apertium: Apertium has no " \
               f"eng-{'vie' if code == 'vi' else 'ara'} language pair here" in output
        assert f"Translate by hand in locales/{code}/LC_MESSAGES/{SLUG}.po." in output
    assert "Traceback" not in output


def test_the_new_editions_are_published_with_their_names_and_direction(client):
    vietnamese = client.get(f"/vi/{SLUG}/").get_data(as_text=True)
    arabic = client.get(f"/ar/{SLUG}/").get_data(as_text=True)
    assert '<html lang="vi">' in vietnamese and "Hãy ở bên người đó." in vietnamese
    assert '<html lang="ar" dir="rtl">' in arabic and "ابقَ مع الشخص." in arabic
    for page in (vietnamese, arabic):
        assert 'lang="vi">Tiếng Việt</a>' in page or 'lang="vi">Tiếng Việt</span>' in page
        assert 'lang="ar">العربية</a>' in page or 'lang="ar">العربية</span>' in page
        assert 'lang="es">Español</a>' in page


def test_untranslated_interface_text_is_marked_as_english(client):
    page = client.get("/vi/").get_data(as_text=True)
    assert '>Tìm kiếm</a>' in page  # translated: in the page's language
    assert '<span lang="en">Podcast feed</span>' in page  # not yet: English, said so
    assert '<option value="3" lang="en">3 lines</option>' in page
    english = client.get("/en/").get_data(as_text=True)
    assert '<span lang="en">' not in english


def test_the_tracks_are_tagged_with_the_iso_639_2_code(built):
    root, _ = built
    manifest = load_manifest(root / "audio" / "manifest.json")
    for code, iso in (("vi", "vie"), ("ar", "ara")):
        track = manifest.article(SLUG).editions[code].track
        assert ID3(root / "audio" / track.file).getall("TLAN")[0].text == [iso]


@pytest.mark.browser
def test_the_arabic_page_is_laid_out_right_to_left(built, browser):
    server = LiveServer(make_app(built[0]))
    try:
        context = browser.new_context(base_url=server.url, viewport={"width": 800, "height": 700})
        page = context.new_page()
        page.goto(f"/ar/{SLUG}/")
        assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
        buttons = page.locator(".player .buttons button")
        first, last = buttons.first.bounding_box(), buttons.last.bounding_box()
        assert first["x"] > last["x"]  # Back 10 s at the right, Options at the left
        page.goto(f"/vi/{SLUG}/")
        first, last = buttons.first.bounding_box(), buttons.last.bounding_box()
        assert first["x"] < last["x"]
        context.close()
    finally:
        server.stop()


def test_the_glossary_warns_about_a_language_with_no_terms_yet(built, caplog):
    result = Staff(built[0]).run("status")
    assert "locales/glossary.csv has no 'vi' terms yet, so no glossary term is checked in vi. " \
           "Add a 'vi' column with a term for each row." in caplog.messages
    assert re.search(r"(?m)^naloxone +vi +\d+ +\d+", result.output)


def test_the_arabic_talking_book_reads_right_to_left(built):
    root = built[0]
    manifest = load_manifest(root / "audio" / "manifest.json")
    book = zipfile.ZipFile(root / "audio" / manifest.books[SLUG]["ar"].file)
    package = book.read("EPUB/package.opf").decode()
    assert 'xml:lang="ar" dir="rtl"' in package
    assert '<spine page-progression-direction="rtl">' in package
    first = next(n for n in book.namelist() if n.endswith(".xhtml") and "/s01-" in n)
    assert 'xml:lang="ar" lang="ar" dir="rtl"' in book.read(first).decode()
