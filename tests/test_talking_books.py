"""Talking books: every edition's EPUB passes epubcheck and Ace, plays each sentence (each word)
at its cue's time, holds the page's text in order, and is linked, served and exported."""

from __future__ import annotations

import json
import os
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from projects import PROJECT, copy_project
from web_support import make_app

from web.export import export_site
from web.pipeline.build import BuildOptions, build_library
from web.pipeline.manifest import load_manifest
from web.pipeline.settings import load_settings

SLUG = "heroin-and-the-brain"
UNTRANSLATED = "intro-2"  # a Spanish paragraph left untranslated
EPUBCHECK = ["java", "-jar", "/usr/share/java/epubcheck.jar"]  # Debian's epubcheck
ACE = PROJECT / "node_modules" / ".bin" / "ace-cli"  # Ace by DAISY, on puppeteer
NS = {"opf": "http://www.idpf.org/2007/opf", "x": "http://www.w3.org/1999/xhtml",
      "smil": "http://www.w3.org/ns/SMIL", "epub": "http://www.idpf.org/2007/ops",
      "dc": "http://purl.org/dc/elements/1.1/"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEXTREF = f"{{{NS['epub']}}}textref"
SENTENCE = re.compile(r"^s_[a-z0-9-]+_\d+$")  # a sentence's span; a word's adds _<n>
STAMP = re.compile(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d)")


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    """The seed article built with espeak-ng, whose cues time every word; one Spanish
    paragraph is not translated, so it is shown in English with its label."""
    root = copy_project(tmp_path_factory.mktemp("books") / "project", only=(SLUG,))
    catalog = root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    text = catalog.read_text("utf-8")
    start = text.index("msgstr", text.index(f'msgctxt "{UNTRANSLATED}"'))
    end = text.index("\n\n", start)
    catalog.write_text(f'{text[:start]}msgstr ""{text[end:]}', "utf-8")
    build_library(load_settings(root), BuildOptions(engine="espeak-ng"))
    return root


@pytest.fixture(scope="module")
def books(library: Path) -> dict[str, Path]:
    """Each language's talking book of the article, as the manifest names it."""
    manifest = load_manifest(library / "audio" / "manifest.json")
    return {code: library / "audio" / book.file
            for code, book in manifest.books[SLUG].items()}


def ms(stamp: str) -> int:
    hours, minutes, seconds, millis = map(int, STAMP.search(stamp).groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def clock(value: str) -> int:
    """Return a SMIL clock value ("12.345s" or "0:01:02.345") in ms."""
    if value.endswith("s"):
        return round(float(value[:-1]) * 1000)
    hours, minutes, seconds = value.split(":")
    return round(((int(hours) * 60 + int(minutes)) * 60 + float(seconds)) * 1000)


def read_cues(path: Path) -> dict[str, tuple[int, int, list[int]]]:
    """Return the cues of a WebVTT file: id -> (start, end, word starts after the first)."""
    cues = {}
    for chunk in path.read_text("utf-8").strip().split("\n\n")[1:]:
        cue_id, times, text = chunk.split("\n", 2)
        start, end = times.split(" --> ")
        cues[cue_id] = (ms(start), ms(end), [ms(s) for s in re.findall(r"<([\d:.]+)>", text)])
    return cues


class Book:
    """An EPUB opened as a reading app opens it: its package, spine documents and overlays."""

    def __init__(self, path: Path):
        self.zip = zipfile.ZipFile(path)
        self.package = self.xml("EPUB/package.opf")
        self.items = {i.get("id"): i for i in self.package.iterfind(".//opf:item", NS)}
        self.spine = [self.items[r.get("idref")] for r in self.package.iterfind(
            ".//opf:itemref", NS) if r.get("linear") != "no"]

    def xml(self, name: str) -> ElementTree.Element:
        return ElementTree.fromstring(self.zip.read(name))

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.package.iterfind(".//opf:meta", NS)
                if m.get("property") == prop and not m.get("refines")]

    def documents(self) -> list[ElementTree.Element]:
        return [self.xml(f"EPUB/{item.get('href')}") for item in self.spine]

    def overlays(self) -> list[ElementTree.Element]:
        return [self.xml(f"EPUB/{self.items[i.get('media-overlay')].get('href')}")
                for i in self.spine]

    def sentences(self) -> list[str]:
        return [" ".join("".join(e.itertext()).split()) for doc in self.documents()
                for e in doc.iter() if SENTENCE.match(e.get("id", ""))]


class PageSentences(HTMLParser):
    """The text of each spoken sentence of a page (its elements with data-cue), in order."""

    def __init__(self, html: str):
        super().__init__()
        self.sentences: list[str] = []
        self.depth = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs) -> None:
        if self.depth:
            self.depth += 1
        elif "data-cue" in dict(attrs):
            self.depth = 1
            self.sentences.append("")

    def handle_endtag(self, tag) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data) -> None:
        if self.depth:
            self.sentences[-1] = " ".join(f"{self.sentences[-1]} {data}".split())


