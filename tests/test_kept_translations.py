"""No reviewed word is lost: obsolete entries come back, catalogs keep their history, and a
translator's save during a command is never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

from web.pipeline.settings import load_settings
from web.pipeline.states import REVIEWED
from web.pipeline.translation.catalogs import message_state
from web.pipeline.translation.pofiles import read_catalog

SLUG = "heroin-and-the-brain"
PARAGRAPH = "the-cycle-of-tolerance-and-dependence-1"


def catalog(root: Path) -> Path:
    return root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"


def reviewed(root: Path) -> dict[str, str]:
    """Return the reviewed Spanish translations of the seed article by block id."""
    entries = read_catalog(catalog(root), load_settings(root), "es")
    return {m.context: m.string for m in entries if m.id and message_state(m) == REVIEWED}


def spanish_status(staff) -> dict:
    rows = json.loads(staff.run("status", "--json").output)
    return next(r for r in rows if r["article"] == SLUG and r["language"] == "es")


def test_undoing_a_wrong_replace_gives_every_reviewed_translation_back(seed_staff, tmp_path):
    root = seed_staff.root
    before = reviewed(root)
    original = tmp_path / "original.md"
    original.write_bytes((root / "library" / f"{SLUG}.md").read_bytes())
    wrong = tmp_path / "naloxone.md"
    wrong.write_text("---\ntitle: Naloxone\n---\n\nNaloxone reverses an opioid overdose.\n",
                     encoding="utf-8")
    seed_staff.run("import", str(wrong), "--slug", SLUG, "--replace")
    retired = seed_staff.run("extract").output
    assert f"{len(before) - 2} obsolete:" in retired  # and the title and summary stale
    seed_staff.run("import", str(original), "--slug", SLUG, "--replace")
    result = seed_staff.run("extract")
    assert f"{len(before)} restored" in result.output
    assert reviewed(root) == before
    assert spanish_status(seed_staff)["missing"] == 0


def remove_paragraph(root: Path) -> tuple[str, str]:
    """Remove the paragraph PARAGRAPH, as staff would in an editor; return the article's text
    and the paragraph's English as they were."""
    path = root / "library" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{{#{PARAGRAPH}}}\n")
    end = text.index("\n\n", start) + 2
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return text, text[start:end].split("\n")[1]


def test_a_paragraph_that_comes_back_gets_its_translation_back(seed_staff):
    root = seed_staff.root
    translation = reviewed(root)[PARAGRAPH]
    article, _ = remove_paragraph(root)
    seed_staff.run("extract")
    assert PARAGRAPH not in reviewed(root)
    (root / "library" / f"{SLUG}.md").write_text(article, encoding="utf-8")
    assert f"1 restored: {PARAGRAPH}" in seed_staff.run("extract").output
    assert reviewed(root)[PARAGRAPH] == translation


def test_a_paragraph_back_with_other_english_gets_its_translation_as_a_suggestion(seed_staff):
    root = seed_staff.root
    translation = reviewed(root)[PARAGRAPH]
    article, english = remove_paragraph(root)
    seed_staff.run("extract")
    (root / "library" / f"{SLUG}.md").write_text(
        article.replace("With repeated heroin use", "With repeated use"), encoding="utf-8")
    seed_staff.run("extract")
    entry = next(m for m in read_catalog(catalog(root), load_settings(root), "es")
                 if m.context == PARAGRAPH)
    assert entry.string == translation and entry.fuzzy
    assert entry.previous_id == [english]  # the English it was made for, to compare
    assert spanish_status(seed_staff)["stale"] == 1


def test_obsolete_entries_go_only_when_purged_and_a_restore_brings_them_back(seed_staff):
    root = seed_staff.root
    before = reviewed(root)
    remove_paragraph(root)
    seed_staff.run("extract")
    seed_staff.run("extract")  # a second run keeps them too
    assert f'#~ msgctxt "{PARAGRAPH}"' in catalog(root).read_text(encoding="utf-8")
    result = seed_staff.run("extract", "--purge-obsolete")
    assert "1 obsolete entry purged" in result.output
    assert f'#~ msgctxt "{PARAGRAPH}"' not in catalog(root).read_text(encoding="utf-8")
    listing = seed_staff.run("history", SLUG, "--lang", "es").output
    assert "locales/es/LC_MESSAGES/heroin-and-the-brain.po: 2 earlier versions" in listing
    seed_staff.run("history", SLUG, "--lang", "es", "--restore", "1")
    assert f'#~ msgctxt "{PARAGRAPH}"' in catalog(root).read_text(encoding="utf-8")
    seed_staff.run("history", SLUG, "--lang", "es", "--restore", "3")  # before the removal
    assert reviewed(root) == before


def test_restore_refuses_a_path_and_a_version_not_kept(seed_staff):
    result = seed_staff.run("history", "../../README", "--lang", "es", expect=1)
    assert "Error: ../../README: no article has this name" in result.output
    result = seed_staff.run("history", SLUG, "--lang", "es", "--restore", "4", expect=1)
    assert "no earlier version is kept" in result.output


def test_a_translators_save_during_extract_is_never_overwritten(seed_staff, monkeypatch):
    """extract flushes its files to disk together, then replaces each: a catalog saved
    meanwhile is left as saved, and no half-written file is left behind."""
    root = seed_staff.root
    path = root / "library" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n{#new-paragraph}\nCall for help.\n",
                    encoding="utf-8")
    saved = catalog(root).read_text(encoding="utf-8") + "\n# a translator's note\n"
    from web.pipeline import files

    flush = files._flush

    def translator_saves_meanwhile(paths):
        flush(paths)
        catalog(root).write_text(saved, encoding="utf-8")  # Poedit saves while extracting

    monkeypatch.setattr(files, "_flush", translator_saves_meanwhile)
    result = seed_staff.run("extract", expect=1)
    assert "Error: locales/es/LC_MESSAGES/heroin-and-the-brain.po: changed on disk while " \
           "extract was running" in result.output
    assert catalog(root).read_text(encoding="utf-8") == saved
    assert not [p.name for p in root.rglob("*.tmp")]
    monkeypatch.setattr(files, "_flush", flush)
    assert "new-paragraph" in seed_staff.run("extract").output  # run again, it goes through


def test_a_translators_save_during_translate_is_never_overwritten(seed_staff, monkeypatch):
    root = seed_staff.root
    path = root / "library" / f"{SLUG}.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n{#new-paragraph}\nCall for help.\n",
                    encoding="utf-8")
    seed_staff.run("extract")
    saved = catalog(root).read_text(encoding="utf-8").replace(
        "msgstr \"\"\n\n", "msgstr \"Pida ayuda.\"\n\n", 1)
    from web.pipeline.translation import drafts

    def translator_saves_meanwhile(engine, texts, glossary):
        catalog(root).write_text(saved, encoding="utf-8")  # Poedit saves while drafting
        return ["Llame para pedir ayuda."] * len(texts)

    monkeypatch.setattr(drafts, "machine_drafts", translator_saves_meanwhile)
    result = seed_staff.run("translate", expect=1)
    assert "Error: locales/es/LC_MESSAGES/heroin-and-the-brain.po: changed on disk while " \
           "translate was running" in result.output
    assert catalog(root).read_text(encoding="utf-8") == saved
