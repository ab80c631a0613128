"""Ids that survive edits: a reviewed translation stays with its English through a re-import,
an edit of a block that had no id, and a typo in a catalog or an article."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from projects import PROJECT

from web.pipeline.settings import load_settings
from web.pipeline.translation.pofiles import read_catalog, render_catalog

DATA = PROJECT / "tests" / "data"
OVERDOSE = "opioid-overdose"
SEED = "heroin-and-the-brain"


def article(root: Path, slug: str) -> Path:
    return root / "library" / f"{slug}.md"


def catalog(root: Path, slug: str) -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / f"{slug}.po"


def entries(root: Path, slug: str) -> dict:
    """Return the Spanish catalog's entries by block id."""
    found = read_catalog(catalog(root, slug), load_settings(root), "es")
    return {m.context: m for m in found if m.id}


def review(root: Path, slug: str, translations: dict[str, str]) -> None:
    """Save reviewed Spanish translations by block id, as a translator's editor does."""
    path = catalog(root, slug)
    found = read_catalog(path, load_settings(root), "es")
    for message in found:
        if message.context in translations:
            message.string = translations[message.context]
            message.flags.discard("fuzzy")
    path.write_bytes(render_catalog(found))


def edit(root: Path, slug: str, old: str, new: str) -> None:
    """Change text in an article, as staff would in an editor."""
    path = article(root, slug)
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def status(staff, slug: str) -> dict:
    rows = json.loads(staff.run("status", "--json").output)
    return next(r for r in rows if r["article"] == slug and r["language"] == "es")


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for folder in ("library", "locales") for p in (root / folder).rglob("*")
            if p.is_file()}


@pytest.fixture
def overdose(staff):
    """The project with the structured article added as staff wrote it: some blocks have no
    {#id} line."""
    shutil.copy(DATA / f"{OVERDOSE}.md", article(staff.root, OVERDOSE))
    return staff


def test_extract_writes_the_ids_of_blocks_that_had_none_and_nothing_else(overdose):
    original = (DATA / f"{OVERDOSE}.md").read_text("utf-8")
    result = overdose.run("extract")
    written = article(overdose.root, OVERDOSE).read_text("utf-8")
    pinned = re.findall(r"^\{#(b-[0-9a-f]{8})\}\n", written, flags=re.M)
    assert len(pinned) == 5  # the intro, three paragraphs and the closing one
    assert result.output.startswith(f"library/{OVERDOSE}.md: wrote the ids of 5 blocks that "
                                    f"had no {{#id}} line: {', '.join(pinned)}\n")
    assert re.sub(r"^\{#b-[0-9a-f]{8}\}\n", "", written, flags=re.M) == original
    # The ids are the ones the blocks had: the template names them.
    template = (overdose.root / "locales" / "pot" / f"{OVERDOSE}.pot").read_text("utf-8")
    assert all(f'msgctxt "{block_id}"' in template for block_id in pinned)
    before = files(overdose.root)
    assert "wrote 0 files" in overdose.run("extract").output
    assert files(overdose.root) == before


def test_a_block_that_had_no_id_keeps_its_translation_through_an_edit(overdose):
    overdose.run("extract")
    block_id = next(k for k, m in entries(overdose.root, OVERDOSE).items()
                    if m.id == "Look for these signs:")
    review(overdose.root, OVERDOSE, {block_id: "Busque estas señales:"})
    edit(overdose.root, OVERDOSE, "Look for these signs:", "Look for these signs of danger:")
    result = overdose.run("extract")
    assert f"1 stale: {block_id}\n" in result.output
    assert "new:" not in result.output and "obsolete:" not in result.output
    stale = entries(overdose.root, OVERDOSE)[block_id]
    assert stale.string == "Busque estas señales:" and stale.fuzzy
    assert stale.previous_id == ["Look for these signs:"]
    assert status(overdose, OVERDOSE)["stale"] == 1


def test_a_renamed_id_keeps_the_translation_of_its_unchanged_english(staff):
    translation = entries(staff.root, SEED)["intro-2"].string
    edit(staff.root, SEED, "{#intro-2}\n", "{#intro-two}\n")
    result = staff.run("extract")
    assert f"locales/es/LC_MESSAGES/{SEED}.po: 1 renamed: intro-two (was intro-2)\n" in \
        result.output
    assert "new:" not in result.output and "obsolete:" not in result.output
    renamed = entries(staff.root, SEED)["intro-two"]
    assert (renamed.string, renamed.fuzzy) == (translation, False)
    assert status(staff, SEED)["reviewed"] == 16


