"""The translation workflow as staff run it: extract, translate, status and check."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from manage_content import cli
from web.pipeline.settings import load_settings
from web.pipeline.sources import read_article
from web.pipeline.translation.checks import compare_entry
from web.pipeline.translation.glossary import Glossary
from web.pipeline.translation.localize import localize_article
from web.pipeline.translation.pofiles import read_catalog

SLUG = "heroin-and-the-brain"
PARAGRAPH = "the-cycle-of-tolerance-and-dependence-1"


def article_path(root: Path) -> Path:
    return root / "library" / f"{SLUG}.md"


def catalog_path(root: Path, language: str = "es") -> Path:
    return root / "locales" / language / "LC_MESSAGES" / f"{SLUG}.po"


def entries(root: Path) -> dict:
    """Return the Spanish catalog's entries by block id."""
    settings = load_settings(root)
    catalog = read_catalog(catalog_path(root), settings, "es")
    return {m.context: m for m in catalog if m.id}


def set_paragraph(root: Path, block_id: str, text: str | None) -> None:
    """Replace (or with None, remove) one paragraph, as staff would in an editor."""
    path = article_path(root)
    pattern = re.compile(r"\{#" + re.escape(block_id) + r"\}\n[^\n]+\n\n?")
    replacement = "" if text is None else f"{{#{block_id}}}\n{text}\n\n"
    path.write_text(pattern.sub(lambda _: replacement, path.read_text()), encoding="utf-8")


def add_paragraph(root: Path, block_id: str, text: str) -> None:
    path = article_path(root)
    path.write_text(path.read_text() + f"\n{{#{block_id}}}\n{text}\n", encoding="utf-8")


def status(staff) -> dict:
    rows = json.loads(staff.run("status", "--json").output)
    return next(r for r in rows if r["article"] == SLUG and r["language"] == "es")


def files(root: Path) -> dict:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in (root / "locales").rglob("*") if p.is_file()}


def msgfmt_check(path: Path) -> None:
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_status_reports_the_seed_article_fully_reviewed_in_spanish(staff):
    row = status(staff)
    assert row["total"] == 16  # title, summary, 4 headings, 10 paragraphs
    assert row["reviewed"] == row["total"]
    assert row["draft"] == row["stale"] == row["missing"] == 0
    table = staff.run("status").output
    assert "3 of 3 translations fully reviewed." in table  # the seed, its easy read, the glossary


def test_the_committed_catalogs_are_in_sync_and_valid(staff):
    before = files(staff.root)
    result = staff.run("extract")
    assert "wrote 0 files" in result.output
    assert files(staff.root) == before
    assert "All catalogs are valid." in staff.run("check").output
    msgfmt_check(catalog_path(staff.root))


def test_editing_one_paragraph_makes_exactly_that_entry_stale(staff):
    before = entries(staff.root)
    old_english = before[PARAGRAPH].id
    set_paragraph(staff.root, PARAGRAPH, "Tolerance means the same dose does less over time.")
    result = staff.run("extract")
    assert f"1 stale: {PARAGRAPH}" in result.output
    assert "new:" not in result.output and "obsolete:" not in result.output
    after = entries(staff.root)
    stale = after[PARAGRAPH]
    assert stale.fuzzy and stale.string == before[PARAGRAPH].string
    assert stale.previous_id == [old_english]  # the translator sees what changed
    for block_id, message in after.items():
        if block_id != PARAGRAPH:
            assert (message.id, message.string, message.fuzzy) == (
                before[block_id].id, before[block_id].string, False)
    row = status(staff)
    assert (row["stale"], row["reviewed"]) == (1, 15)
    msgfmt_check(catalog_path(staff.root))
    # Stale text is not published as if reviewed: the English is shown instead.
    settings = load_settings(staff.root)
    localized = localize_article(read_article(article_path(staff.root)), "es", settings)
    block = next(b for s in localized.sections for b in s.blocks if b.id == PARAGRAPH)
    assert (block.language, block.state) == ("en", "stale")
    # Running extract again keeps it stale and changes nothing.
    unchanged = files(staff.root)
    staff.run("extract")
    assert files(staff.root) == unchanged


def test_a_removed_paragraph_becomes_obsolete_and_its_translation_is_kept(staff):
    translation = entries(staff.root)[PARAGRAPH].string
    set_paragraph(staff.root, PARAGRAPH, None)
    result = staff.run("extract")
    assert f"1 obsolete: {PARAGRAPH}" in result.output
    assert PARAGRAPH not in entries(staff.root)
    text = catalog_path(staff.root).read_text()
    assert f'#~ msgctxt "{PARAGRAPH}"' in text
    assert translation.split()[0] in text
    assert status(staff)["total"] == 15


