"""Filling catalogs as staff run `translate`: machine drafts per entry, and the translation memory.

No word may move from one entry to another, glossary terms take the target's word order, and a
reviewed translation is reused for the same English anywhere in the library.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from projects import PROJECT
from test_catalogs import PARAGRAPH, entries, msgfmt_check

from web.pipeline.settings import load_settings
from web.pipeline.sources import read_article
from web.pipeline.translation.checks import compare_entry
from web.pipeline.translation.drafts import machine_drafts
from web.pipeline.translation.glossary import Glossary, Term, load_glossary
from web.pipeline.translation.localize import localize_article
from web.pipeline.translation.markup import emphasis_marks, inline_html, inline_markdown
from web.pipeline.translation.pofiles import read_catalog, render_catalog
from web.pipeline.translation.translators import STAND_INS, ApertiumTranslator

STRUCTURED = PROJECT / "tests" / "data" / "opioid-overdose.md"
SEED = "heroin-and-the-brain"


@pytest.fixture(scope="module")
def apertium() -> ApertiumTranslator:
    engine = ApertiumTranslator("en", "es")
    problem = engine.problem()
    assert problem is None, problem  # `make test` installs apertium-eng-spa
    return engine


def catalog_of(root: Path, slug: str) -> dict:
    settings = load_settings(root)
    path = settings.catalog_path("es", slug)
    return {m.context: m for m in read_catalog(path, settings, "es") if m.id}


def status_of(staff, slug: str) -> dict:
    rows = json.loads(staff.run("status", "--json").output)
    return next(r for r in rows if r["article"] == slug and r["language"] == "es")


def write_article(root: Path, slug: str, paragraphs: list[tuple[str, str]]) -> None:
    body = "\n".join(f"{{#{block_id}}}\n{text}\n" for block_id, text in paragraphs)
    (root / "library" / f"{slug}.md").write_text(
        f"---\ntitle: Getting Help\nsummary: Where to find help.\nsource: Health Library staff\n"
        f"---\n\n{body}", encoding="utf-8")


def test_every_entry_of_a_structured_article_is_drafted_as_if_alone(staff, apertium):
    shutil.copy(STRUCTURED, staff.root / "library" / STRUCTURED.name)
    result = staff.run("translate", "--lang", "es")
    assert "opioid-overdose.po: 30 drafted:" in result.output
    drafted = catalog_of(staff.root, "opioid-overdose")
    glossary = load_glossary(load_settings(staff.root), "es")
    # Headings, list items and table cells have no final stop: each must come back whole.
    for block_id, message in drafted.items():
        alone = machine_drafts(apertium, [message.id], glossary)[0]
        assert message.string == alone, block_id
    assert drafted["signs"].string == "Signos de una Sobredosis"
    msgfmt_check(load_settings(staff.root).catalog_path("es", "opioid-overdose"))


def test_texts_sent_together_come_back_one_for_one(apertium):
    texts = ["Signs of an overdose", "Call 911 right away", "Blue lips", "Nasal spray",
             "4 mg", "If there is no change in 2 to 3 minutes, give a second dose."]
    assert apertium.translate(texts) == [apertium.translate([t])[0] for t in texts]
    assert apertium.translate(texts)[:2] == ["Signos de una sobredosis", "Llamada 911 enseguida"]


def test_glossary_terms_keep_the_target_word_order(staff, apertium):
    glossary = load_glossary(load_settings(staff.root), "es")
    texts = ["High tolerance is dangerous.", "Intense cravings follow.",
             "Heroin addiction changes the brain.", "The blood-brain barrier protects the brain."]
    assert machine_drafts(apertium, texts, glossary) == [
        "La tolerancia alta es peligrosa.",  # not "Alto tolerancia": agreement and order kept
        "Las ansias de consumir intensas siguen.",
        "Adicción de heroína cambia el cerebro.",  # noun first, as in Spanish
        "La barrera hematoencefálica protege el cerebro.",
    ]


def test_each_stand_in_comes_back_as_the_word_it_is_taken_for(apertium):
    pairs = [pair for pool in STAND_INS["eng-spa"].values() for pair in pool]
    back = apertium.translate([source for source, _ in pairs])
    assert [word.lower() for word in back] == [target for _, target in pairs]


def test_a_lost_stand_in_falls_back_to_a_word_the_engine_leaves_alone():
    class Mangling:
        def stand_ins(self, target, plural):
            return (("giraffe", "jirafa"),)

        def translate(self, texts):
            return [t.replace("giraffe", "animal") for t in texts]

    glossary = Glossary("es", (Term("tolerance", "tolerancia", "", 2),))
    assert machine_drafts(Mangling(), ["Tolerance grows."], glossary) == ["Tolerancia grows."]


def test_a_reviewed_paragraph_is_reused_in_another_article_and_named_as_memory(staff):
    reviewed = entries(staff.root)[PARAGRAPH]
    edited = reviewed.id.replace("increasingly higher doses", "ever higher doses")
    assert edited != reviewed.id
    write_article(staff.root, "getting-help", [("same", reviewed.id), ("edited", edited)])
    result = staff.run("translate", "--lang", "es")
    assert "getting-help.po: 1 from memory: same" in result.output
    assert "getting-help.po: 1 suggested from memory: edited" in result.output
    filled = catalog_of(staff.root, "getting-help")
    same = filled["same"]
    assert (same.string, same.fuzzy) == (reviewed.string, False)
    assert " ".join(same.user_comments) == (
        f"translation memory: from {SEED}#{PARAGRAPH} (delete this comment once reviewed here)")
    # A close match is offered with its similarity, as a stale entry: never published.
    suggestion = filled["edited"]
    assert suggestion.fuzzy and suggestion.previous_id == [reviewed.id]
    assert suggestion.string == reviewed.string
    comment = " ".join(suggestion.user_comments)
    assert comment.startswith("translation memory: 9") and f"% like {SEED}#{PARAGRAPH};" in comment
    row = status_of(staff, "getting-help")
    assert (row["memory"], row["stale"], row["reviewed"]) == (1, 1, 0)
    assert "memory" in staff.run("status").output.splitlines()[0]
    settings = load_settings(staff.root)
    article = read_article(staff.root / "library" / "getting-help.md")
    blocks = {b.id: b for s in localize_article(article, "es", settings, True).sections
              for b in s.blocks}
    assert (blocks["same"].language, blocks["same"].text) == ("es", reviewed.string)
    assert (blocks["edited"].language, blocks["edited"].state) == ("en", "stale")
    msgfmt_check(settings.catalog_path("es", "getting-help"))


def test_a_reviewed_paragraph_imported_with_straight_quotes_is_the_same_english(staff,
                                                                                 tmp_path):
    reviewed = entries(staff.root)[PARAGRAPH]
    assert "’" in reviewed.id  # the seed writes "drug’s"; an import makes it "drug's"
    text = tmp_path / "help.txt"
    text.write_text(f"Getting Help\n\n{reviewed.id}\n", "utf-8")
    staff.run("import", str(text))
    result = staff.run("translate", "--lang", "es")
    assert "getting-help.po: 1 from memory: intro-1" in result.output
    assert catalog_of(staff.root, "getting-help")["intro-1"].string == reviewed.string


def test_a_translator_accepts_a_remembered_entry_by_deleting_its_comment(staff):
    reviewed = entries(staff.root)[PARAGRAPH]
    write_article(staff.root, "getting-help", [("same", reviewed.id)])
    staff.run("translate", "--lang", "es")
    path = load_settings(staff.root).catalog_path("es", "getting-help")
    text = path.read_text(encoding="utf-8")
    comment = re.compile(r"^# translation memory:.*\n(# .*\n)*", re.MULTILINE)
    path.write_text(comment.sub("", text), encoding="utf-8")
    assert status_of(staff, "getting-help")["memory"] == 0
    assert status_of(staff, "getting-help")["reviewed"] == 1


def test_a_translation_that_fails_a_check_is_not_remembered(staff):
    settings = load_settings(staff.root)
    path = settings.catalog_path("es", SEED)
    catalog = read_catalog(path, settings, "es")
    reviewed = next(m for m in catalog if m.context == PARAGRAPH)
    reviewed.string = reviewed.string.replace("tolerancia", "aguante")  # a glossary term lost
    path.write_bytes(render_catalog(catalog))
    write_article(staff.root, "getting-help", [("same", reviewed.id)])
    result = staff.run("translate", "--lang", "es")
    assert "from memory" not in result.output
    assert "drafted: title, summary, same" in result.output


def test_a_paragraph_moved_and_edited_under_a_new_id_gets_its_old_translation_to_review(staff):
    reviewed = entries(staff.root)[PARAGRAPH]
    path = staff.root / "library" / f"{SEED}.md"
    text = path.read_text(encoding="utf-8")
    moved = text.replace(f"{{#{PARAGRAPH}}}\n{reviewed.id}\n", "")
    assert moved != text
    edited = reviewed.id.replace("increasingly higher doses", "ever higher doses")
    path.write_text(moved + f"\n{{#moved-here}}\n{edited}\n", encoding="utf-8")
    result = staff.run("translate", "--lang", "es")
    # Its old entry is obsolete now (`#~`), and the memory still finds it there.
    assert f"{SEED}.po: 1 suggested from memory: moved-here" in result.output
    suggestion = entries(staff.root)["moved-here"]
    assert (suggestion.string, suggestion.fuzzy) == (reviewed.string, True)
    assert suggestion.previous_id == [reviewed.id]
    assert status_of(staff, SEED)["stale"] == 1


def test_emphasis_and_links_stay_with_their_words(apertium):
    assert apertium.translate([
        "People who take *prescribed* pain medicine can overdose.",
        "Their lips turn **blue or gray**; [call us](https://example.org/help#now) now.",
    ]) == [
        "Personas quiénes toman medicina de dolor *prescrito* puede sobredosis.",
        "Sus labios giran **azules o grises**; [nos llamo](https://example.org/help#now) ahora.",
    ]


@pytest.mark.parametrize("article", [STRUCTURED, PROJECT / "library" / f"{SEED}.md"])
def test_every_block_goes_to_the_engine_and_back_with_its_markdown_intact(article):
    for block in read_article(article).blocks:
        marks = emphasis_marks(block.text)
        assert inline_markdown(inline_html(block.text), *marks) == block.text, block.id


def test_no_draft_of_a_structured_article_fails_the_markup_check(staff):
    shutil.copy(STRUCTURED, staff.root / "library" / STRUCTURED.name)
    staff.run("translate", "--lang", "es")
    glossary = load_glossary(load_settings(staff.root), "es")
    for block_id, message in catalog_of(staff.root, "opioid-overdose").items():
        problems = compare_entry(message.id, message.string, glossary)
        assert "markup differs from the English" not in problems, (block_id, message.string)


@pytest.mark.parametrize(("english", "translation", "differs"), [
    ("Take **two** pills.", "Tome dos pastillas.", True),
    ("Take *one* pill.", "Tome una pastilla.", True),  # single-asterisk emphasis counts too
    ("Take *one* pill.", "Tome _una_ pastilla.", False),  # the same emphasis, other marks
    ("See [the guide](https://example.org).", "Vea la guía (https://example.org).", True),
    ("Results <normal range> need no action.", "Resultados <rango normal>: nada.", False),
])
def test_the_markup_check_compares_what_the_reader_sees(english, translation, differs):
    problems = compare_entry(english, translation, Glossary("es", ()))
    assert ("markup differs from the English" in problems) is differs


def test_a_paragraph_repeated_in_the_same_article_takes_its_reviewed_translation(staff):
    reviewed = entries(staff.root)[PARAGRAPH]
    path = staff.root / "library" / f"{SEED}.md"
    path.write_text(path.read_text(encoding="utf-8") + f"\n{{#again}}\n{reviewed.id}\n",
                    encoding="utf-8")
    result = staff.run("translate", "--lang", "es")
    assert f"{SEED}.po: 1 from memory: again" in result.output
    after = entries(staff.root)
    assert after["again"].string == after[PARAGRAPH].string == reviewed.string
    assert not after[PARAGRAPH].user_comments  # the original stays reviewed
    assert status_of(staff, SEED)["memory"] == 1