def mistype_msgctxt(root: Path, old: str, new: str) -> int:
    """Change one entry's msgctxt in the Spanish catalog; return its line number."""
    path = catalog(root, SEED)
    lines = path.read_text("utf-8").split("\n")
    number = lines.index(f'msgctxt "{old}"')
    lines[number] = f'msgctxt "{new}"'
    path.write_text("\n".join(lines), "utf-8")
    return number + 1


@pytest.mark.parametrize("command", [("extract",), ("status",),
                                     ("build", "--engine", "silent", "--dry-run")])
def test_a_mistyped_msgctxt_is_refused_with_the_id_it_meant(staff, command):
    line = mistype_msgctxt(staff.root, "intro-2", "intro_2")
    before = files(staff.root)
    result = staff.run(*command, expect=1)
    assert result.output == (
        f"Error: locales/es/LC_MESSAGES/{SEED}.po:{line}: msgctxt 'intro_2' names no block of "
        f"library/{SEED}.md (closest known id: 'intro-2'). Set msgctxt to the id of the block "
        f"the entry translates (see locales/pot/{SEED}.pot), or delete the entry\n")
    assert files(staff.root) == before


def test_an_entry_of_a_removed_block_still_becomes_obsolete(staff):
    # The template still names the block, so its entry is no typo.
    edit(staff.root, SEED, "{#intro-2}\n", "")
    path = article(staff.root, SEED)
    path.write_text(re.sub(r"\nOmnia Recovery offers[^\n]+\n", "", path.read_text("utf-8")),
                    "utf-8")
    result = staff.run("extract")
    assert f"locales/es/LC_MESSAGES/{SEED}.po: 1 obsolete: intro-2\n" in result.output
    assert '#~ msgctxt "intro-2"' in catalog(staff.root, SEED).read_text("utf-8")


@pytest.mark.parametrize(("markup", "what"), [
    ("{#}", "is not a block id line"),
    ("{# intro-2}", "is not a block id line"),
    ("{#intro 2}", "is not a block id line"),
    ("{#intro-2", "is not a block id line"),
    ("{intro-2}", "is not a block id line"),
    ("{#Intro_2}", "is not a block id line"),
    ("{#intro-2 .note}", "is not a block id line"),
])
def test_malformed_id_markup_is_refused_with_the_id_it_meant(staff, markup, what):
    edit(staff.root, SEED, "{#intro-2}\n", f"{markup}\n")
    before = files(staff.root)
    for command in (("extract",), ("build", "--engine", "silent", "--dry-run")):
        result = staff.run(*command, expect=1)
        assert result.output == (
            f"Error: library/{SEED}.md:10: '{markup}' {what} (closest known id: 'intro-2'). "
            "Write {#intro-2}: lowercase letters, digits and hyphens between '{#' and '}', "
            "alone on the line right before its block\n")
    assert files(staff.root) == before


def test_id_markup_inside_text_is_refused(staff):
    edit(staff.root, SEED, "## The Cycle of Tolerance and Dependence\n",
         "## The Cycle of Tolerance and Dependence {#cycle}\n")
    result = staff.run("extract", expect=1)
    assert result.output.startswith(f"Error: library/{SEED}.md:23: '{{#cycle}}' is id markup "
                                    "inside a line of text. Write {#cycle}: ")


def test_an_id_line_that_marks_no_block_is_refused(staff):
    # Without a blank line above it, the id line is read as the end of the paragraph before.
    edit(staff.root, SEED, "program.\n\n{#how-heroin-hijacks-the-brains-reward}\n",
         "program.\n{#how-heroin-hijacks-the-brains-reward}\n")
    result = staff.run("extract", expect=1)
    assert result.output.startswith(
        f"Error: library/{SEED}.md:12: '{{#how-heroin-hijacks-the-brains-reward}}' marks no "
        "block: ")


def test_id_markup_never_reaches_the_page_the_cues_or_the_manifest(overdose, support):
    overdose.run("translate", "--lang", "es")  # machine drafts, published below
    overdose.run("build", "--engine", "silent", "--publish-drafts")
    client = support.make_app(overdose.root).test_client()
    published = [client.get(f"/{lang}/{OVERDOSE}/").get_data(as_text=True)
                 for lang in ("en", "es")]
    audio = overdose.root / "audio"
    published += [p.read_text("utf-8") for p in audio.rglob("*.vtt")]
    published.append((audio / "manifest.json").read_text("utf-8"))
    assert len(published) > 10 and 'data-block="signs-list-1"' in published[0]
    for text in published:
        assert "{#" not in text
