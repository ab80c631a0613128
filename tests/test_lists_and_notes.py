"""Lists inside lists, list items of several paragraphs and notes (`[^1]`), as staff write them:
kept on the page, read as a reader reads them, translated block by block and carried into the
talking book; what cannot be carried is refused with its line."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import copy_project
from web_support import make_app

from manage_content import cli
from web.pipeline.importer import import_article
from web.pipeline.manifest import load_manifest
from web.pipeline.settings import load_settings
from web.pipeline.sources import read_article
from web.pipeline.translation.pofiles import read_catalog, render_catalog

SLUG = "thiamine-and-the-brain"
EPUBCHECK = ["java", "-jar", "/usr/share/java/epubcheck.jar"]  # Debian's epubcheck
ARTICLE = """\
# Thiamine and the Brain

Alcohol lowers thiamine, a vitamin that helps to protect the brain[^1].

## What the Nurse Does

1. Check your breathing.
2. Give you thiamine.

   The first dose comes before any sugar.

   1. Ask about allergies.
   2. Give the dose.

   - It can be a tablet.
   - It can be an injection.
3. Check on you the next day.

Ask the nurse if anything is unclear[^2].

- Before the dose:
  1. Eat something small.
  2. Drink water.

[^1]: Thiamine is also called vitamin B1.

[^2]: The nurse can explain each step again.
"""
SPANISH = {
    "Thiamine and the Brain": "La tiamina y el cerebro",
    "Alcohol lowers thiamine, a vitamin that helps to protect the brain[^1].":
        "El alcohol baja la tiamina, una vitamina que ayuda a proteger el cerebro[^1].",
    "What the Nurse Does": "Lo que hace la enfermera",
    "Check your breathing.": "Revisar su respiración.",
    "Give you thiamine.": "Darle tiamina.",
    "The first dose comes before any sugar.": "La primera dosis va antes de cualquier azúcar.",
    "Ask about allergies.": "Preguntar por alergias.",
    "Give the dose.": "Dar la dosis.",
    "It can be a tablet.": "Puede ser una tableta.",
    "It can be an injection.": "Puede ser una inyección.",
    "Check on you the next day.": "Revisarle al día siguiente.",
    "Ask the nurse if anything is unclear[^2].":
        "Pregunte a la enfermera si algo no está claro[^2].",
    "Thiamine is also called vitamin B1.": "La tiamina también se llama vitamina B1.",
    "The nurse can explain each step again.": "La enfermera puede explicar cada paso otra vez.",
}


def review_spanish(root: Path) -> None:
    """Save reviewed Spanish translations of every entry, as a translator's editor does."""
    path = root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    found = read_catalog(path, load_settings(root), "es")
    for message in found:
        if message.id:
            message.string = SPANISH.get(message.id, f"{message.id} (es)")
            message.flags.discard("fuzzy")
    path.write_bytes(render_catalog(found))


def run(root: Path, *args: str, expect: int = 0):
    """Run a staff command on the project at `root`."""
    result = CliRunner().invoke(cli, ["--root", str(root), *args])
    assert result.exit_code == expect, result.output
    return result


def dry_run_speech(root: Path, language: str) -> list[str]:
    """Return what the voice says, sentence by sentence, as `build --dry-run` lists it."""
    output = run(root, "build", "--engine", "silent", "--lang", language, "--dry-run").output
    return [re.sub("[«»]", "", line[len(f"  voice [{language}] "):])
            for line in output.splitlines() if line.startswith(f"  voice [{language}] ")]


@dataclass(frozen=True)
class Library:
    root: Path
    speech: dict  # language -> the sentences the voice says, in order


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Library:
    """The article imported as staff wrote it, its Spanish reviewed, then built with the
    silent engine (what the voice says is listed by a dry run before)."""
    root = copy_project(tmp_path_factory.mktemp("notes") / "project", only=())
    source = root.parent / "thiamine.md"
    source.write_text(ARTICLE, "utf-8")
    run(root, "import", str(source), "--source", "Clinic staff")
    run(root, "extract")
    review_spanish(root)
    speech = {code: dry_run_speech(root, code) for code in ("en", "es")}
    run(root, "build", "--engine", "silent")
    return Library(root, speech)


def page(root: Path, language: str) -> str:
    return make_app(root).test_client().get(f"/{language}/{SLUG}/").get_data(as_text=True)


