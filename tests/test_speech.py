"""Speech text: sentences split per language, the pronunciation lexicon, and normalization."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from pydub import AudioSegment

from web.pipeline.errors import ContentError
from web.pipeline.manifest import load_manifest
from web.pipeline.settings import Settings, load_settings
from web.pipeline.voices.ambiguity import ambiguity_warnings
from web.pipeline.voices.normalize import normalize_speech
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


# What a careful reader says, rule by rule; the text as written is on the left.
ENGLISH = [
    # Emergency numbers, digit by digit.
    ("Call 911 right away.", "Call nine one one right away."),
    ("In a crisis, call or text 988.", "In a crisis, call or text nine eight eight."),
    # Phone numbers: digit groups with pauses, a toll-free 800 as a number.
    ("Call Poison Control at 1-800-222-1222.",
     "Call Poison Control at one, eight hundred, two two two, one two two two."),
    ("Call (800) 222-1222 or 1 800 273 8255.",
     "Call eight hundred, two two two, one two two two or one, eight hundred, two seven three, "
     "eight two five five."),
    ("The helpline is 800-662-4357.",
     "The helpline is eight hundred, six six two, four three five seven."),
    ("Our clinic: 213-555-0100.", "Our clinic: two one three, five five five, zero one zero zero."),
    ("Text HOME to 741741 or call our 1-800 number.",
     "Text HOME to seven four one seven four one or call our one eight hundred number."),
    # Units and doses: a repeated unit in a range is said once.
    ("Take 2 mg to 4 mg every 12 hours.", "Take two to four milligrams every twelve hours."),
    ("Take 1 mg at bedtime.", "Take one milligram at bedtime."),
    ("Give 5 mL of the liquid.", "Give five milliliters of the liquid."),
    ("Start with 0.5 mg, never more than 10 mg/day.",
     "Start with zero point five milligrams, never more than ten milligrams per day."),
    ("Give 15 mg/kg, 250 mcg or 2.5 g.",
     "Give fifteen milligrams per kilogram, two hundred and fifty micrograms or two point five "
     "grams."),
    ("About 25% of people feel dizzy.", "About twenty-five percent of people feel dizzy."),
    ("Take 500 mg to 1 g.", "Take five hundred milligrams to one gram."),
    ("Give 1 tsp, not 2 tbsp, to babies under 8 lb.",
     "Give one teaspoon, not two tablespoons, to babies under eight pounds."),
    ("A fever is 100.4 °F or more.",
     "A fever is one hundred point four degrees Fahrenheit or more."),
    # Dates, years, times, ordinals.
    ("On March 3, 2024 at 8:00 a.m.", "On March third, twenty twenty-four at eight a.m."),
    ("Open from 9 am to 5:30 pm, and at 14:30.",
     "Open from nine a.m. to five thirty p.m., and at fourteen thirty."),
    ("Take the 2nd dose on the 21st day.", "Take the second dose on the twenty-first day."),
    ("In 2023, 1,500 people called.",
     "In twenty twenty-three, one thousand five hundred people called."),
    # Ranges and plain numbers.
    ("Rest for 2–4 days.", "Rest for two to four days."),
    ("Rest for 2-4 days and drink 8 glasses of water.",
     "Rest for two to four days and drink eight glasses of water."),
    # Codes, "24/7", fractions, prices and ratios (once left as written, spelled by engines).
    ("COVID-19 care is open 24/7; take 1/2 tablet, $5.",
     "COVID nineteen care is open twenty-four seven; take one half tablet, five dollars."),
    ("Blood pressure under 120/80 mmHg.",
     "Blood pressure under one hundred and twenty over eighty millimeters of mercury."),
]

SPANISH = [
    ("Llame al 911 de inmediato.", "Llame al nueve uno uno de inmediato."),
    ("Llame al Centro de Toxicología al 1-800-222-1222.",
     "Llame al Centro de Toxicología al uno, ochocientos, dos dos dos, uno dos dos dos."),
    ("Tome de 2 mg a 4 mg cada 12 horas.", "Tome de dos a cuatro miligramos cada doce horas."),
    ("Tome 1 mg al día.", "Tome un miligramo al día."),
    ("Dé 5 mL del líquido.", "Dé cinco mililitros del líquido."),
    ("La dosis es de 0,5 mg.", "La dosis es de cero coma cinco miligramos."),
    ("Dé 1 cucharadita (5 ml) cada 4-6 horas.",
     "Dé una cucharadita (cinco mililitros) cada cuatro a seis horas."),
    ("No tome más de 2,5 ml cada 8 h.",
     "No tome más de dos coma cinco mililitros cada ocho horas."),
    ("Cerca del 25 % de las personas mejora.",
     "Cerca del veinticinco por ciento de las personas mejora."),
    ("El 1.º de marzo de 2024 a las 8:00 a. m.",
     "El primero de marzo de dos mil veinticuatro a las ocho de la mañana."),
    ("Desde el 1 de marzo, la clínica cierra a las 14:30.",
     "Desde el primero de marzo, la clínica cierra a las catorce y treinta."),
    ("Venga a la 1:00 p. m.", "Venga a la una de la tarde."),
    ("Espere la 2.ª dosis en el 3.er día.", "Espere la segunda dosis en el tercer día."),
    ("Descanse durante 2–4 días.", "Descanse durante dos a cuatro días."),
    # Numbers agree with their noun: "una tableta", "veintiún días", "doscientas personas".
    ("Tome 1 tableta cada 8 horas durante 21 días.",
     "Tome una tableta cada ocho horas durante veintiún días."),
    ("Unas 200 personas, 1 de cada 10.", "Unas doscientas personas, uno de cada diez."),
]


@pytest.mark.parametrize(("written", "spoken"), ENGLISH)
def test_english_speech_reads_numbers_as_a_careful_reader(written, spoken):
    assert normalize_speech(written, "en") == spoken


@pytest.mark.parametrize(("written", "spoken"), SPANISH)
def test_spanish_speech_reads_numbers_as_a_careful_reader(written, spoken):
    assert normalize_speech(written, "es") == spoken


def test_other_languages_get_plain_numbers_if_num2words_speaks_them():
    assert normalize_speech("Prenez 2,5 mg pendant 3 jours.", "fr") == (
        "Prenez deux virgule cinq mg pendant trois jours.")
    assert normalize_speech("Mu 3 siku.", "sw") == "Mu 3 siku."


def test_the_lexicon_speaks_normalized_text(project):
    lexicon = load_lexicon(load_settings(project), "en")
    assert lexicon.speak("Take 2 mg to 4 mg, e.g. with food.") == (
        "Take two to four milligrams, for example with food.")


def test_pattern_rows_replace_what_they_match_before_normalization(tmp_path):
    settings = write_lexicon(tmp_path, "en", (
        "written,spoken,note\n"
        r"re:(\d+) ?tabs?\b,\1 tablets,a group in the spoken text" "\n"
        r"re:\b211\b,2 1 1,the help line said digit by digit" "\n"
        r"re:(?i)\bOTC\b,over the counter,case-insensitive pattern" "\n"
        r"re:(?P<n>\d+)x/day,\g<n> times a day,a named group" "\n"
        "NA,Narcotics Anonymous,a literal row still works\n"
    ))
    lexicon = load_lexicon(settings, "en")
    assert lexicon.speak("Take 2 tabs of an otc drug 3x/day.") == (
        "Take two tablets of an over the counter drug three times a day.")
    # Staff overrides win: without the row, 211 would be "two hundred and eleven".
    assert lexicon.speak("Call 211 or go to NA.") == (
        "Call two one one or go to Narcotics Anonymous.")
    assert lexicon.speak("Nothing to change.") == "Nothing to change."


@pytest.mark.parametrize(("row", "message"), [
    (r"re:(\d+ tabs,\1 tablets", r"the pattern '(\d+ tabs' is not a valid regular expression "
                                 "(missing ), unterminated subpattern at position 0). Fix it, "
                                 "or write the word without 're:'."),
    ("re:x*,nothing", "the pattern 'x*' matches empty text."),
    (r"re:(\d+) tabs,\2 tablets", r"the spoken text '\2 tablets' does not fit the pattern "
                                  "(invalid group reference 2 at position 1). It has 1 group(s)"),
])
def test_a_broken_pattern_is_reported_with_its_line(tmp_path, row, message):
    settings = write_lexicon(tmp_path, "es", "written,spoken,note\np. ej.,por ejemplo,\n" + row)
    with pytest.raises(ContentError) as error:
        load_lexicon(settings, "es")
    assert str(error.value).startswith(f"locales/es/pronunciation.csv:3: {message}")


def test_the_build_refuses_a_broken_pattern(staff):
    lexicon = staff.root / "locales" / "es" / "pronunciation.csv"
    rows = lexicon.read_text(encoding="utf-8").splitlines()
    lexicon.write_text("\n".join([*rows, r"re:(\d+ mg,\1 miligramos,"]) + "\n", encoding="utf-8")
    result = staff.run("build", "--engine", "silent", "--dry-run", expect=1)
    assert result.output == (
        f"Error: locales/es/pronunciation.csv:{len(rows) + 1}: the pattern '(\\d+ mg' is not a "
        "valid regular expression (missing ), unterminated subpattern at position 0). Fix it, "
        "or write the word without 're:'.\n")


DOSE_ARTICLE = """---
title: Using Acetaminophen Safely
summary: How much to take, and whom to call.
source: Health Library
---

