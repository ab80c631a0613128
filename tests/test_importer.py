"""Importing articles: the seed article as staff imported it, and bad input refused clearly."""

from __future__ import annotations

import re

import pytest
from conftest import SEED
from projects import PROJECT

from web.pipeline.inline import plain_text
from web.pipeline.sources import read_article

STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def test_importing_the_seed_gives_the_library_article(staff, tmp_path):
    (staff.root / "library" / "heroin-and-the-brain.md").unlink()
    result = staff.run("import", str(SEED), "--slug", "heroin-and-the-brain",
                       "--title", "How Heroin Affects the Brain", "--source", "Omnia Recovery")
    assert result.output == ('Imported library/heroin-and-the-brain.md: "How Heroin Affects the '
                             'Brain", 5 sections, 10 paragraphs, 0 lists (0 items), 0 tables, '
                             '0 links.\n')
    imported = staff.root / "library" / "heroin-and-the-brain.md"
    # The library's copy was imported before curly quotes were made straight, and its topics
    # were added after.
    library = re.sub(r"(?m)^topics: .*\n", "",
                     (PROJECT / "library" / "heroin-and-the-brain.md").read_text())
    assert imported.read_text() == library.translate(STRAIGHT)
    article = read_article(imported)
    assert article.title == "How Heroin Affects the Brain"
    assert article.source == "Omnia Recovery"
    assert [s.heading.text if s.heading else None for s in article.sections] == [
        None,
        "How Heroin Hijacks the Brain's Reward System",
        "The Cycle of Tolerance and Dependence",
        "The Impact on Brain Structure and Function",
        "Breaking Free from Heroin Addiction",
    ]


def imported(staff, tmp_path, name: str, text: str, slug: str):
    """Import `text` as the file `name`, as staff would; return the article it became."""
    source = tmp_path / name
    source.write_text(text)
    staff.run("import", str(source))
    return read_article(staff.root / "library" / f"{slug}.md")


def test_plain_text_headings_are_found_as_a_reader_would(staff, tmp_path):
    article = imported(staff, tmp_path, "sleep.txt",
                       "Sleep and Recovery\n\nSleep helps the brain heal. It matters.\n\n"
                       "Why Sleep Matters\n\nDuring sleep the brain clears waste.\n",
                       "sleep-and-recovery")
    assert article.title == "Sleep and Recovery"
    assert article.sections[0].id == "intro"
    assert article.sections[1].heading.text == "Why Sleep Matters"
    assert article.sections[1].body[0].text == "During sleep the brain clears waste."


def _refused(staff, path, *options, message):
    before = sorted(p.name for p in (staff.root / "library").iterdir())
    result = staff.run("import", str(path), *options, expect=1)
    assert result.output.startswith("Error: ")
    assert message in result.output
    assert sorted(p.name for p in (staff.root / "library").iterdir()) == before
    return result


