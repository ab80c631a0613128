"""Easy-read editions: the seed's, in English and Spanish, read at its targets and is published
with audio; the index and the article offer it in one click, both ways; a wrong `easy-read-of`
is refused on its line, and sections that do not match are warned about."""

from __future__ import annotations

import json
import re

import pytest

from web.pipeline.plain_language import calls_without_how

SLUG = "heroin-and-the-brain"
EASY = f"{SLUG}-easy-read"


def front_matter(root, slug: str, line: str, sections: str = "") -> None:
    (root / "library" / f"{slug}.md").write_text(
        f"---\ntitle: Short\nsummary: A short one.\nsource: Staff\n{line}\n---\n\n"
        f"{{#p-1}}\nDrink water.\n{sections}", encoding="utf-8")


def test_the_seed_easy_reads_meet_their_targets_and_are_reviewed(staff):
    rows = {(r["article"], r["language"]): r
            for r in json.loads(staff.run("status", "--json").output)}
    english, spanish = rows[(EASY, "en")], rows[(EASY, "es")]
    assert english["edition"] == spanish["edition"] == "easy_read"
    assert english["readability"]["score"] <= english["readability"]["target"] == 6
    assert spanish["readability"]["score"] >= spanish["readability"]["target"] == 70
    assert spanish["reviewed"] == spanish["total"]  # every Spanish block reviewed
    assert spanish["readability"]["blocks"] == english["readability"]["blocks"]
    assert rows[(SLUG, "en")]["edition"] == "standard"


def test_the_seed_easy_reads_are_short_paragraphs_under_questions_and_say_how_to_get_help(staff):
    rows = {(r["article"], r["language"]): r["readability"]
            for r in json.loads(staff.run("status", "--json").output)}
    for language, helpline in (("en", "call the SAMHSA National Helpline at 1-800-662-4357"),
                               ("es", "llame a la Línea Nacional de Ayuda de SAMHSA al "
                                      "1-800-662-4357")):
        found = rows[(EASY, language)]
        assert found["paragraphs"] == 19 and found["long_paragraphs"] == []
        assert found["headings"] == 4 and found["headings_not_questions"] == []
        assert found["calls_without_how"] == []
        catalog = (staff.root / "locales/es/LC_MESSAGES" / f"{EASY}.po").read_text("utf-8")
        text = (staff.root / "library" / f"{EASY}.md").read_text("utf-8") \
            if language == "en" else " ".join(catalog.replace('"\n"', "").split())
        assert helpline in text
    assert "easy read)" not in staff.run("check").output  # no easy-read warning


def test_an_easy_read_with_long_paragraphs_statement_headings_and_a_bare_call_is_warned(staff):
    path = staff.root / "library" / f"{EASY}.md"
    text = path.read_text("utf-8").replace(
        "## How Does Heroin Take Over Your Brain?", "## How Heroin Takes Over Your Brain")
    text = text.replace("It also helps people through withdrawal.",
                        "It also helps people through withdrawal. Call the admissions team "
                        "today. They answer every day.")
    path.write_text(text, encoding="utf-8")
    result = staff.run("check")
    where = f"Warning: {EASY} (en, easy read): "
    assert (f"{where}1 paragraph longer than 3 sentences or 50 words: intro-2 (4 sentences, "
            "25 words). Split each into short paragraphs of one idea each") in result.output
    assert (f"{where}1 heading not written as a question: 'How Heroin Takes Over Your Brain' "
            "(how-heroin-hijacks-the-brains-reward). Write each heading as the question it "
            "answers") in result.output
    assert (f"{where}a call to action says what to do but not how: 'Call the admissions team "
            "today.' (intro-2). Give the phone number, the web address or a link in the same "
            "paragraph") in result.output
    status = staff.run("status").output
    assert "  headings as questions: 3 of 4" in status
    assert '  call to action with no number or link: intro-2 "Call the admissions team today."' \
        in status