{#intro-1}
Adults can take 500 mg to 1,000 mg every 4-6 hours. Call Poison Control at 1-800-222-1222.
"""
DOSE_SPANISH = {
    "title": "Cómo usar el acetaminofén con seguridad",
    "summary": "Cuánto tomar y a quién llamar.",
    "intro-1": "Los adultos pueden tomar de 500 mg a 1000 mg cada 4-6 horas. Llame al Centro "
               "de Toxicología al 1-800-222-1222.",
}


def translate(root: Path, slug: str, language: str, strings: dict[str, str]) -> None:
    """Fill in and review a catalog's entries by block id, as a translator would in Poedit."""
    path = root / "locales" / language / "LC_MESSAGES" / f"{slug}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if message.context in strings:
            message.string, message.flags = strings[message.context], set()
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_the_build_speaks_doses_and_hotlines_and_shows_them_as_written(staff):
    (staff.root / "library" / "acetaminophen-safety.md").write_text(DOSE_ARTICLE, "utf-8")
    staff.run("extract")
    translate(staff.root, "acetaminophen-safety", "es", DOSE_SPANISH)
    result = staff.run("build", "--engine", "silent", "--dry-run")
    voiced = [line for line in result.output.splitlines() if line.startswith("  voice ")]
    # What normalization changed is marked, for staff to hear it before publishing.
    assert voiced[:2] == [
        "  voice [en] Adults can take «five hundred to one thousand milligrams» every «four to "
        "six» hours.",
        "  voice [en] Call Poison Control at «one, eight hundred, two two two, one two two two».",
    ]
    # Articles are planned in order: the new one's Spanish comes first.
    assert [line for line in voiced if line.startswith("  voice [es]")][:2] == [
        "  voice [es] Los adultos pueden tomar de «quinientos a mil miligramos» cada «cuatro a "
        "seis» horas.",
        "  voice [es] Llame al Centro de Toxicología al «uno, ochocientos, dos dos dos, uno dos "
        "dos dos».",
    ]
    assert not [line for line in voiced if any(c.isdigit() for c in line)]
    staff.run("build", "--engine", "silent")
    article = load_manifest(staff.root / "audio" / "manifest.json").article("acetaminophen-safety")
    sentences = {language: [s.text for s in edition.sections[0].blocks[0].sentences]
                 for language, edition in article.editions.items()}
    assert sentences == {
        "en": ["Adults can take 500 mg to 1,000 mg every 4-6 hours.",
               "Call Poison Control at 1-800-222-1222."],
        "es": ["Los adultos pueden tomar de 500 mg a 1000 mg cada 4-6 horas.",
               "Llame al Centro de Toxicología al 1-800-222-1222."],
    }
    # The cues the page highlights from are the sentences as written, too.
    cues = (staff.root / "audio" / article.editions["en"].sections[0].track.vtt).read_text("utf-8")
    assert "Adults can take 500 mg to 1,000 mg every 4-6 hours.\n" in cues
    assert "Call Poison Control at 1-800-222-1222.\n" in cues


def spoken_from(speech, shown: str) -> list[tuple[str, str]]:
    """Pair each spoken word with the shown text it was made from ("" for none)."""
    pairs = []
    for word in re.finditer(r"\S+", speech.text):
        spans = [s for s in speech.origins[word.start():word.end()] if s[0] >= 0]
        start, end = (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else (0, 0)
        pairs.append((word.group(0), shown[start:end]))
    return pairs


def test_each_spoken_word_knows_the_shown_words_it_came_from():
    lexicon = Lexicon("en", (("re:(\\d+) ?tabs?\\b", "\\1 tablets"), ("NA", "N A")))
    shown = "Call 911, take 2 tabs or 4 mg at NA."
    speech = lexicon.speech(shown, lead="3. ")
    assert speech.text == "Three. Call nine one one, take two tablets or four milligrams at N A."
    assert spoken_from(speech, shown) == [
        ("Three.", ""), ("Call", "Call"), ("nine", "911"), ("one", "911"), ("one,", "911,"),
        ("take", "take"), ("two", "2"), ("tablets", "tabs"), ("or", "or"), ("four", "4"),
        ("milligrams", "mg"), ("at", "at"), ("N", "NA"), ("A.", "NA."),
    ]


def test_a_phone_number_said_in_groups_keeps_each_group_to_its_digits():
    shown = "Call (555) 123-4567 now."
    speech = Lexicon("en").speech(shown)
    assert speech.text == "Call five five five, one two three, four five six seven now."
    assert [s for w, s in spoken_from(speech, shown)] == [
        "Call", "555", "555", "555", "123", "123", "123", "4567", "4567", "4567", "4567",
        "now."]


def read_corpus(language: str) -> list[tuple[str, str, str]]:
    """Return the (kind, written, spoken) rows of tests/data/speech/<language>.tsv."""
    path = Path(__file__).parent / "data" / "speech" / f"{language}.tsv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["kind"], row["written"], row["spoken"]) for row in
                csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


@pytest.fixture(scope="module")
def lexicons() -> dict[str, Lexicon]:
    settings = Settings(root=Path(__file__).parent.parent)
    return {language: load_lexicon(settings, language) for language in ("en", "es")}


@pytest.mark.parametrize(("language", "kind", "written", "spoken"), [
    (language, *row) for language in ("en", "es") for row in read_corpus(language)])
def test_the_corpus_is_one_sentence_each_spoken_as_a_careful_reader(lexicons, language, kind,
                                                                   written, spoken):
    assert lexicons[language].sentences(written) == [written]
    assert lexicons[language].speak(written) == spoken


def test_the_corpus_holds_300_sentences_across_every_kind():
    rows = read_corpus("en") + read_corpus("es")
    assert len(rows) >= 300
    assert {kind for kind, _, _ in read_corpus("en")} >= {
        "split", "date", "money", "fraction", "247", "ratio", "sign", "times", "code", "mark",
        "email", "web", "ordinal", "street", "weekday", "month", "title", "latin", "house",
        "phone", "country", "roman", "decimal", "time"}


def test_a_sentence_ends_after_a_closing_abbreviation_only_before_a_new_sentence(lexicons):
    english, spanish = lexicons["en"], lexicons["es"]
    assert english.sentences("Open until 5 p.m. Call us first. Open 9 a.m. Monday.") == [
        "Open until 5 p.m.", "Call us first.", "Open 9 a.m. Monday."]
    assert spanish.sentences("Abrimos el mié. 4 de sept. Vivimos en EE.UU. desde 2010.") == [
        "Abrimos el mié. 4 de sept.", "Vivimos en EE.UU. desde 2010."]


def test_an_abbreviation_file_line_that_is_not_one_is_reported(tmp_path):
    path = tmp_path / "locales" / "en" / "abbreviations.txt"
    path.parent.mkdir(parents=True)
    path.write_text("# comment\nAve.\nNorth\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"^locales/en/abbreviations.txt:3: 'North' is not"):
        load_lexicon(Settings(root=tmp_path), "en")


def test_an_ambiguous_pair_is_warned_with_its_file_and_line(project):
    settings = load_settings(project)
    (project / "library" / "visit.md").write_text(
        "---\ntitle: Visit\nsummary: When.\nsource: Test\n---\n\nCome back 3/4. Take 1/2 "
        "tablet on 6/1.\nCome again 5/6 for a checkup.\n", encoding="utf-8")
    assert ambiguity_warnings(settings, "en") == [
        f"library/visit.md:{line}: '{pair}' is read as a date; to say a fraction write it out, "
        f"or add a row to locales/en/pronunciation.csv ('re:\\b{pair}\\b' and its words)."
        for line, pair in ((7, "3/4"), (8, "5/6"))]
    # A word after a pair is no unit: "5/6 for" is a date, said as one.
    assert "May sixth" in load_lexicon(settings, "en").speech("Come again 5/6 for a checkup.").text


CLINIC_ARTICLE = """---
title: Clinic Hours
summary: When and where.
source: Health Library
---

{#intro-1}
The office opens Tues.–Thurs., 10 a.m.–4 p.m., and closes for lunch. Our main clinic is at
1450 N. Elm St. Call 1-877-SAFE-NOW (7233) for help.
"""


def test_the_page_and_cues_show_the_corpus_as_written_and_only_the_speech_changes(staff):
    (staff.root / "library" / "clinic-hours.md").write_text(CLINIC_ARTICLE, "utf-8")
    corpus = {written: spoken for _, written, spoken in read_corpus("en")}
    shown = ["The office opens Tues.–Thurs., 10 a.m.–4 p.m., and closes for lunch.",
             "Our main clinic is at 1450 N. Elm St.", "Call 1-877-SAFE-NOW (7233) for help."]
    result = staff.run("build", "--engine", "silent", "--dry-run", "--lang", "en")
    voiced = [re.sub("[«»]", "", line) for line in result.output.splitlines()
              if line.startswith("  voice [en]")]  # the marks of what changed aside
    assert voiced[:3] == [f"  voice [en] {corpus[s]}" for s in shown]
    staff.run("build", "--engine", "silent", "--lang", "en")
    article = load_manifest(staff.root / "audio" / "manifest.json").article("clinic-hours")
    edition = article.editions["en"]
    assert [s.text for s in edition.sections[0].blocks[0].sentences] == shown
    cues = (staff.root / "audio" / edition.sections[0].track.vtt).read_text("utf-8")
    assert all(f"{sentence}\n" in cues for sentence in shown)


def test_say_prints_the_speech_and_writes_it_as_an_mp3(staff, tmp_path):
    out = tmp_path / "heard.mp3"
    result = staff.run("say", "Abrimos lun.–vie. de 10 a. m. a 4 p. m. Llame al 1-800-222-1222.",
                       "--lang", "es", "--out", str(out), "--engine", "silent")
    assert result.output == (
        "Abrimos lunes a viernes de las diez de la mañana a las cuatro de la tarde.\n"
        "Llame al uno, ochocientos, dos dos dos, uno dos dos dos.\n"
        f"Wrote {out} (silent)\n")
    assert AudioSegment.from_file(out).duration_seconds > 1
    assert staff.run("say", "Take 1/2 tablet, $5.").output == (
        "Take one half tablet, five dollars.\n")
