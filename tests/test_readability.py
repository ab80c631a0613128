"""Readability as staff see it in `status` and `check`: a score per edition against the target
library.toml sets for its kind, its longest sentences and rarest words, measured offline."""

from __future__ import annotations

import json

import nltk
import pytest

from web.pipeline.readability import measure
from web.pipeline.settings import load_settings

SLUG = "heroin-and-the-brain"


def editions(staff) -> dict:
    rows = json.loads(staff.run("status", "--json").output)
    return {(r["article"], r["language"]): r for r in rows}


@pytest.fixture(autouse=True)
def no_downloads(monkeypatch):
    """textstat's English mode asks nltk to download the CMU dictionary: that must not happen."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"nltk.download{args} was called: no download at run time")

    monkeypatch.setattr(nltk, "download", refuse)


def test_status_json_carries_readability_per_edition(staff):
    found = editions(staff)
    english, spanish = found[(SLUG, "en")]["readability"], found[(SLUG, "es")]["readability"]
    assert found[(SLUG, "en")]["edition"] == "standard"
    assert english["formula"] == "flesch_kincaid_grade" and english["target"] == 10
    assert 14 < english["score"] < 19  # the recovery center writes at a university level
    assert english["meets_target"] is False
    assert spanish["formula"] == "fernandez_huerta" and 55 < spanish["score"] < 70
    longest = english["longest_sentences"][0]
    assert longest["words"] >= 30 and longest["block"].startswith("how-heroin-hijacks")
    assert longest["text"].startswith("When an individual consumes heroin, it quickly crosses")
    assert [w["word"] for w in english["rarest_words"]][:3] == [
        "downregulating", "tegmental", "accumbens"]
    assert "hematoencefálica" in [w["word"] for w in spanish["rarest_words"]]
    assert "Omnia" not in str(english["rarest_words"])  # a name, not a hard word


def test_status_table_and_check_warn_about_a_missed_target(staff):
    table = staff.run("status").output
    rows = table.split("\nreadability")[1].splitlines()
    assert [line.split()[:3] for line in rows if "MISSES ITS TARGET" in line] == [
        [SLUG, "en", "standard"]]
    result = staff.run("check")  # a warning, not a failure
    assert "All catalogs are valid." in result.output
    assert [line for line in result.output.splitlines() if line.startswith(f"{SLUG} ")] == [
        line for line in rows if line.startswith(f"{SLUG} ")]  # each edition's score, as status
    assert (f"Warning: {SLUG} (en, standard): Flesch-Kincaid grade 16.9 is above its target "
            "of 10 (library/library.toml [readability.en] standard).") in result.output


def test_figures_kept_from_the_last_status_follow_every_edit(staff):
    before = editions(staff)
    assert (staff.root / ".cache" / "readability.json").exists()
    assert editions(staff) == before  # read back, not measured again: the same figures
    article = staff.root / "library" / f"{SLUG}.md"
    text = article.read_text(encoding="utf-8")
    article.write_text(text.replace("When an individual consumes heroin, it quickly crosses",
                                    "Heroin is a drug. When an individual consumes heroin, it "
                                    "quickly crosses"), encoding="utf-8")
    staff.run("extract")
    after = editions(staff)[(SLUG, "en")]["readability"]
    assert after["sentences"] == before[(SLUG, "en")]["readability"]["sentences"] + 1
    assert after["score"] < before[(SLUG, "en")]["readability"]["score"]
    (staff.root / ".cache" / "readability.json").write_text("{not json", encoding="utf-8")
    assert editions(staff)[(SLUG, "en")]["readability"] == after  # a damaged file is measured again


def test_english_syllables_come_from_the_cmu_dictionary(project):
    settings = load_settings(project)
    # "fire" is two syllables in the CMU dictionary (F AY1 ER0), one by hyphenation rules.
    text = "The fire burns hot today. The fire hurts my hand."
    found = measure([("b", "paragraph", text)], "en", "standard", settings)
    words, sentences, syllables = 10, 2, (1 + 2 + 1 + 1 + 2) + (1 + 2 + 1 + 1 + 1)
    assert found.score == round(0.39 * words / sentences + 11.8 * syllables / words - 15.59, 1)


@pytest.mark.parametrize("lines, wrong, message", [
    ('[readability.en]\neasy_read = "six"', 'easy_read = "six"',
     '[readability.en] easy_read must be a number, not the text "six"'),
    ('[readability.en]\nformula = "flesch"', 'formula = "flesch"',
     "[readability.en]: unknown formula 'flesch'. Use one of: flesch_kincaid_grade"),
    ("[readability.fr]\neasy_read = 6", "[readability.fr]",
     "[readability.fr]: 'fr' is not a language of the library"),
])
def test_wrong_targets_are_refused_with_their_line(staff, lines, wrong, message):
    path = staff.root / "library" / "library.toml"
    text = path.read_text(encoding="utf-8").replace("[readability.en]\nstandard = 10\n"
                                                    "easy_read = 6\n", "")
    path.write_text(f"{text}\n{lines}\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").splitlines().index(wrong) + 1
    result = staff.run("status", expect=1)
    assert f"library/library.toml:{line}: {message}" in result.output
