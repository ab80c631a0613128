"""Real articles keep their structure: headings, lists, tables, quotes, links and emphasis reach
the catalogs, the speech and the page in every language, and what cannot be carried is refused."""

from __future__ import annotations

import re
import shutil

import pytest
from projects import PROJECT

DATA = PROJECT / "tests" / "data"
SLUG = "opioid-overdose"


@pytest.fixture
def structured(staff):
    """The project with a Markdown article holding every element, extracted and built."""
    shutil.copy(DATA / f"{SLUG}.md", staff.root / "library" / f"{SLUG}.md")
    staff.run("extract")
    return staff


def test_every_unit_is_a_catalog_entry_that_says_where_it_sits(structured):
    template = (structured.root / "locales" / "pot" / f"{SLUG}.pot").read_text("utf-8")
    template = template.replace('"\n"', "")  # long entries are wrapped over several lines
    for comment, context, text in [
        ("list 2, item 1", "steps-1", "Call 911 right away."),
        ("table 1, row 2, column Dose", "doses-2-2", "0.4 mg to 2 mg"),
        ("table 1, header, column 3", "doses-head-3", "Notes"),
        ("table 1, caption", "doses-caption", "Naloxone doses for adults"),
        ("quote 1, attribution", "quote-by", "A mother in Ohio"),
        ("heading, level 3", "naloxone", "Naloxone Doses"),
    ]:
        assert f'#. {comment}\n#: library/{SLUG}.md:' in template
        assert f'msgctxt "{context}"\nmsgid "{text}"' in template
    # Emphasis and links stay in the entry, for the translator to keep.
    assert "turn **blue or gray**." in template
    assert "[SAMHSA National Helpline](https://www.samhsa.gov/find-help/national-helpline)" \
        in template


def test_lists_and_tables_are_spoken_with_their_numbers_and_headers(structured):
    result = structured.run("build", "--engine", "silent", "--lang", "en", "--dry-run")
    voiced = [re.sub("[«»]", "", line[len("  voice [en] "):])  # the marks of changed words
              for line in result.output.splitlines() if line.startswith("  voice [en] ")]
    assert "Step one. Call nine one one right away." in voiced
    assert "Step two. Give naloxone if you have it." in voiced
    # A table row by row: its first cell names the row, each other cell says its header.
    row = voiced[voiced.index("Nasal spray"):voiced.index("Nasal spray") + 3]
    assert row[1:] == ["Dose: four milligrams", "Notes: One spray in one nostril"]
    assert "Dose: zero point four to two milligrams" in voiced
    assert voiced.index("Naloxone doses for adults") < voiced.index("Nasal spray")
    assert "Form" not in voiced and "Dose" not in voiced  # headers are said with each cell
    # The link's text is spoken, never its address; words in angle brackets are kept.
    assert not any("samhsa.gov" in line or "**" in line for line in voiced)
    assert "Results <normal range> need no action." in voiced


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_page_rebuilds_the_structure_in_each_language(structured, support, lang):
    structured.run("translate", "--lang", "es")  # machine drafts of every unit, published
    structured.run("build", "--engine", "silent", "--publish-drafts")
    page = support.make_app(structured.root).test_client().get(
        f"/{lang}/{SLUG}/").get_data(as_text=True)
    assert re.search(r'<ol>\s*<li[^>]* data-block="steps-1">', page)
    assert re.search(r'<ul>\s*<li[^>]* data-block="signs-list-1">', page)
    assert '<th scope="col"' in page and '<th scope="row"' in page
    assert re.search(r'<caption[^>]*data-block="doses-caption">', page)
    assert re.search(r'<div class="table-wrap" role="region" tabindex="0" aria-label="[^"]+">',
                     page)
    assert re.search(r'<h3[^>]*data-block="naloxone">', page)
    assert re.search(r'<h4[^>]*data-block="after">', page)
    assert re.search(r'<blockquote>\s*(<p class="flag">[^<]*</p>\s*)?<p[^>]*data-block="quote-1">',
                     page)
    assert re.search(r'<figcaption[^>]*data-block="quote-by">', page)
    assert '<a href="https://www.samhsa.gov/find-help/national-helpline">' in page
    assert page.count("<strong>") == 1
    if lang == "en":
        assert '<a href="https://www.samhsa.gov/find-help/national-helpline">SAMHSA National ' \
            'Helpline</a>' in page
        assert "<strong>blue or gray</strong>" in page and "<em>prescribed</em>" in page
        assert "Results &lt;normal range&gt; need no action." in page
    else:
        assert "Traducción automática, sin revisar" in page
    assert "**" not in page and "](https" not in page


def test_a_label_inside_english_text_is_in_the_pages_language(structured, support):
    structured.run("build", "--engine", "silent")  # nothing translated: English, labelled
    page = support.make_app(structured.root).test_client().get(
        f"/es/{SLUG}/").get_data(as_text=True)
    # A screen reader reads the label with the Spanish voice, the item with the English one.
    assert re.search(r'<li id="b-steps-1" lang="en" data-block="steps-1"><p class="flag" '
                     r'lang="es">Aún no traducido', page)
    assert re.search(r'<th scope="col" id="b-doses-head-3" lang="en" data-block="doses-head-3">'
                     r'<p class="flag" lang="es">', page)
    assert page.count('<p class="flag" lang="es">') > 10
    assert not re.search(r'lang="en" data-block="[^"]+"><p class="flag">', page)


@pytest.mark.parametrize(("markdown", "what"), [
    ("<div>Call us.</div>", "raw HTML ('<div>')"),
    ("Call <b>now</b>.", "raw HTML ('<b>')"),
    ("```\ncode\n```", "a code block"),
    ("##### Deep", "a level-5 heading"),
    ("![a chart](chart.png)", "is not in the library's pictures folder"),
    ("See ![a chart](pictures/chart.png) here.", "a picture sits in a paragraph with other"),
    ("![](pictures/chart.png)", "has no description"),
    ("![A chart](pictures/chart.png)", "the picture file library/pictures/chart.png is missing"),
])
def test_what_cannot_be_carried_is_refused_with_its_line(staff, markdown, what):
    path = staff.root / "library" / "bad.md"
    path.write_text(f"---\ntitle: Bad\n---\n\nFirst paragraph.\n\n{markdown}\n", "utf-8")
    result = staff.run("extract", expect=1)
    assert result.output.startswith("Error: library/bad.md:7: ") and what in result.output
    assert "Traceback" not in result.output


def test_an_imported_markdown_article_keeps_its_structure(staff, tmp_path):
    source = tmp_path / "overdose.md"
    body = (DATA / f"{SLUG}.md").read_text("utf-8").split("---\n", 2)[2]
    source.write_text("# How to Help\n\n" + re.sub(r"^\{#[\w-]+\}\n", "", body, flags=re.M),
                      "utf-8")
    staff.run("import", str(source), "--source", "Health Library staff")
    written = (staff.root / "library" / "how-to-help.md").read_text("utf-8")
    assert "1. Call 911 right away." in written and "| Injection | 0.4 mg to 2 mg |" in written
    assert "> — A mother in Ohio" in written and "**blue or gray**" in written
    assert "[SAMHSA National Helpline](https://www.samhsa.gov/" in written
    assert "### Naloxone Doses" in written