def test_the_imported_article_keeps_its_lists_and_notes_and_reads_back_the_same(library):
    written = (library.root / "library" / f"{SLUG}.md").read_text("utf-8")
    # Ids go before the list as a whole, never inside it nor before a note.
    assert re.search(r"\{#what-the-nurse-does-1\}\n1\. Check your breathing\.", written)
    assert not re.search(r"^ +\{#", written, flags=re.M)
    assert "\n\n[^1]: Thiamine is also called vitamin B1." in written
    article = read_article(library.root / "library" / f"{SLUG}.md")
    ids = [b.id for s in article.sections for b in s.blocks]
    assert ids == ["intro-1", "note-1", "what-the-nurse-does", "what-the-nurse-does-1-1",
                   "what-the-nurse-does-1-2", "what-the-nurse-does-1-2-p2",
                   "what-the-nurse-does-1-2-1", "what-the-nurse-does-1-2-2",
                   "what-the-nurse-does-1-2-3", "what-the-nurse-does-1-2-4",
                   "what-the-nurse-does-1-3", "what-the-nurse-does-2", "what-the-nurse-does-3-1",
                   "what-the-nurse-does-3-1-1", "what-the-nurse-does-3-1-2", "note-2"]
    template = (library.root / "locales" / "pot" / f"{SLUG}.pot").read_text("utf-8")
    assert '#. note 2\n#: library/thiamine-and-the-brain.md:' in template
    assert 'msgctxt "note-2"\nmsgid "The nurse can explain each step again."' in template
    assert '#. list 1, item 2, paragraph 2\n' in template


def test_a_reimport_of_the_same_article_keeps_every_id(library, tmp_path):
    copy = tmp_path / "thiamine.md"
    copy.write_text(ARTICLE, "utf-8")
    settings = load_settings(library.root)
    before = (library.root / "library" / f"{SLUG}.md").read_text("utf-8")
    result = import_article(copy, settings.library_dir, language="en", replace=True,
                            source="Clinic staff")
    assert result.ids.new == () and result.ids.removed == () and result.ids.edited == ()
    assert (library.root / "library" / f"{SLUG}.md").read_text("utf-8") == before


def test_the_page_shows_lists_inside_items_and_notes_linked_both_ways(library):
    html = page(library.root, "en")
    assert "[^" not in html
    item = re.search(r'<li id="b-[^"]*" data-block="what-the-nurse-does-1-2"><p>.*?</li>\s*'
                     r'<li id="b-[^"]*" data-block="what-the-nurse-does-1-3">', html, re.S).group(0)
    assert re.search(r'<p id="b-[^"]*" data-block="what-the-nurse-does-1-2-p2">.*The first dose',
                     item)
    assert re.search(r'<ol>\s*<li id="b-[^"]*" data-block="what-the-nurse-does-1-2-1">', item)
    assert re.search(r'<ul>\s*<li id="b-[^"]*" data-block="what-the-nurse-does-1-2-3">', item)
    assert re.search(r'protect the brain<sup class="noteref"><a href="#note-1" id="ref-1">1</a>'
                     r'</sup>\.', html)
    assert re.search(r'<li id="note-2" value="2" data-block="note-2">.*each step again\..*'
                     r'<a href="#ref-2" class="back"', html)
    # A bulleted list whose item holds a numbered one.
    assert re.search(r'<ul>\s*<li id="b-[^"]*" data-block="what-the-nurse-does-3-1"><p>.*?</p>'
                     r'\s*<ol>\s*<li id="b-[^"]*" data-block="what-the-nurse-does-3-1-1">', html,
                     re.S)
    # Each note is listed at the end of its section: the first before the next heading.
    assert html.index('id="note-1"') < html.index('id="h-what-the-nurse-does"')


def test_the_voice_says_steps_ordinals_and_notes_where_a_reader_would(library):
    speech = library.speech["en"]
    assert "Step one. Check your breathing." in speech
    assert "Step two. Give you thiamine." in speech
    assert "The first dose comes before any sugar." in speech  # an item's second paragraph
    assert "First, Ask about allergies." in speech and "Second, Give the dose." in speech
    assert "It can be a tablet." in speech  # bullets, plainly
    assert "Before the dose:" in speech and "First, Eat something small." in speech
    assert speech.index("Note one: Thiamine is also called vitamin B one.") < \
        speech.index("What the Nurse Does")
    assert speech[-1] == "Note two: The nurse can explain each step again."
    assert not any("[^" in line for line in speech)
    spanish = library.speech["es"]
    assert "Paso dos. Darle tiamina." in spanish
    assert "Primero, Preguntar por alergias." in spanish and "Segundo, Dar la dosis." in spanish
    assert spanish.index("Nota uno: La tiamina también se llama vitamina B uno.") < \
        spanish.index("Lo que hace la enfermera")
    assert spanish[-1] == "Nota dos: La enfermera puede explicar cada paso otra vez."


