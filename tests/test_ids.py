"""Ids that survive edits: a reviewed translation stays with its English through a re-import,
an edit of a block that had no id, and a typo in a catalog or an article."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from projects import PROJECT
from test_importer import NALOXONE

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


def review_all(root: Path, slug: str) -> None:
    """Review every entry, each with a translation that names its English."""
    review(root, slug, {k: f"[es] {m.id}" for k, m in entries(root, slug).items()})


def write_revision(tmp_path: Path, name: str, text: str, changes: list[tuple[str, str]]) -> Path:
    """Write the revised article as its author sends it: the library's text with `changes`."""
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


EDITED = "If there is no change in 2 to 3 minutes, give a second dose."
REVISED = [  # two new paragraphs, one where the others would be renumbered, and one edit
    ("An opioid overdose can happen", "Call for help first.\n\nAn opioid overdose can happen"),
    ("Look for these signs:\n", "An overdose can look like deep sleep.\n\nLook for these "
                                "signs:\n"),
    (EDITED, "If there is no change in 2 to 3 minutes, give a second dose in the other "
             "nostril."),
]


def test_a_revised_markdown_article_keeps_every_reviewed_translation_on_its_english(
        overdose, tmp_path):
    overdose.run("extract")
    review_all(overdose.root, OVERDOSE)
    before = entries(overdose.root, OVERDOSE)
    edited = next(k for k, m in before.items() if m.id == EDITED)
    # The author's revision has no ids: it is the text as they wrote it again.
    text = re.sub(r"^\{#[\w-]+\}\n", "", (DATA / f"{OVERDOSE}.md").read_text("utf-8"),
                  flags=re.M)
    revision = write_revision(tmp_path, "overdose.md", text, REVISED)
    result = overdose.run("import", str(revision), "--slug", OVERDOSE, "--replace")
    assert result.output.splitlines()[1] == (
        f"Kept 13 ids; matched 1 edited block: {edited} (81 %); 2 new blocks: intro-1, "
        "signs-1; 0 removed blocks.")
    result = overdose.run("extract")
    assert f"{OVERDOSE}.po: 2 new: intro-1, signs-1\n" in result.output
    assert f"{OVERDOSE}.po: 1 stale: {edited}\n" in result.output
    assert "obsolete" not in result.output
    after = entries(overdose.root, OVERDOSE)
    assert set(after) == set(before) | {"intro-1", "signs-1"}
    for block_id, message in after.items():
        if block_id == edited:  # stale: the old translation, beside the English it was for
            assert message.fuzzy and message.previous_id == [EDITED]
            assert message.string == f"[es] {EDITED}" and message.id != EDITED
        elif block_id in ("intro-1", "signs-1"):
            assert not message.string
        else:  # reviewed, and made for this very English
            assert (message.string, message.fuzzy) == (f"[es] {message.id}", False)
    row = status(overdose, OVERDOSE)
    assert (row["total"], row["stale"], row["missing"]) == (32, 1, 2)


def test_a_revision_whose_quotes_became_straight_keeps_every_translation_reviewed(
        staff, tmp_path):
    # The seed writes "brain’s" and “feel-good”; an import makes quotes straight, which changes
    # what no translation says.
    text = re.sub(r"^\{#[\w-]+\}\n", "", article(staff.root, SEED).read_text("utf-8"),
                  flags=re.M)
    assert "’" in text
    revision = write_revision(tmp_path, "seed.md", text, [])
    result = staff.run("import", str(revision), "--slug", SEED, "--replace")
    assert result.output.splitlines()[1] == (
        "Kept 14 ids; matched 0 edited blocks; 0 new blocks; 0 removed blocks.")
    assert "’" not in article(staff.root, SEED).read_text("utf-8")
    assert "stale" not in staff.run("extract").output
    assert status(staff, SEED)["reviewed"] == 16


def test_a_moved_paragraph_keeps_its_id_and_translation(overdose, tmp_path):
    overdose.run("extract")
    review_all(overdose.root, OVERDOSE)
    closing = next(k for k, m in entries(overdose.root, OVERDOSE).items()
                   if m.id.startswith("For help with substance use"))
    text = article(overdose.root, OVERDOSE).read_text("utf-8")
    paragraph = re.search(r"\{#" + closing + r"\}\n(For help[^\n]+\n)", text)
    text = re.sub(r"^\{#[\w-]+\}\n", "", text.replace(paragraph.group(0), ""), flags=re.M)
    # From the end of the article to its top.
    revision = write_revision(tmp_path, "overdose.md", text, [
        ("An opioid overdose can", f"{paragraph.group(1)}\nAn opioid overdose can")])
    result = overdose.run("import", str(revision), "--slug", OVERDOSE, "--replace")
    assert result.output.splitlines()[1] == \
        "Kept 14 ids; matched 0 edited blocks; 0 new blocks; 0 removed blocks."
    assert "wrote 0 files" not in overdose.run("extract").output  # its line moved
    assert entries(overdose.root, OVERDOSE)[closing].string.startswith("[es] For help")
    assert status(overdose, OVERDOSE)["reviewed"] == 30


def test_the_ids_an_imported_file_writes_itself_are_kept(overdose, tmp_path):
    overdose.run("extract")
    text = article(overdose.root, OVERDOSE).read_text("utf-8")
    # The library's copy, edited elsewhere and imported back with its {#id} lines.
    revision = write_revision(tmp_path, "overdose.md", text, [
        ("Look for these signs:", "Look for these warning signs of an overdose:")])
    edited = re.search(r"\{#(b-\w+)\}\nLook for these", text).group(1)
    result = overdose.run("import", str(revision), "--slug", OVERDOSE, "--replace")
    assert result.output.splitlines()[1] == (
        f"Kept 13 ids; matched 1 edited block: {edited} (50 %); 0 new blocks; 0 removed blocks.")
    assert article(overdose.root, OVERDOSE).read_text("utf-8") == revision.read_text("utf-8")