def test_machine_drafts_fill_only_missing_entries_and_follow_the_glossary(staff):
    add_paragraph(staff.root, "new-paragraph",
                  "Omnia Recovery treats heroin addiction with kindness.")
    result = staff.run("translate", "--lang", "es")
    assert "1 drafted: new-paragraph" in result.output
    after = entries(staff.root)
    draft = after["new-paragraph"]
    assert draft.fuzzy and not draft.previous_id
    assert draft.user_comments == ["machine draft by apertium: review before publishing"]
    assert "Omnia Recovery" in draft.string  # a name the glossary keeps
    assert "heroína" in draft.string.lower()  # the glossary's term, not Apertium's guess
    assert "*" not in draft.string and "#" not in draft.string
    row = status(staff)
    assert (row["draft"], row["reviewed"], row["missing"]) == (1, 16, 0)
    msgfmt_check(catalog_path(staff.root))
    # Drafts are published in English unless staff ask for machine translations.
    settings = load_settings(staff.root)
    article = read_article(article_path(staff.root))
    block = localize_article(article, "es", settings).sections[-1].body[-1]
    assert (block.language, block.state, block.text) == ("en", "draft", article.blocks[-1].text)
    published = localize_article(article, "es", settings, publish_drafts=True)
    assert published.sections[-1].body[-1].text == draft.string
    # A second run drafts nothing and never touches what has a translation.
    unchanged = files(staff.root)
    assert "Drafted 0 entries" in staff.run("translate").output
    assert files(staff.root) == unchanged


def test_check_names_file_line_and_what_differs(staff):
    path = catalog_path(staff.root)
    text = path.read_text()
    text = text.replace("Los Ángeles", "Los Angeles").replace(  # glossary, then a number
        '"Los Angeles."', '"Los Angeles en 2024."')
    text = text.replace('msgstr "El ciclo de la tolerancia y la dependencia"', 'msgstr ""')
    path.write_text(text)
    result = staff.run("check", expect=1)
    assert re.search(r"locales/es/LC_MESSAGES/heroin-and-the-brain\.po:\d+: 'intro-2': "
                     r"numbers differ", result.output)
    assert "glossary: 'Los Angeles' must be translated as 'Los Ángeles'" in result.output
    assert "'the-cycle-of-tolerance-and-dependence' is not translated yet" in result.output
    assert "Error: 3 problems in the catalogs" in result.output


NO_TERMS = Glossary("es", ())


def test_a_reordered_phone_number_fails_and_a_reordered_date_passes():
    hotline = "Call the Poison Help line at 1-800-222-1222."
    assert compare_entry(hotline, "Llame a la línea de ayuda al 1-800-1222-222.", NO_TERMS) \
        == ["phone numbers differ: ['1-800-222-1222'] in English, ['1-800-1222-222'] in the "
            "translation"]
    assert compare_entry(hotline, "Llame a la línea de ayuda al 1 800 222 1222.",
                         NO_TERMS) == []
    assert compare_entry("Clinics close on March 3, 2025.",
                         "Las clínicas cierran el 3 de marzo de 2025.", NO_TERMS) == []
    assert compare_entry("Take 1,000 mg, 2 times a day.",
                         "Tome 2 veces al día 1.000 mg.", NO_TERMS) == []
    assert compare_entry("From 2010-2020, 1,000,000 people called.",
                         "De 2010 a 2020 llamaron 1 000 000 de personas.", NO_TERMS) == []


def test_a_po_syntax_error_is_reported_with_its_line_and_nothing_is_written(staff):
    path = catalog_path(staff.root)
    lines = path.read_text().splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("msgctxt"))
    lines[number] = "msgctxt title without quotes\n"
    path.write_text("".join(lines))
    before = files(staff.root)
    for command in ("extract", "check", "status"):
        result = staff.run(command, expect=1)
        assert f"locales/es/LC_MESSAGES/{SLUG}.po:{number + 1}:" in result.output
    assert files(staff.root) == before


CURLY = ("the text is between curly quotes (“ ”); the PO format needs straight ones (\"). Type "
         "\" at its start and end (curly quotes inside the text are fine).")


@pytest.mark.parametrize(("old", "new"), [
    # As a word processor types them: both quotes, only the closing one, a continuation line.
    ('msgstr "Cómo afecta la heroína al cerebro"', "msgstr “Cómo afecta la heroína al cerebro”"),
    ('msgstr "Cómo afecta la heroína al cerebro"', 'msgstr "Cómo afecta la heroína al cerebro”'),
    ('"most addictive substances', "“most addictive substances"),
])
def test_curly_quotes_around_a_po_text_are_reported_on_their_line(staff, old, new):
    path = catalog_path(staff.root)
    text = path.read_text("utf-8")
    number = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), "utf-8")
    before = files(staff.root)
    problem = f"locales/es/LC_MESSAGES/{SLUG}.po:{number}: {CURLY}\n"
    for command in ("extract", "status"):
        assert staff.run(command, expect=1).output == f"Error: {problem}"
    assert staff.run("check", expect=1).output == (
        f"{problem}Error: 1 problem in the catalogs. Fix them and run check again.\n")
    assert files(staff.root) == before


def test_a_po_error_only_babel_finds_is_reported_on_its_line(staff, monkeypatch):
    monkeypatch.setattr("web.pipeline.translation.pofiles.shutil.which", lambda name: None)
    path = catalog_path(staff.root)
    text = path.read_text("utf-8")
    comment = "#. the article's summary\n"
    number = text[:text.index(comment)].count("\n") + 2
    path.write_text(text.replace(comment, comment + '"a line of text that belongs to nothing"\n'),
                    "utf-8")
    result = staff.run("status", expect=1)
    assert result.output == (
        f"Error: locales/es/LC_MESSAGES/{SLUG}.po:{number}: Got line starting with \" but not in "
        "msgid, msgstr or msgctxt. Fix the PO syntax and run the command again.\n")