@pytest.mark.parametrize("sentence, block, bare", [
    ("Call 911.", "Call 911.", False),
    ("Llame hoy.", "Llame hoy. El número es (800) 662-4357.", False),
    ("Visit our clinic.", "Visit [our clinic](https://clinic.example.org).", False),
    ("Write to us.", "Write to us at help@clinic.example.org.", False),
    ("Contact our team today.", "Contact our team today.", True),
    ("¡Comuníquese hoy con nosotros!", "¡Comuníquese hoy con nosotros!", True),
    ("Calling is free.", "Calling is free.", False),  # no request to the reader
])
def test_a_call_to_action_says_how_when_its_block_gives_a_number_or_a_link(sentence, block,
                                                                          bare):
    language = "es" if sentence[0] in "L¡" else "en"
    found = calls_without_how([("p-1", sentence)], {"p-1": block}, language)
    assert bool(found) is bare


def test_the_seed_easy_read_has_the_sections_of_its_article(staff):
    result = staff.run("check")
    assert "easy read keeps the listener's place" not in result.output


@pytest.mark.parametrize("line, message", [
    ("easy-read-of: heroin-and-the-brian",
     "library/short.md:5: easy-read-of names heroin-and-the-brian, which is no article of the "
     "library. Did you mean heroin-and-the-brain?"),
    ("easy-read-of: short", "library/short.md:5: an article cannot be its own easy read."),
    (f"easy-read-of: {EASY}",
     f"library/short.md:5: {EASY} is itself an easy read (of {SLUG})."),
    (f"easy-read-of: {SLUG}",
     f"library/short.md:5: {SLUG} already has an easy read, {EASY}."),
    ("easy-read-of: [a, b]", "library/short.md:5: easy-read-of must name the article"),
])
def test_a_wrong_easy_read_of_is_refused_on_its_line(staff, line, message):
    front_matter(staff.root, "short", line)
    for command in ("extract", "status", "build"):
        result = staff.run(command, expect=1)
        assert message in result.output, command


def test_sections_that_do_not_match_are_warned_about(staff):
    (staff.root / "library" / f"{EASY}.md").unlink()
    front_matter(staff.root, "short", f"easy-read-of: {SLUG}",
                 "\n{#signs}\n## Signs\n\n{#signs-1}\nCall for help.\n")
    staff.run("translate")  # drafts: check has nothing else to say
    output = staff.run("check").output
    assert ("Warning: library/short.md: an easy read keeps the listener's place by section, "
            f"but it has sections {SLUG} lacks: signs; sections of {SLUG} it lacks: "
            "how-heroin-hijacks-the-brains-reward") in output


@pytest.mark.parametrize("lang, easy, full", [("en", "Easy read", "Full version"),
                                              ("es", "Lectura fácil", "Versión completa")])
def test_index_and_pages_offer_the_other_edition(client, lang, easy, full):
    index = client.get(f"/{lang}/").get_data(as_text=True)
    cards = re.findall(r'<h[23]><a href="/\w+/([^/"]+)/"', index)
    assert EASY not in cards and SLUG in cards  # one card per article, with its easy read
    assert re.search(rf'<p class="easy-read"><a href="/{lang}/{EASY}/" data-key="{lang}:{EASY}">'
                     rf'{easy}</a>', index)
    page = client.get(f"/{lang}/{SLUG}/").get_data(as_text=True)
    assert re.search(rf'<a data-edition-switch href="/{lang}/{EASY}/">{easy}</a>', page)
    easy_page = client.get(f"/{lang}/{EASY}/").get_data(as_text=True)
    assert f'<p class="edition-kind">{easy}</p>' in easy_page
    assert re.search(rf'<a data-edition-switch href="/{lang}/{SLUG}/">{full}</a>', easy_page)
    assert re.findall(r'<section id="([^"]+)" class="section"', page) == re.findall(
        r'<section id="([^"]+)" class="section"', easy_page)  # the same sections
    assert "<audio" in easy_page  # published with audio


def test_an_article_with_an_easy_read_is_not_removed_alone(staff):
    before = sorted(p.name for p in (staff.root / "library").iterdir())
    result = staff.run("remove", SLUG, "--yes", expect=1)
    assert (f"Error: {SLUG}: its easy read {EASY} names it (easy-read-of: {SLUG}), so it cannot "
            f"go alone. Remove the easy read first (manage_content.py remove {EASY})") in \
        result.output
    assert sorted(p.name for p in (staff.root / "library").iterdir()) == before
    staff.run("remove", EASY, "--yes")
    staff.run("remove", SLUG, "--yes")
    assert "glossary.md" in [p.name for p in (staff.root / "library").iterdir()]
