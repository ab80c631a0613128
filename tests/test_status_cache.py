"""`status` and `check` keep each edition's status (`.cache/status.json`), so with nothing new
they parse no article and no catalog; yet what they show is exactly what a first run shows, and
an edit to an article or a catalog shows at once."""

from __future__ import annotations

import json
import shutil

import pytest
from test_catalogs import PARAGRAPH
from test_drafts import write_article

from web.pipeline import sources

SEED = "heroin-and-the-brain"


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The articles the command parses, by slug."""
    parse, slugs = sources.parse_article, []

    def counted(text, path, *args, **kwargs):
        slugs.append(path.stem)
        return parse(text, path, *args, **kwargs)

    monkeypatch.setattr(sources, "parse_article", counted)
    return slugs


def cold(staff, *args: str) -> str:
    """Return a command's output with no kept status (as on a first run)."""
    shutil.rmtree(staff.root / ".cache", ignore_errors=True)
    return staff.run(*args).output


def row(output: str, language: str = "es") -> dict:
    return next(r for r in json.loads(output) if (r["article"], r["language"]) == (SEED, language))


@pytest.mark.parametrize("command", [("status",), ("status", "--json"), ("check",)])
def test_nothing_new_parses_no_article_and_shows_the_same(staff, parsed, command):
    first = cold(staff, *command)
    assert parsed  # the first run reads the library
    parsed.clear()
    assert staff.run(*command).output == first
    assert parsed == []


def test_a_translation_marked_fuzzy_shows_at_once(staff, parsed):
    reviewed = row(staff.run("status", "--json").output)["reviewed"]
    catalog = staff.root / "locales" / "es" / "LC_MESSAGES" / f"{SEED}.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace(f'msgctxt "{PARAGRAPH}"', f'#, fuzzy\nmsgctxt "{PARAGRAPH}"'),
                       encoding="utf-8")
    parsed.clear()
    warm = staff.run("status", "--json").output
    assert (row(warm)["reviewed"], row(warm)["draft"]) == (reviewed - 1, 1)
    assert parsed == [SEED]  # the other articles' status is kept
    assert warm == cold(staff, "status", "--json")


def test_a_changed_source_paragraph_shows_at_once(staff):
    staff.run("status")
    article = staff.root / "library" / f"{SEED}.md"
    text = article.read_text(encoding="utf-8")
    # As many bytes as before: the size alone cannot tell.
    article.write_text(text.replace("reducing its natural", "lowering its natural"),
                       encoding="utf-8")
    assert article.stat().st_size == len(text.encode("utf-8"))
    warm = staff.run("status", "--json").output
    assert row(warm)["stale"] == 1
    assert warm == cold(staff, "status", "--json")


def test_a_damaged_record_only_costs_time(staff, parsed):
    first = staff.run("status").output
    (staff.root / ".cache" / "status.json").write_text('{"editions": [1', encoding="utf-8")
    parsed.clear()
    assert staff.run("status").output == first
    assert parsed  # read again


def test_a_broken_easy_read_link_is_named_by_its_line_as_on_a_first_run(staff):
    staff.run("status")
    easy = staff.root / "library" / f"{SEED}-easy-read.md"
    easy.write_text(easy.read_text(encoding="utf-8").replace(
        f"easy-read-of: {SEED}", "easy-read-of: heroin-and-the-brian"), encoding="utf-8")
    warm = staff.run("status", expect=1).output
    assert "easy-read-of names heroin-and-the-brian" in warm
    shutil.rmtree(staff.root / ".cache")
    assert staff.run("status", expect=1).output == warm


def test_one_language_at_a_time_keeps_the_other(staff, parsed):
    both = staff.run("status").output
    assert staff.run("status", "--lang", "es").output == cold(staff, "status", "--lang", "es")
    staff.run("status")
    parsed.clear()
    staff.run("status", "--lang", "es")
    assert staff.run("status").output == both
    assert parsed == []


def test_after_translate_status_and_check_read_nothing_and_show_what_a_first_run_shows(
        staff, parsed):
    """translate keeps the status of what it wrote: exactly what a first run computes."""
    write_article(staff.root, "getting-help", [("help-1", "Call your doctor today."),
                                               ("help-2", "Rest and drink water.")])
    staff.run("translate", "--lang", "es")
    parsed.clear()
    warm = {command: staff.run(*command, expect=None).output
            for command in (("status", "--json"), ("status",), ("check",))}
    assert parsed == []
    assert "getting-help" in warm["status",]
    for command, output in warm.items():
        assert output == cold(staff, *command)
