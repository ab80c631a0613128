"""Speech text: sentences split per language, and the pronunciation lexicon."""

from __future__ import annotations

from pathlib import Path

import pytest

from web.pipeline.errors import ContentError
from web.pipeline.settings import Settings, load_settings
from web.pipeline.voices.speech import Lexicon, load_lexicon, split_sentences


def write_lexicon(root: Path, language: str, text: str) -> Settings:
    """Write locales/<language>/pronunciation.csv under `root`; return the settings."""
    path = root / "locales" / language / "pronunciation.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Settings(root=root)


def test_spanish_abbreviations_do_not_end_sentences():
    text = "Hay opioides, p. ej. la heroína. En EE. UU. muchas personas se recuperan.  ¿Y tú?"
    assert split_sentences(text, "es") == [
        "Hay opioides, p. ej. la heroína.",
        "En EE. UU. muchas personas se recuperan.",
        "¿Y tú?",
    ]


def test_english_titles_and_abbreviations_do_not_end_sentences():
    text = "Dr. Lee studies opioids, e.g. heroin, in the U.S. every year. Recovery is possible.\n\n"
    assert split_sentences(text, "en") == [
        "Dr. Lee studies opioids, e.g. heroin, in the U.S. every year.",
        "Recovery is possible.",
    ]


def test_blank_text_has_no_sentences():
    assert split_sentences("  \n ", "en") == []


def test_the_spanish_lexicon_changes_speech_text(project):
    lexicon = load_lexicon(load_settings(project), "es")
    written = "En EE. UU., p. ej. en Omnia Recovery, se estudia el núcleo accumbens."
    assert lexicon.speak(written) == (
        "En Estados Unidos, por ejemplo en Ómnia Ricóveri, se estudia el núcleo acúmbens.")


def test_the_lexicon_never_changes_its_input(project):
    lexicon = load_lexicon(load_settings(project), "en")
    written = "Opioids, e.g. heroin, vs. other drugs."
    spoken = lexicon.speak(written)
    assert spoken == "Opioids, for example heroin, versus other drugs."
    assert written == "Opioids, e.g. heroin, vs. other drugs."


def test_replacements_are_whole_word_longest_first_and_exact_case_first(tmp_path):
    settings = write_lexicon(tmp_path, "en", (
        "written,spoken,note\n"
        "IV,eye vee,intravenous\n"
        "iv,four,roman numeral\n"
        "NA,Narcotics Anonymous,\n"
        "NA meeting,N A meeting,longer entry wins\n"
        "naloxone,nah-LOX-own,\n"
    ))
    lexicon = load_lexicon(settings, "en")
    assert lexicon.speak("An IV line, chapter iv.") == "An eye vee line, chapter four."
    assert lexicon.speak("Go to an NA meeting or to NA.") == (
        "Go to an N A meeting or to Narcotics Anonymous.")
    # Whole words only: no replacement inside "NAtional" or "naloxones".
    assert lexicon.speak("NAtional naloxones") == "NAtional naloxones"
    # No exact-case entry: the case-insensitive one applies, keeping a capital at the start.
    assert lexicon.speak("Naloxone saves lives.") == "Nah-LOX-own saves lives."


def test_a_missing_lexicon_changes_nothing(tmp_path):
    lexicon = load_lexicon(Settings(root=tmp_path), "fr")
    assert lexicon == Lexicon("fr")
    assert lexicon.speak("Le Dr. Martin, p. ex. ici.") == "Le Dr. Martin, p. ex. ici."


@pytest.mark.parametrize(("rows", "line", "message"), [
    ("p. ej.,por ejemplo\nEE. UU.\n", 3, "expected 3 columns"),
    ("p. ej.,,abbreviation\n", 2, "both 'written' and 'spoken' need text"),
    ("p. ej.,por ejemplo,\nuno,1,\n\np. ej.,por ejemplo,again\n", 5, "'p. ej.' is listed twice"),
])
def test_a_malformed_row_is_reported_with_its_line(tmp_path, rows, line, message):
    settings = write_lexicon(tmp_path, "es", "written,spoken,note\n" + rows)
    with pytest.raises(ContentError) as error:
        load_lexicon(settings, "es")
    assert str(error.value).startswith(f"locales/es/pronunciation.csv:{line}: {message}")


def test_a_lexicon_without_its_header_is_refused(tmp_path):
    settings = write_lexicon(tmp_path, "es", "p. ej.,por ejemplo,abbreviation\n")
    with pytest.raises(ContentError, match=r"pronunciation.csv:1: the header must be"):
        load_lexicon(settings, "es")
