"""Every article says where it came from and who reviewed it: the original's address and date
and the medical review from the front matter, the translator, reviewer and day of review from
the catalog's header; on the page, in the talking book and in the feed, in the page's language;
and `status` flags a review older than library.toml allows."""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import zipfile

import podcastparser
import pytest
from test_talking_books import EPUBCHECK

from web.pipeline.manifest import load_manifest

SLUG = "heroin-and-the-brain"
CATALOG = f"locales/es/LC_MESSAGES/{SLUG}.po"
ORIGIN = ("original_url: https://recovery.example.org/blog/heroin-and-the-brain\n"
          "original_date: 2024-03-15\n"
          "medical_review: 2025-06-02\n"
          "medical_reviewer: Clinical team of the recovery center\n")


def with_front_matter(staff, lines: str) -> None:
    """Add `lines` to the seed article's front matter, as staff would type them."""
    path = staff.root / "library" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: Omnia Recovery\n", f"source: Omnia Recovery\n{lines}",
                                 1), encoding="utf-8")


@pytest.fixture
def reviewed(seed_staff):
    """The seed with its provenance, its Spanish translation's review recorded, built."""
    with_front_matter(seed_staff, ORIGIN)
    seed_staff.run("review", SLUG, "--lang", "es", "--by", "Equipo de revisión <rev@example.org>",
                   "--on", "2026-11-30")
    seed_staff.run("build", "--engine", "silent")
    return seed_staff


def page(staff, support, language: str) -> str:
    app = support.make_app(staff.root)
    return app.test_client().get(f"/{language}/{SLUG}/").get_data(as_text=True)


def about(html: str) -> str:
    """Return the text of the page's "About this article" section, as a listener hears it."""
    section = re.search(r'<section class="provenance".*?</section>', html, re.S).group(0)
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


def test_the_page_says_where_the_article_comes_from_in_its_language(reviewed, support):
    english = page(reviewed, support, "en")
    assert about(english) == (
        "About this article Written by Omnia Recovery. Read the original, published March "
        "15, 2024 Medical review: June 2, 2025, by Clinical team of the recovery center.")
    assert ('<a href="https://recovery.example.org/blog/heroin-and-the-brain" rel="external '
            'noopener noreferrer">') in english
    spanish = about(page(reviewed, support, "es"))
    assert "Leer el original, publicado el 15 de marzo de 2024" in spanish
    assert "Revisión médica: 2 de junio de 2025, por Clinical team of the recovery center." \
        in spanish
    # The catalog's reviewer and day, its e-mail address never shown; the translator is the
    # team library.toml names, as the catalog's header names none.
    assert ("Traducción: Equipo de traducción de la Biblioteca de Salud. Revisión: Equipo de "
            "revisión, el 30 de noviembre de 2026.") in spanish
    assert "rev@example.org" not in page(reviewed, support, "es")


def test_the_talking_book_and_the_feed_carry_the_provenance(reviewed, support, tmp_path):
    manifest = load_manifest(reviewed.root / "audio" / "manifest.json")
    book = reviewed.root / "audio" / manifest.books[SLUG]["es"].file
    package = zipfile.ZipFile(book).read("EPUB/package.opf").decode()
    for element in ("<dc:source>https://recovery.example.org/blog/heroin-and-the-brain"
                    "</dc:source>",
                    '<meta property="dcterms:created">2024-03-15</meta>',
                    '<meta property="schema:lastReviewed">2025-06-02</meta>',
                    '<dc:contributor id="reviewer">Equipo de revisión</dc:contributor>',
                    '<meta refines="#reviewer" property="dcterms:date">2026-11-30</meta>'):
        assert element in package
    report = tmp_path / "report.json"
    subprocess.run([*EPUBCHECK, "--json", str(report), str(book)], capture_output=True,
                   timeout=300)
    assert json.loads(report.read_text())["messages"] == []

    feed = support.make_app(reviewed.root).test_client().get("/es/feed.xml").data
    episodes = podcastparser.parse("http://127.0.0.1:5000/es/feed.xml", io.BytesIO(
        feed))["episodes"]
    article = next(e for e in episodes if e["title"] == "Cómo afecta la heroína al cerebro")
    assert "Leer el original, publicado el 15 de marzo de 2024" in article["description_html"]
    assert "Revisión: Equipo de revisión, el 30 de noviembre de 2026." in \
        article["description_html"]


