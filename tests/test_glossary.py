"""The spoken glossary: hard words with plain-language definitions per language, reviewed like
any translation and voiced by the build; each article page explains the words it uses, and the
glossary page lists every word with its audio."""

from __future__ import annotations

import json
import re

import pytest

SLUG = "heroin-and-the-brain"
WORDS = {
    "en": ["Dopamine", "Tolerance", "Blood-brain barrier", "Opioid receptors", "Withdrawal",
           "Detoxification (detox)"],
    "es": ["Dopamina", "Tolerancia", "Barrera hematoencefálica", "Receptores opioides",
           "Abstinencia (síndrome de abstinencia)", "Desintoxicación"],
}


def test_the_glossary_is_reviewed_in_spanish_and_plain(staff):
    rows = {(r["article"], r["language"]): r
            for r in json.loads(staff.run("status", "--json").output)}
    spanish, english = rows[("glossary", "es")], rows[("glossary", "en")]
    assert spanish["reviewed"] == spanish["total"] == english["total"]
    assert english["edition"] == "easy_read" and english["readability"]["meets_target"]
    assert spanish["readability"]["meets_target"]


@pytest.mark.parametrize("line, message", [
    ("glossary: yes please", "library/more.md:5: glossary must be true or false"),
    ("glossary: true", "library/more.md: glossary is the library's glossary already."),
])
def test_a_second_glossary_or_a_wrong_flag_is_refused(staff, line, message):
    (staff.root / "library" / "more.md").write_text(
        f"---\ntitle: More\nsummary: More words.\nsource: Staff\n{line}\n---\n\n"
        "{#m-1}\nA word.\n", encoding="utf-8")
    assert message in staff.run("status", expect=1).output


@pytest.mark.parametrize("lang", ["en", "es"])
def test_an_article_page_explains_each_hard_word_it_uses(client, lang):
    page = client.get(f"/{lang}/{SLUG}/").get_data(as_text=True)
    listed = re.findall(rf'<li><a href="/{lang}/glossary/#([\w-]+)" data-term="\1">([^<]+)</a>',
                        page)
    assert [word for _, word in listed] == WORDS[lang]
    cards = re.findall(r'<dialog class="term-card" id="term-([\w-]+)".*?<p>([^<]+)</p>\s*'
                       r'<audio preload="none" src="([^"]+)">', page, re.S)
    assert [c[0] for c in cards] == [i for i, _ in listed]
    definition = dict((c[0], c[1]) for c in cards)["dopamine"]
    assert definition.startswith({"en": "Dopamine is a chemical your brain makes to carry",
                                  "es": "La dopamina es una sustancia química"}[lang])
    for _, _, audio in cards:  # each definition is spoken, in the page's language
        response = client.get(audio)
        assert response.status_code == 200 and response.mimetype == "audio/mpeg"
        assert f"/{lang}/glossary/" in audio


@pytest.mark.parametrize("lang, title", [("en", "Glossary"), ("es", "Glosario")])
def test_the_glossary_page_lists_every_word_with_its_audio(client, lang, title):
    page = client.get(f"/{lang}/glossary/").get_data(as_text=True)
    assert re.search(rf"<h1>{title}</h1>", page)
    headings = re.findall(r'<section id="([\w-]+)" class="section"', page)
    assert headings[1:] == ["dopamine", "tolerance", "blood-brain-barrier", "opioid-receptors",
                            "withdrawal", "detoxification"]
    downloads = re.findall(r'<li><a href="(/audio/[^"]+\.mp3)" download>', page)
    assert len(downloads) == 1 + len(headings)  # the whole glossary, then each word
    assert 'data-term="' not in page  # the glossary explains itself
    index = client.get(f"/{lang}/").get_data(as_text=True)
    assert f'href="/{lang}/glossary/"' in index  # in every page's footer
    assert not re.search(rf'<h[23]><a href="/{lang}/glossary/"', index)  # not an article card
