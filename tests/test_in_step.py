"""`extract` and `translate` with nothing new read no catalog (a library of hundreds of articles
answers at once), and yet never miss what staff changed: an edited article, a catalog a
translator emptied or damaged, a catalog deleted, a new language."""

from __future__ import annotations

import pytest
from test_drafts import catalog_of, write_article

from web.pipeline.translation import pofiles

SEED = "heroin-and-the-brain"


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The catalogs the command reads, by file name."""
    read, names = pofiles.read_catalog, []

    def counted(path, *args, **kwargs):
        names.append(path.name)
        return read(path, *args, **kwargs)

    for module in ("extract", "drafts", "memory", "catalogs"):
        monkeypatch.setattr(f"web.pipeline.translation.{module}.read_catalog", counted)
    return names


@pytest.fixture
def translated(staff):
    """The project with a second article, its catalogs drafted and in step."""
    write_article(staff.root, "getting-help", [("help-1", "Call your doctor today."),
                                               ("help-2", "Rest and drink water.")])
    staff.run("translate", "--lang", "es")
    return staff


def test_nothing_new_reads_no_catalog(translated, reads):
    assert "wrote 0 files" in translated.run("extract").output
    assert "Drafted 0 entries" in translated.run("translate").output
    assert reads == []


def test_an_edited_paragraph_is_seen(translated, reads):
    path = translated.root / "library" / "getting-help.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Rest", "Sleep"), encoding="utf-8")
    output = translated.run("extract").output
    assert "locales/es/LC_MESSAGES/getting-help.po: 1 stale: help-2" in output
    assert "getting-help.po" in reads and f"{SEED}.po" not in reads  # only the edited article


def test_an_edit_of_the_same_size_is_seen(translated, reads):
    """A file's size and time are trusted, never its size alone."""
    path = translated.root / "library" / "getting-help.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Rest", "Stay"), encoding="utf-8")
    assert path.stat().st_size == len(text.encode("utf-8"))
    output = translated.run("extract").output
    assert "locales/es/LC_MESSAGES/getting-help.po: 1 stale: help-2" in output
    assert "getting-help.po" in reads


def test_an_entry_a_translator_emptied_is_drafted_again(translated):
    path = translated.root / "locales" / "es" / "LC_MESSAGES" / "getting-help.po"
    text = path.read_text(encoding="utf-8")
    drafted = catalog_of(translated.root, "getting-help")["help-1"].string
    path.write_text(text.replace(f'msgstr "{drafted}"', 'msgstr ""'), encoding="utf-8")
    assert catalog_of(translated.root, "getting-help")["help-1"].string == ""
    assert "getting-help.po: 1 drafted: help-1" in translated.run("translate").output
    assert catalog_of(translated.root, "getting-help")["help-1"].string == drafted


def test_a_deleted_catalog_is_made_again(translated):
    path = translated.root / "locales" / "es" / "LC_MESSAGES" / "getting-help.po"
    path.unlink()
    output = translated.run("extract").output
    assert "getting-help.po: 4 new: title, summary, help-1, help-2" in output
    assert path.exists()


def test_a_damaged_catalog_is_reported_with_its_line(translated):
    path = translated.root / "locales" / "es" / "LC_MESSAGES" / f"{SEED}.po"
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "unfinished\n',
                    encoding="utf-8")
    result = translated.run("extract", expect=1)
    assert f"locales/es/LC_MESSAGES/{SEED}.po:" in result.output


def test_a_lost_record_only_costs_time(translated, reads):
    (translated.root / ".cache" / "catalogs-in-step.json").write_text("[1, 2", encoding="utf-8")
    assert "wrote 0 files" in translated.run("extract").output
    assert "getting-help.po" in reads
    reads.clear()
    assert "wrote 0 files" in translated.run("extract").output
    assert reads == []
