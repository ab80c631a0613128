"""Inputs too large for an article are refused at once, with what to do."""

from __future__ import annotations

import re

import pytest

from web.pipeline.blocks import MAX_BLOCKS, MAX_SECTIONS
from web.pipeline.textfiles import MAX_ARTICLE_BYTES


def test_a_file_too_large_for_an_article_is_refused_before_it_is_read(seed_staff, tmp_path):
    huge = tmp_path / "huge.txt"
    with huge.open("w", encoding="utf-8") as handle:
        handle.write("Huge\n\n")
        handle.truncate(MAX_ARTICLE_BYTES * 50)  # 50 MB, as the issue's
    result = seed_staff.run("import", str(huge), expect=1)
    assert "huge.txt: is 50.0 MB; an article holds at most 1 MB of text" in result.output
    assert not (seed_staff.root / "library" / "huge.md").exists()


def sections(count: int, paragraphs: int = 1) -> str:
    return "---\ntitle: Many\n---\n\n" + "".join(
        f"## Part {s}\n\n" + "".join(f"Text {s}-{p}.\n\n" for p in range(paragraphs))
        for s in range(count))


@pytest.mark.parametrize("text, what", [
    (sections(MAX_SECTIONS + 1), f"more than {MAX_SECTIONS} sections"),
    (sections(100, MAX_BLOCKS // 100), f"more than {MAX_BLOCKS} blocks"),
])
def test_an_article_with_too_many_sections_or_blocks_is_refused(seed_staff, tmp_path, text,
                                                                  what):
    source = tmp_path / "many.md"
    source.write_text(text, encoding="utf-8")
    result = seed_staff.run("import", str(source), expect=1)
    assert what in result.output and "Split it into several articles" in result.output
    assert re.search(r"many\.md \(as library/many\.md\):\d+: the article", result.output)
    # Dropped straight into library/, the build refuses it the same way.
    (seed_staff.root / "library" / "many.md").write_text(text, encoding="utf-8")
    result = seed_staff.run("build", "--engine", "silent", expect=1)
    assert "library/many.md:" in result.output and what in result.output


def test_a_duplicate_id_among_thousands_names_its_first_use(seed_staff, tmp_path):
    body = "".join(f"{{#p-{n}}}\nParagraph {n}.\n\n" for n in range(MAX_BLOCKS - 1))
    source = tmp_path / "ids.md"
    source.write_text(f"---\ntitle: Ids\n---\n\n{body}{{#p-7}}\nAgain.\n", encoding="utf-8")
    result = seed_staff.run("import", str(source), expect=1)
    assert "block id 'p-7' is already used on line 29" in result.output


def test_a_build_in_a_log_shows_its_progress_with_the_time_left(seed_staff, monkeypatch):
    monkeypatch.setattr("commands.progress.LOG_EVERY", 0)  # a long build's lines, in a short one
    lines = [line for line in seed_staff.run("build", "--engine", "silent").output.splitlines()
             if line.startswith("Building:")]
    steps = [line for line in lines if "made" in line]
    # Sentences and tracks are counted apart, each with its own pace: the silent engine voices
    # every sentence at once, and the time left is the tracks'.
    step = (r"Building: (\d+) of (\d+) sentences voiced, (\d+) of (\d+) tracks made "
            r"\((\d+) %\)(, about \d+ s left|, time left not known yet)?")
    found = [re.fullmatch(step, line) for line in steps]
    assert all(found) and len(found) >= 2, steps
    percents = [int(match[5]) for match in found]
    assert percents == sorted(percents) and percents[-1] == 100
    last = found[-1]
    assert (last[1], last[3]) == (last[2], last[4]) and last[6] is None  # no "0 s left"
    assert all(match[6] for match in found[:-1])
    # After the tracks, a line for each product the build makes, in order, then the manifest.
    assert lines[lines.index(steps[-1]) + 1:] == [
        "Building: making the pictures' sizes…", "Building: making the talking books…",
        "Building: making the covers…", "Building: making the offline downloads…",
        "Building: making the search index…", "Building: making the manifest…"]