def test_a_catalog_rewrite_keeps_the_review_and_status_flags_an_old_one(seed_staff):
    with_front_matter(seed_staff, "medical_review: 2020-01-10\n")
    seed_staff.run("review", SLUG, "--lang", "es", "--by", "Equipo", "--on", "2024-01-05")
    before = (seed_staff.root / CATALOG).read_text(encoding="utf-8")
    assert '"X-Reviewer: Equipo\\n"\n"X-Review-Date: 2024-01-05\\n"' in before
    seed_staff.run("extract")  # the front matter moved every block's line: the catalog is rewritten
    after = (seed_staff.root / CATALOG).read_text(encoding="utf-8")
    assert after != before and '"X-Review-Date: 2024-01-05\\n"' in after

    today = datetime.date.today()
    old = (today - datetime.date(2024, 1, 5)).days
    status = seed_staff.run("status").output
    assert "Reviews to renew (2; library.toml [review] max_age_days = 365):" in status
    assert (f"{SLUG:<32} es    translation reviewed 2024-01-05, {old} days ago (more than "
            f"365): review it again, then record it with manage_content.py review {SLUG} "
            "--lang es") in status
    assert f"{SLUG:<32} en    medical review 2020-01-10" in status

    seed_staff.run("review", SLUG, "--lang", "es", "--by", "Equipo")  # reviewed again today
    status = seed_staff.run("status").output
    assert "Reviews to renew (1;" in status and "translation reviewed" not in status


def test_a_translation_reviewed_with_no_day_is_flagged_until_its_review_is_recorded(seed_staff):
    settings = seed_staff.root / "library" / "library.toml"
    settings.write_text(settings.read_text() + "\n[review]\nmax_age_days = 30\n")
    path = seed_staff.root / CATALOG
    path.write_text(re.sub(r'"X-Review[^\n]*\n', "", path.read_text(encoding="utf-8")),
                    encoding="utf-8")
    status = seed_staff.run("status").output
    assert (f"{SLUG:<32} es    no day of review recorded: record it with manage_content.py "
            f'review {SLUG} --lang es --by "…"') in status
    result = seed_staff.run("review", SLUG, "--lang", "es", "--by", "Equipo")
    assert result.output == (f"{CATALOG}: reviewed by Equipo on {datetime.date.today()}. "
                             "Run build to publish it.\n")
    assert "Reviews: none is older than 30 days." in seed_staff.run("status").output


@pytest.mark.parametrize("line, message", [
    ("original_date: March 2024\n",
     "library/heroin-and-the-brain.md:5: original_date must be a date as year-month-day, not "
     'the text "March 2024". Write, for example, original_date: 2024-03-15'),
    ("original_url: www.example.org/page\n",
     "library/heroin-and-the-brain.md:5: original_url must be the web address of the "
     'original, not the text "www.example.org/page". Write, for example, original_url: '
     "https://www.example.org/heroin-and-the-brain"),
    ("medical_review: 2999-01-01\n",
     "library/heroin-and-the-brain.md:5: medical_review is 2999-01-01, a day that has not "
     "come yet. Write, for example, medical_review: "),
])
def test_a_wrong_provenance_value_is_refused_with_its_line(seed_staff, line, message):
    with_front_matter(seed_staff, line)
    result = seed_staff.run("build", "--engine", "silent", expect=1)
    assert f"Error: {message}" in result.output


def test_a_review_needs_a_catalog_a_known_language_and_a_past_day(seed_staff):
    assert "no article has this name" in seed_staff.run(
        "review", "../README", "--lang", "es", "--by", "X", expect=1).output
    assert "has not come yet" in seed_staff.run(
        "review", SLUG, "--lang", "es", "--by", "X", "--on", "2999-01-01", expect=1).output
    settings = seed_staff.root / "library" / "library.toml"
    settings.write_text(settings.read_text() + "\n[review]\nmax_age_days = 0\n")
    assert "[review] max_age_days is 0 days: give from 1 to 3650" in seed_staff.run(
        "status", expect=1).output
