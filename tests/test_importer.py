"""Importing articles: the seed article as staff imported it, and bad input refused clearly."""

from __future__ import annotations

from conftest import SEED
from projects import PROJECT

from web.pipeline.inline import plain_text
from web.pipeline.sources import read_article


def test_importing_the_seed_gives_the_library_article(staff, tmp_path):
    (staff.root / "library" / "heroin-and-the-brain.md").unlink()
    result = staff.run("import", str(SEED), "--slug", "heroin-and-the-brain",
                       "--title", "How Heroin Affects the Brain", "--source", "Omnia Recovery")
    assert "5 sections" in result.output
    imported = staff.root / "library" / "heroin-and-the-brain.md"
    assert imported.read_text() == (PROJECT / "library" / "heroin-and-the-brain.md").read_text()
    article = read_article(imported)
    assert article.title == "How Heroin Affects the Brain"
    assert article.source == "Omnia Recovery"
    assert [s.heading.text if s.heading else None for s in article.sections] == [
        None,
        "How Heroin Hijacks the Brain’s Reward System",
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