def test_every_talking_book_passes_epubcheck_with_no_error_or_warning(books, tmp_path):
    for code, path in books.items():
        report = tmp_path / f"{code}.json"
        subprocess.run([*EPUBCHECK, "--json", str(report), str(path)], capture_output=True,
                       timeout=300)
        messages = [f"{m['severity']} {m['ID']} {m['message']} "
                    f"{[loc.get('path') for loc in m['locations']]}"
                    for m in json.loads(report.read_text())["messages"]]
        assert messages == [], f"{code}: " + "\n".join(messages)


def test_every_talking_book_passes_ace_with_no_violation(books, tmp_path):
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": "/usr/bin/chromium"}
    for code, path in books.items():
        out = tmp_path / code
        run = subprocess.run([str(ACE), "--silent", "--outdir", str(out), str(path)], env=env,
                             capture_output=True, text=True, timeout=600)
        assert (out / "report.json").exists(), run.stdout + run.stderr
        report = json.loads((out / "report.json").read_text())
        violations = [f"{a['earl:test']['earl:impact']} {a['earl:test']['dct:title']}: "
                      f"{a['earl:result'].get('dct:description', '')} "
                      f"({subject['earl:testSubject']['url']})"
                      for subject in report["assertions"] for a in subject["assertions"]]
        assert violations == [], f"{code}: " + "\n".join(violations)
        assert report["earl:result"]["earl:outcome"] == "pass"


def test_the_overlays_play_each_sentence_and_word_at_its_cues_time(library, books):
    manifest = load_manifest(library / "audio" / "manifest.json")
    for code, path in books.items():
        edition = manifest.article(SLUG).editions[code]
        cues = read_cues(library / "audio" / edition.track.vtt)
        book, played = Book(path), {}
        for smil in book.overlays():
            for seq in smil.iterfind(".//smil:seq", NS):
                target = seq.get(TEXTREF).split("#")[1]
                if SENTENCE.match(target):
                    clips = [p.find("smil:audio", NS) for p in seq.iterfind("smil:par", NS)]
                    times = [(clock(a.get("clipBegin")), clock(a.get("clipEnd"))) for a in clips]
                    played[target] = (times[0][0], times[-1][1], [s for s, _ in times[1:]])
            for par in smil.iterfind("smil:body/smil:seq/smil:par", NS):
                audio = par.find("smil:audio", NS)
                played[par.find("smil:text", NS).get("src").split("#")[1]] = (
                    clock(audio.get("clipBegin")), clock(audio.get("clipEnd")), [])
        assert played == {"s_{}_{}".format(*cue_id.rsplit(".", 1)): cue
                          for cue_id, cue in cues.items()}
        assert edition.track.words and all(words for _, _, words in played.values())
        assert {a.get("src") for a in book.xml(
            f"EPUB/{book.items[book.spine[0].get('media-overlay')].get('href')}").iter(
            f"{{{NS['smil']}}}audio")} == {"audio.mp3"}
        assert book.zip.read("EPUB/audio.mp3") == (library / "audio" / edition.track.file
                                                   ).read_bytes()


def test_the_book_holds_every_sentence_of_the_page_in_order_and_lists_its_sections(
        library, books):
    client = make_app(library).test_client()
    for code, path in books.items():
        page = client.get(f"/{code}/{SLUG}/").get_data(as_text=True)
        book = Book(path)
        assert book.sentences() == PageSentences(page).sentences
        headings = [" ".join(re.sub(r"<[^>]+>", "", h).split())
                    for h in re.findall(r'<h2 id="h-[^"]*"[^>]*>(.*?)</h2>', page, re.S)]
        nav = book.xml("EPUB/nav.xhtml")
        toc = next(n for n in nav.iter(f"{{{NS['x']}}}nav") if n.get(f"{{{NS['epub']}}}type")
                   == "toc")
        assert ["".join(a.itertext()) for a in toc.iter(f"{{{NS['x']}}}a")] == headings
        title = next(iter(book.documents()[0].iter(f"{{{NS['x']}}}h1")))
        assert f">{title.text}</h1>" in page
        flags = [e.text for doc in book.documents() for e in doc.iter(f"{{{NS['x']}}}p")
                 if e.get("class") == "flag"]
        assert flags == re.findall(r'<p class="flag"[^>]*>([^<]*)</p>', page)
        assert flags == {"en": [], "es": ["Aún no traducido, se muestra en inglés"]}[code]
        paragraph = next(p for doc in book.documents() for p in doc.iter(f"{{{NS['x']}}}p")
                         if any(e.get("id", "").startswith(f"s_{UNTRANSLATED}_") for e in p))
        assert (paragraph.get(XML_LANG), paragraph.get("lang")) == (
            (None, None) if code == "en" else ("en", "en"))