@pytest.mark.parametrize(("row", "message"), [
    (",tolerancia,", "the 'es' term 'tolerancia' has no 'en' term. Add it, or delete the row."),
    ("tolerance, ,a note", "'tolerance' has no 'es' term. Add it, or repeat the source term for "
     "a name that is not translated."),
])
def test_a_glossary_term_without_its_other_half_is_refused_on_its_line(staff, row, message):
    path = staff.root / "locales" / "glossary.csv"
    text = path.read_text("utf-8")
    # A blank line and an empty row before it are skipped, but still counted as lines.
    path.write_text(f"{text}\n,,\n{row}\n", "utf-8")
    number = text.count("\n") + 3
    assert staff.run("status", expect=1).output == f"Error: locales/glossary.csv:{number}: " \
        f"{message}\n"


def test_a_glossary_saved_by_excel_with_a_bom_is_read(staff):
    path = staff.root / "locales" / "glossary.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    staff.run("check")


# The files staff edit by hand, and the commands that read them.
EDITED_FILES = ["library/library.toml", "locales/glossary.csv", "locales/en/topics.csv",
                "locales/es/pronunciation.csv", f"locales/es/LC_MESSAGES/{SLUG}.po"]
READERS = [("status",), ("check",), ("build", "--engine", "silent", "--dry-run")]


@pytest.mark.parametrize("name", EDITED_FILES)
@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])  # Notepad's two "Unicode" kinds
def test_a_file_saved_with_a_bom_or_as_utf16_reads_as_in_utf8(staff, name, encoding):
    expected = [staff.run(*command).output for command in READERS]
    path = staff.root / name
    path.write_bytes(path.read_text("utf-8").encode(encoding))
    assert [staff.run(*command).output for command in READERS] == expected


def test_a_catalog_for_an_unconfigured_language_is_refused(staff):
    french = catalog_path(staff.root, "fr")
    french.parent.mkdir(parents=True)
    shutil.copy(catalog_path(staff.root), french)
    before = files(staff.root)
    result = staff.run("extract", expect=1)
    assert "Error: locales/fr/LC_MESSAGES/heroin-and-the-brain.po: language 'fr' is not " \
           "configured" in result.output
    assert "library/library.toml" in result.output
    assert files(staff.root) == before


def test_an_unknown_draft_engine_is_refused_and_a_missing_one_leaves_hand_work(staff,
                                                                             monkeypatch):
    add_paragraph(staff.root, "new-paragraph", "A paragraph to translate.")
    result = staff.run("translate", "--engine", "nosuch", expect=1)
    assert "Error: --engine nosuch: no such draft engine. Choose one of: apertium." in \
        result.output
    monkeypatch.setattr("web.pipeline.translation.translators.shutil.which", lambda name: None)
    result = staff.run("translate")
    assert "No machine draft engine for en→es here: apertium: the 'apertium' program is not " \
           "installed. Install the Debian package apertium-eng-spa. Translate by hand in " \
           "locales/es/LC_MESSAGES/heroin-and-the-brain.po." in result.output
    assert "Traceback" not in result.output


def test_every_command_has_help_with_an_example(staff):
    assert {"import", "extract", "translate", "status", "check", "build", "voices",
            "export"} <= set(cli.commands)
    for command in cli.commands:
        assert "Example:" in staff.run(command, "--help").output


def test_a_folder_in_the_way_is_a_clear_error_not_a_traceback(staff):
    shutil.rmtree(staff.root / "locales" / "pot", ignore_errors=True)
    (staff.root / "locales" / "pot").write_text("not a folder")
    result = staff.run("extract", expect=1)
    assert result.output.startswith("Error: ") and "locales/pot" in result.output
    assert "Traceback" not in result.output


def test_a_translate_dry_run_tells_what_a_real_run_drafts_and_writes_nothing(staff):
    add_paragraph(staff.root, "new-paragraph", "Sleep helps the brain heal.")
    before = files(staff.root)
    result = staff.run("translate", "--dry-run")
    assert "1 to draft: new-paragraph" in result.output and "Would draft 1 entry" in result.output
    assert files(staff.root) == before
    assert "Drafted 1 entry" in staff.run("translate").output


@pytest.mark.parametrize(("command", "code", "allowed"), [
    ("status", "fr", "es"), ("status", "en", "es"), ("translate", "fr", "es"),
    ("build", "fr", "en, es"), ("voices", "fr", "en, es")])
def test_every_command_refuses_a_language_the_library_does_not_have(staff, command, code,
                                                                    allowed):
    result = staff.run(command, "--lang", code, expect=1)
    kind = "a language" if command in ("build", "voices") else "a translated language"
    assert result.output == (f"Error: --lang {code}: not {kind} of the library. "
                             f"Use one of {allowed}.\n")