def test_a_new_block_never_takes_the_id_of_a_removed_one(staff, tmp_path):
    first = write_revision(tmp_path, "naloxone.txt", NALOXONE, [])
    staff.run("import", str(first), "--slug", "naloxone", "--title", "Naloxone")
    staff.run("extract")
    review_all(staff.root, "naloxone")
    # The paragraph under "What Is Naloxone?" is rewritten from scratch: a new block where a
    # plain-text import numbers it as the removed one.
    revision = write_revision(tmp_path, "naloxone.txt", NALOXONE, [
        ("Naloxone (Narcan) quickly reverses an opioid overdose. It is safe to give.",
         "Pharmacies sell this medicine without a prescription in every state.")])
    result = staff.run("import", str(revision), "--slug", "naloxone", "--title", "Naloxone",
                       "--replace")
    assert result.output.splitlines()[1] == (
        "Kept 12 ids; matched 0 edited blocks; 1 new block: what-is-naloxone-2; "
        "1 removed block: what-is-naloxone-1.")
    result = staff.run("extract")
    assert "naloxone.po: 1 new: what-is-naloxone-2\n" in result.output
    assert "naloxone.po: 1 obsolete: what-is-naloxone-1\n" in result.output
    assert "stale" not in result.output
    assert not entries(staff.root, "naloxone")["what-is-naloxone-2"].string


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


def test_check_lists_a_mistyped_msgctxt_among_the_catalog_problems(staff):
    line = mistype_msgctxt(staff.root, "intro-2", "intro_2")
    result = staff.run("check", expect=1)
    assert result.output.startswith(f"locales/es/LC_MESSAGES/{SEED}.po:{line}: msgctxt "
                                    "'intro_2' names no block of library/")
    assert "Error: 1 problem in the catalogs" in result.output


def context_lines(root, context: str) -> set[int]:
    """Return the lines of the seed's Spanish catalog that give msgctxt `context`."""
    text = (root / "locales" / "es" / "LC_MESSAGES" / f"{SEED}.po").read_text("utf-8")
    return {n for n, line in enumerate(text.splitlines(), 1) if line == f'msgctxt "{context}"'}


@pytest.mark.parametrize("command", [("extract",), ("status",),
                                     ("build", "--engine", "silent", "--dry-run")])
def test_a_msgctxt_mistyped_as_another_blocks_id_is_refused(staff, command):
    # Both entries would be read as translations of intro-1: the sync would keep one.
    line = mistype_msgctxt(staff.root, "intro-2", "intro-1")
    other = context_lines(staff.root, "intro-1") - {line}
    before = files(staff.root)
    result = staff.run(*command, expect=1)
    assert result.output == (
        f"Error: locales/es/LC_MESSAGES/{SEED}.po:{line}: msgctxt 'intro-1' is also the "
        f"msgctxt of the entry on line {other.pop()}, and a block has one entry (closest known id: "
        f"'intro-2'). Set msgctxt to the id of the block the entry translates (see "
        f"locales/pot/{SEED}.pot), or delete the entry\n")
    assert files(staff.root) == before


def test_check_lists_a_msgctxt_mistyped_as_another_blocks_id(staff):
    # The entry written first is the mistyped one: the error is on its line.
    line = mistype_msgctxt(staff.root, "intro-1", "intro-2")
    other, = context_lines(staff.root, "intro-2") - {line}
    result = staff.run("check", expect=1)
    assert result.output.startswith(f"locales/es/LC_MESSAGES/{SEED}.po:{line}: msgctxt "
                                    f"'intro-2' is also the msgctxt of the entry on line "
                                    f"{other}, ")
    assert "(closest known id: 'intro-1')" in result.output


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
    ("#intro-2}", "is not a block id line"),
    ("[#intro-2]", "is not a block id line"),
    ("(#intro-2)", "is not a block id line"),
])
def test_malformed_id_markup_is_refused_with_the_id_it_meant(staff, markup, what):
    edit(staff.root, SEED, "{#intro-2}\n", f"{markup}\n")
    before = files(staff.root)
    for command in (("extract",), ("build", "--engine", "silent", "--dry-run")):
        result = staff.run(*command, expect=1)
        assert result.output == (
            f"Error: library/{SEED}.md:11: '{markup}' {what} (closest known id: 'intro-2'). "
            "Write {#intro-2}: lowercase letters, digits and hyphens between '{#' and '}', "
            "alone on the line right before its block\n")
    assert files(staff.root) == before


def test_id_markup_inside_text_is_refused(staff):
    edit(staff.root, SEED, "## The Cycle of Tolerance and Dependence\n",
         "## The Cycle of Tolerance and Dependence {#cycle}\n")
    result = staff.run("extract", expect=1)
    assert result.output.startswith(f"Error: library/{SEED}.md:24: '{{#cycle}}' is id markup "
                                    "inside a line of text. Write {#cycle}: ")


def test_an_id_line_that_marks_no_block_is_refused(staff):
    # Without a blank line above it, the id line is read as the end of the paragraph before.
    edit(staff.root, SEED, "program.\n\n{#how-heroin-hijacks-the-brains-reward}\n",
         "program.\n{#how-heroin-hijacks-the-brains-reward}\n")
    result = staff.run("extract", expect=1)
    assert result.output.startswith(
        f"Error: library/{SEED}.md:13: '{{#how-heroin-hijacks-the-brains-reward}}' marks no "
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