def test_the_package_carries_accessibility_metadata_in_the_editions_language(books):
    summaries = {}
    for code, path in books.items():
        book = Book(path)
        assert book.package.get(XML_LANG) == code and book.package.get("dir") == "ltr"
        assert book.package.find(".//dc:language", NS).text == code
        assert book.meta("schema:accessMode") == ["textual", "auditory"]
        assert set(book.meta("schema:accessModeSufficient")) >= {"textual", "auditory"}
        assert {"synchronizedAudioText", "structuralNavigation", "tableOfContents",
                "readingOrder"} <= set(book.meta("schema:accessibilityFeature"))
        assert book.meta("schema:accessibilityHazard") == ["none"]
        assert book.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
        publisher = book.package.find(".//dc:publisher", NS).text
        assert book.meta("a11y:certifiedBy") == [publisher]
        assert publisher == {"en": "Health Library", "es": "Biblioteca de Salud"}[code]
        assert book.meta("media:active-class") == ["-epub-media-overlay-active"]
        per_overlay = [clock(m.text) for m in book.package.iterfind(".//opf:meta", NS)
                       if m.get("property") == "media:duration" and m.get("refines")]
        assert len(per_overlay) == len(book.spine)
        assert clock(book.meta("media:duration")[0]) == sum(per_overlay)
        assert "cover-image" in book.items["cover"].get("properties")
        assert book.zip.read("EPUB/cover.png").startswith(b"\x89PNG")
        for document in book.documents():
            assert document.get(XML_LANG) == code and document.get("lang") == code
        summaries[code] = book.meta("schema:accessibilitySummary")[0]
    assert summaries["es"].startswith("El artículo completo en texto y narrado")
    assert summaries["en"].startswith("The whole article as text and as narration")


def test_a_book_starts_with_its_mimetype_stored_and_a_rebuild_gives_the_same_bytes(
        library, books):
    for path in books.values():
        first = zipfile.ZipFile(path).infolist()[0]
        assert (first.filename, first.compress_type, first.extra) == ("mimetype", 0, b"")
    before = {code: path.read_bytes() for code, path in books.items()}
    books["en"].unlink()  # lost
    books["es"].write_bytes(before["es"][:1000])  # damaged
    build_library(load_settings(library), BuildOptions(engine="espeak-ng"))
    assert {code: path.read_bytes() for code, path in books.items()} == before
    manifest = load_manifest(library / "audio" / "manifest.json")
    assert {code: library / "audio" / b.file for code, b in manifest.books[SLUG].items()
            } == books


def test_the_page_links_the_book_and_the_site_serves_it_as_epub(library, books):
    client = make_app(library).test_client()
    manifest = load_manifest(library / "audio" / "manifest.json")
    for code, words in (("en", "Talking book (EPUB)"), ("es", "Libro hablado (EPUB)")):
        book = manifest.books[SLUG][code]
        page = client.get(f"/{code}/{SLUG}/").get_data(as_text=True)
        link = re.search(rf'<a href="(/audio/{re.escape(book.file)})"[^>]*>{re.escape(words)}'
                         r'</a> <span class="meta">([^<,]+),', page)
        assert link, page
        assert link[2].replace(",", ".").split() == [f"{book.bytes / 1_000_000:.1f}", "MB"]
        response = client.get(link[1], headers={"Range": "bytes=0-57"})
        assert response.status_code == 206 and response.mimetype == "application/epub+zip"
        assert response.data == b"PK\x03\x04" + books[code].read_bytes()[4:58]


def test_the_export_holds_the_book_and_its_downloads_page_offers_it(library, books, tmp_path):
    site = tmp_path / "site"
    export_site(make_app(library), site, "https://cdn.example.org/library/")
    manifest = load_manifest(library / "audio" / "manifest.json")
    for code, path in books.items():
        exported = site / "audio" / manifest.books[SLUG][code].file
        assert exported.read_bytes() == path.read_bytes()
        page = (site / code / SLUG / "index.html").read_text("utf-8")
        assert manifest.books[SLUG][code].file in page
        downloads = (site / code / "downloads" / "index.html").read_text("utf-8")
        assert f'href="/library/audio/{manifest.books[SLUG][code].file}"' in downloads
        # Beside the offline download, not in it: the book's track would repeat its audio.
        with zipfile.ZipFile(library / "audio" / manifest.downloads[SLUG][code].file) as zipped:
            assert not [name for name in zipped.namelist() if name.endswith(".epub")]