def test_bad_files_are_refused_with_where_and_what_to_do(staff, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    _refused(staff, empty, message="empty.txt: is empty")
    binary = tmp_path / "picture.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    _refused(staff, binary, message="is a binary file")
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("Title\n\nLa adicción\n".encode("latin-1"))
    _refused(staff, latin1, message="latin1.txt:3: is not valid UTF-8")


SLEEP = "Sleep and Recovery\n\nSleep helps the brain heal.\n\nWhy Sleep Matters\n\nLa adicción.\n"


@pytest.mark.parametrize(("encoding", "bom"), [
    ("utf-8", b"\xef\xbb\xbf"),  # Notepad's "UTF-8 with BOM"
    ("utf-16-le", b"\xff\xfe"),  # Notepad's and Word's "Unicode"
    ("utf-16-be", b"\xfe\xff"),
    ("utf-32-le", b"\xff\xfe\x00\x00"),
    ("utf-16-le", b""),  # saved by a tool that writes no BOM: its zero bytes tell
    ("utf-16-be", b""),
])
def test_text_saved_as_unicode_with_a_bom_is_read_as_utf8_is(staff, tmp_path, encoding, bom):
    plain = tmp_path / "plain.txt"
    plain.write_text(SLEEP, "utf-8")
    staff.run("import", str(plain), "--slug", "plain", "--source", "staff")
    saved = tmp_path / "saved.txt"
    saved.write_bytes(bom + SLEEP.replace("\n", "\r\n").encode(encoding))
    result = staff.run("import", str(saved), "--slug", "saved-text", "--source", "staff")
    assert result.output.startswith('Imported library/saved-text.md: "Sleep and Recovery", 2 '
                                    'sections')
    library = staff.root / "library"
    assert (library / "saved-text.md").read_text("utf-8") == \
        (library / "plain.md").read_text("utf-8")


@pytest.mark.parametrize(("name", "data", "what"), [
    ("leaflet.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
     ": is a PDF, not text. Open it, copy its text into a .txt or .md file and import that file."),
    ("leaflet.txt", b"%PDF-1.4\n", ": is a PDF, not text."),
    ("page.txt", b"\xef\xbb\xbf\n<!-- saved -->\n<HTML><p>Sleep.</p></HTML>",
     ": is a web page (HTML), not text. Give its file name the .html ending and import it "
     "again, or import the page's web address."),
    ("leaflet.txt", b"PK\x03\x04\x14\x00\x06\x00", ": is a Word document (or another zipped "
     "file), not text. If it is a Word document, give its file name the .docx ending and import "
     "it again."),
    ("leaflet.docx", b"PK\x03\x04\x14\x00\x06\x00", ": is damaged or not a Word document. Open "
     "it in Word and save it again as .docx."),
    ("notes.txt", b"{\\rtf1\\ansi Sleep}", ": is a rich text (RTF) document, not text. Give its "
     "file name the .rtf ending and import it again, or save it as .docx in Word."),
    ("cut.txt", b"\xff\xfe" + "Title\n\nText\n".encode("utf-16-le") + b"\x00",
     ":4: is not valid UTF-16 (truncated data). Save it as UTF-8 and run the command again."),
])
def test_documents_that_are_not_text_are_refused_with_what_to_do(staff, tmp_path, name, data,
                                                                  what):
    document = tmp_path / name
    document.write_bytes(data)
    result = _refused(staff, document, message=what)
    assert result.output.startswith(f"Error: {document}{what}")


def test_an_article_without_a_title_is_refused(staff, tmp_path):
    untitled = tmp_path / "untitled.md"
    untitled.write_text("Just a paragraph of text that ends with a full stop.\n")
    _refused(staff, untitled, message="title")


def test_a_second_article_with_the_same_slug_is_refused(staff):
    result = _refused(staff, SEED, "--slug", "heroin-and-the-brain", "--title", "Again",
                      message="heroin-and-the-brain")
    assert "--replace" in result.output


def test_a_heading_named_like_a_reserved_block_gets_its_own_id(staff, tmp_path):
    article = imported(staff, tmp_path, "notes.txt",
                       "Notes on Sleep\n\nSleep helps the brain heal.\n\nSummary\n\n"
                       "Rest matters.\n\nIntro\n\nSo does light.\n", "notes-on-sleep")
    assert [s.heading.text for s in article.sections[1:]] == ["Summary", "Intro"]
    assert not {s.id for s in article.sections[1:]} & {"title", "summary", "intro"}


def test_markdown_formatting_is_kept_for_the_page_and_not_spoken(staff, tmp_path):
    article = imported(staff, tmp_path, "help.md",
                       "# Where to Find Help\n\nCall **today**: the "
                       "[helpline](https://example.org/help) answers *day and night*.\n",
                       "where-to-find-help")
    block = article.sections[0].body[0]
    assert block.text == \
        "Call **today**: the [helpline](https://example.org/help) answers *day and night*."
    assert plain_text(block.text) == "Call today: the helpline answers day and night."

# As pasted from a word processor: curly quotes, a no-break space (Call 911), soft hyphens
# (nal-ox-one) and a zero-width space (sec-ond).
NALOXONE = (
    "An overdose can happen to anyone who uses opioids. Acting fast saves lives.\n"
    "\n"
    "What Is Naloxone?\n"
    "\n"
    "Naloxone (Narcan) quickly reverses an opioid overdose. It is safe to give.\n"
    "\n"
    "Signs of an Overdose\n"
    "\u2022 Small, pinpoint pupils\n"
    "\u2022 Slow, weak or no breathing\n"
    "\u2022 Blue or gray lips and fingertips\n"
    "\n"
    "Step 1: Call for help\n"
    "\n"
    "Call\u00a0911 right away. Say \u201csomeone isn\u2019t breathing\u201d and give the "
    "address.\n"
    "\n"
    "Step 2: Give nal\u00adox\u00adone (Narcan)\n"
    "\n"
    "Spray one dose in a nostril. If breathing does not improve in 2\u20133 minutes, give a "
    "sec\u200bond dose.\n"
    "\n"
    "While You Wait\n"
    "\n"
    "Stay calm. Help is on the way.\n"
    "1. Lay the person on their side.\n"
    "2. Stay with them until help arrives.\n"
    "3. Tell the responders what the person took.\n"
    "\n"
    "Poison Help: 1-800-222-1222 (free, 24/7).\n"
)

NALOXONE_MARKDOWN = """---
title: Responding to an Opioid Overdose
summary: An overdose can happen to anyone who uses opioids.
source: Omnia Recovery
---

{#intro-1}
An overdose can happen to anyone who uses opioids. Acting fast saves lives.

{#what-is-naloxone}
## What Is Naloxone?

{#what-is-naloxone-1}
Naloxone (Narcan) quickly reverses an opioid overdose. It is safe to give.

{#signs-of-an-overdose}
## Signs of an Overdose

{#signs-of-an-overdose-1}
- Small, pinpoint pupils
- Slow, weak or no breathing
- Blue or gray lips and fingertips

{#step-1-call-for-help}
## Step 1: Call for help

{#step-1-call-for-help-1}
Call 911 right away. Say "someone isn't breathing" and give the address.

{#step-2-give-naloxone-narcan}
## Step 2: Give naloxone (Narcan)

{#step-2-give-naloxone-narcan-1}
Spray one dose in a nostril. If breathing does not improve in 2–3 minutes, give a second dose.

{#while-you-wait}
## While You Wait

{#while-you-wait-1}
Stay calm. Help is on the way.

{#while-you-wait-2}
1. Lay the person on their side.
2. Stay with them until help arrives.
3. Tell the responders what the person took.

{#while-you-wait-3}
Poison Help: 1-800-222-1222 (free, 24/7).
"""


def test_plain_text_is_imported_as_a_person_sees_it(staff, tmp_path):
    source = tmp_path / "naloxone.txt"
    source.write_text(NALOXONE, encoding="utf-8")
    result = staff.run("import", str(source), "--title", "Responding to an Opioid Overdose",
                       "--source", "Omnia Recovery")
    assert result.output == (
        'Imported library/responding-to-an-opioid-overdose.md: "Responding to an Opioid '
        'Overdose", 6 sections, 6 paragraphs, 2 lists (6 items), 0 tables, 0 links.\n')
    written = staff.root / "library" / "responding-to-an-opioid-overdose.md"
    assert written.read_text(encoding="utf-8") == NALOXONE_MARKDOWN


def test_a_numbered_list_keeps_its_numbers_and_bullets_become_dashes(staff, tmp_path):
    source = tmp_path / "methadone.txt"
    source.write_text("Taking Methadone Safely\n"
                      "Methadone is a medicine for opioid use disorder.\n"
                      "3) Take it once a day.\n"
                      "4) Never take more than prescribed.\n"
                      "* Keep it locked away.\n"
                      "- Ask before taking other medicines.\n", encoding="utf-8")
    result = staff.run("import", str(source))
    assert result.output == (
        'Imported library/taking-methadone-safely.md: "Taking Methadone Safely", 1 section, '
        '1 paragraph, 2 lists (4 items), 0 tables, 0 links.\n')
    text = (staff.root / "library" / "taking-methadone-safely.md").read_text(encoding="utf-8")
    assert text.endswith("{#intro-2}\n3. Take it once a day.\n4. Never take more than "
                         "prescribed.\n\n{#intro-3}\n- Keep it locked away.\n- Ask before "
                         "taking other medicines.\n")


def test_markdown_lists_tables_and_links_are_counted(staff, tmp_path):
    source = tmp_path / "help.md"
    source.write_text("# Where to Find Help\n\nCall the [helpline](https://example.org/help) "
                      "or [text us](sms:988).\n\n## Nearby\n\n- Clinics\n- Pharmacies\n\n"
                      "| Place | Open |\n|---|---|\n| Clinic | 9 to 5 |\n", encoding="utf-8")
    result = staff.run("import", str(source))
    assert result.output == (
        'Imported library/where-to-find-help.md: "Where to Find Help", 2 sections, 1 paragraph, '
        '1 list (2 items), 1 table, 2 links.\n')
    text = (staff.root / "library" / "where-to-find-help.md").read_text(encoding="utf-8")
    assert "{#nearby-1}\n- Clinics\n- Pharmacies\n" in text


def test_lists_may_repeat_an_item(staff, tmp_path):
    article = imported(staff, tmp_path, "check.txt",
                       "Check the Person\n\nLook and listen before you act.\n\n"
                       "Is the person breathing?\n- Yes\n- No\n\n"
                       "Is the person awake?\n- Yes\n- No\n", "check-the-person")
    assert [s.heading.text for s in article.sections[1:]] == [
        "Is the person breathing?", "Is the person awake?"]
    assert [b.id for b in article.sections[2].body] == ["is-the-person-awake-1-1",
                                                       "is-the-person-awake-1-2"]
