"""After an edit, a build plans only the editions the edit touched, and publishes what a full
build would; a web worker reads an article's text only when a page of it is asked for."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import Staff
from projects import PROJECT, copy_project

from web import create_app
from web.pipeline.manifest import load_manifest

SLUG = "heroin-and-the-brain"
EASY = "heroin-and-the-brain-easy-read"
ADDED = "Ask your doctor about naloxone."


def counts(output: str) -> dict[str, int]:
    """Pull the numbers out of a build's or a dry run's summary line."""
    found = re.search(r"(\d+) (?:clips? voiced|sentences? to voice).*?(\d+) cached", output)
    return {"voiced": int(found.group(1)), "cached": int(found.group(2))}


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Warning:")]


def published(root: Path) -> dict[str, str]:
    """Return every file the build left in audio/ with its sha256."""
    audio = root / "audio"
    return {p.relative_to(audio).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in audio.rglob("*") if p.is_file() and p.name != ".build.lock"}


def add_sentence(root: Path) -> None:
    """Add a sentence to the easy read's first paragraph, as staff would in an editor."""
    path = root / "library" / f"{EASY}.md"
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"^(Heroin does great harm[^\n]*)$", rf"\1 {ADDED}", text, count=1,
                    flags=re.MULTILINE)
    assert edited != text
    path.write_text(edited, encoding="utf-8")


def catalog_path(root: Path) -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"


def first_paragraph(catalog) -> object:
    return next(m for m in catalog if m.id and m.context not in ("title", "summary"))


def set_one_translation(root: Path, spanish: str) -> str:
    """Set the Spanish of the seed's first paragraph (empty, its edition's build warns);
    return the paragraph's id."""
    with catalog_path(root).open("rb") as file:
        catalog = read_po(file)
    first_paragraph(catalog).string = spanish
    with catalog_path(root).open("wb") as file:
        write_po(file, catalog)
    return first_paragraph(catalog).context


def reviewed_translation() -> str:
    """Return the reviewed Spanish of the seed's first paragraph, as this project has it."""
    with catalog_path(PROJECT).open("rb") as file:
        return first_paragraph(read_po(file)).string


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The seed (one Spanish paragraph untranslated) and its easy read, built once with the
    silent engine."""
    root = copy_project(tmp_path_factory.mktemp("incremental") / "project", only=(SLUG, EASY))
    set_one_translation(root, "")
    Staff(root).run("build", "--engine", "silent")
    return root


@pytest.fixture
def staff(template, tmp_path) -> Staff:
    root = tmp_path / "project"
    shutil.copytree(template, root)
    return Staff(root)


def test_an_edit_plans_only_its_article_and_publishes_what_a_full_build_would(staff):
    add_sentence(staff.root)
    everything = counts(staff.run("build", "--engine", "silent", "--dry-run").output)
    result = staff.run("build", "--engine", "silent")
    planned = counts(result.output)
    assert planned["voiced"] == 1  # the new sentence (Spanish shows it in English: shared)
    assert planned["voiced"] + planned["cached"] < everything["voiced"] + everything["cached"]
    easy = load_manifest(staff.root / "audio" / "manifest.json").article(EASY)
    assert ADDED in [s.text for s in easy.editions["en"].sections[0].blocks[0].sentences]
    # Forget what the last build planned: a full build finds nothing to change or to say.
    after, said = published(staff.root), warnings(result.output)
    (staff.root / ".cache" / "build-stamp.json").unlink()
    full = staff.run("build", "--engine", "silent")
    assert counts(full.output) == {"voiced": 0,
                                   "cached": everything["voiced"] + everything["cached"]}
    assert "Manifest: audio/manifest.json (unchanged)" in full.output
    # The seed's warning, from the build before, is given again; the easy read's is new.
    assert any(f"es/{SLUG}:" in line for line in said), result.output
    assert any(f"es/{EASY}:" in line for line in said)
    assert warnings(full.output) == said
    assert published(staff.root) == after


def test_a_translators_edit_plans_only_the_edition_of_its_catalog(staff):
    spanish = reviewed_translation()
    block = set_one_translation(staff.root, spanish)
    result = staff.run("build", "--engine", "silent")
    assert counts(result.output)["voiced"] >= 1
    assert warnings(result.output) == []  # the seed's Spanish is whole again
    edition = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG).editions["es"]
    shown = next(b for s in edition.sections for b in s.blocks if b.id == block)
    assert (shown.text, shown.language) == (spanish, "es")


def test_a_change_shared_by_every_article_plans_them_all(staff):
    everything = counts(staff.run("build", "--engine", "silent", "--dry-run").output)
    lexicon = staff.root / "locales" / "es" / "pronunciation.csv"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "mg,miligramos,dose unit\n",
                       encoding="utf-8")
    planned = counts(staff.run("build", "--engine", "silent").output)
    assert planned["voiced"] + planned["cached"] == everything["voiced"] + everything["cached"]


def test_a_web_worker_reads_an_articles_text_only_for_its_pages(staff):
    app = create_app({"LIBRARY_ROOT": str(staff.root)})
    client = app.test_client()
    assert client.get("/en/").status_code == 200
    held = app.extensions["library"].current().manifest
    assert all(not section.blocks for article in held.articles
               for edition in article.editions.values() for section in edition.sections)
    page = client.get(f"/en/{EASY}/").get_data(as_text=True)
    assert "Heroin does great harm to the brain." in page
    feed = client.get("/en/feed.xml").get_data(as_text=True)  # every article's text, in turn
    assert "Heroin does great harm to the brain." in feed


def test_a_damaged_text_file_is_an_error_page_until_the_next_build_repairs_it(staff):
    edition = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG).editions["es"]
    text = staff.root / "audio" / edition.text.file
    good = text.read_bytes()
    text.write_bytes(good.replace(b"hero", b"HERO", 1))
    client = create_app({"LIBRARY_ROOT": str(staff.root)}).test_client()
    page = client.get(f"/es/{SLUG}/")
    assert page.status_code == 500
    assert "HERO" not in page.get_data(as_text=True)  # nothing of the damaged text is shown
    result = staff.run("build", "--engine", "silent")
    assert counts(result.output)["voiced"] == 0
    assert text.read_bytes() == good
    assert create_app({"LIBRARY_ROOT": str(staff.root)}).test_client().get(
        f"/es/{SLUG}/").status_code == 200