def test_the_spanish_page_numbers_the_same_notes_in_spanish(library):
    html = page(library.root, "es")
    assert re.search(r'proteger el cerebro<sup class="noteref"><a href="#note-1" id="ref-1">1'
                     r'</a></sup>\.', html)
    assert re.search(r'<li id="note-1" value="1" data-block="note-1">.*vitamina B1', html)
    assert 'aria-label="Notas"' in html and 'aria-label="Volver al texto"' in html
    assert "[^" not in html


def test_the_side_by_side_page_keeps_each_sides_note_links_its_own(library):
    html = make_app(library.root).test_client().get(
        f"/en/{SLUG}/with/es/").get_data(as_text=True)
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert 'href="#es-note-1" id="es-ref-1"' in html and 'id="es-note-1"' in html
    assert 'href="#en-ref-2"' in html


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_talking_book_holds_footnotes_and_passes_epubcheck(library, language, tmp_path):
    manifest = load_manifest(library.root / "audio" / "manifest.json")
    book = library.root / "audio" / manifest.books[SLUG][language].file
    with zipfile.ZipFile(book) as archive:
        pages = "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                        if n.endswith(".xhtml"))
    assert re.search(r'<a epub:type="noteref" role="doc-noteref" href="#note-1" id="ref-1">1'
                     r'</a>', pages)
    assert re.search(r'<aside epub:type="footnote" role="doc-footnote" id="note-2"', pages)
    assert re.search(r'<li[^>]*>(<p class="flag"[^>]*>[^<]*</p>)?<p>.*?<ol><li', pages)
    assert "[^" not in pages
    report = tmp_path / "report.json"
    subprocess.run([*EPUBCHECK, "--json", str(report), str(book)], capture_output=True,
                   timeout=300)
    messages = [f"{m['severity']} {m['ID']} {m['message']} "
                f"{[loc.get('path') for loc in m['locations']]}"
                for m in json.loads(report.read_text())["messages"]]
    assert messages == []


@pytest.mark.parametrize(("markdown", "line", "what"), [
    ("- one\n  - two\n    - three\n", 9, "a list inside a list inside a list"),
    ("Take it with food[^9].\n", 7, "the note [^9] is referred to but never written"),
    ("Take it with food.\n\n[^1]: Unused.\n", 9, "the note [^1] is never referred to"),
    ("1. One[^a].\n\n   [^a]: Inside.\n", 9, "written inside a list"),
    ("-\n  - inner\n", 7, "does not start with its text"),
    ("1. One\n\n   {#inner}\n   - a\n", 9, "'{#inner}' inside a list item marks no block"),
    ("- One\n\n  > Quoted.\n", 9, "a list item holding a table, a quote"),
])
def test_what_cannot_be_carried_is_refused_with_its_line(staff, markdown, line, what):
    path = staff.root / "library" / "bad.md"
    path.write_text(f"---\ntitle: Bad\n---\n\nFirst paragraph.\n\n{markdown}", "utf-8")
    result = staff.run("extract", expect=1)
    assert result.output.startswith(f"Error: library/bad.md:{line}: "), result.output
    assert what in result.output and "Traceback" not in result.output


def test_a_machine_draft_keeps_each_note_reference_and_a_translation_without_one_fails(
        tmp_path):
    root = copy_project(tmp_path / "project", only=())
    source = tmp_path / "thiamine.md"
    source.write_text(ARTICLE, "utf-8")
    run(root, "import", str(source), "--source", "Clinic staff")
    run(root, "translate", "--lang", "es")  # extracts, then drafts with Apertium
    catalog = root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    drafts = {m.context: m.string for m in read_catalog(catalog, load_settings(root), "es")}
    assert "[^1]" in drafts["intro-1"] and "[^2]" in drafts["what-the-nurse-does-2"]
    assert "\\[" not in drafts["intro-1"]
    found = read_catalog(catalog, load_settings(root), "es")
    for message in found:
        if message.context == "intro-1":
            message.string = "El alcohol baja la tiamina, que protege el cerebro."
            message.flags.discard("fuzzy")
    catalog.write_bytes(render_catalog(found))
    result = run(root, "check", expect=1)
    assert re.search(r"thiamine-and-the-brain\.po:\d+: 'intro-1': markup differs", result.output)


def test_the_offline_transcript_numbers_notes_and_their_references(library):
    manifest = load_manifest(library.root / "audio" / "manifest.json")
    with zipfile.ZipFile(library.root / "audio" / manifest.downloads[SLUG]["en"].file) as archive:
        name = next(n for n in archive.namelist() if SLUG in n and n.endswith(".txt"))
        text = archive.read(name).decode("utf-8")
    assert "helps to protect the brain[1].\n" in text
    assert "\n[1] Thiamine is also called vitamin B1.\n" in text
    assert text.index("[1] Thiamine") < text.index("What the Nurse Does")
    assert "[^" not in text
