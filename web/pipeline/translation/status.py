"""How far each article's translation has come: blocks and words per state and language.

A reviewed block whose translation fails a check counts as failing: it is published in English.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from ..article_files import library_slugs, orphaned_catalogs
from ..errors import SourceError
from ..new_readers import check_editions
from ..readability import Measures, Readability, readability_from_json
from ..settings import Settings
from ..sources import Article
from ..states import DRAFT, HUMAN, TRANSLATION_STATES
from .catalogs import check_languages, read_articles, read_translations
from .glossary import load_glossary
from .localize import checked_state
from .status_cache import ArticleOutline, StatusRecord


@dataclass(frozen=True)
class TranslationStatus:
    """One edition: an article in one language; counts are of blocks (title and summary
    included), all 0 for the source language, which has nothing to translate."""

    article: str
    language: str
    edition: str  # its kind: standard or easy_read
    total: int
    reviewed: int
    memory: int  # filled from the translation memory, published, not reviewed here
    draft: int
    failing: int
    stale: int
    missing: int
    words: dict  # source words per state
    readability: Readability  # of its text in its own language (drafts included)
    source: bool = False  # the article as written, in the source language
    # The day of its last review (ISO, "" if none is recorded): the medical review (front
    # matter) for the source language, the translation's review (catalog header) otherwise.
    review_date: str = ""
    glossary: bool = False  # the spoken glossary: its headings are terms, not questions

    @property
    def complete(self) -> bool:
        return self.reviewed == self.total

    def review_notice(self, max_age_days: int, today: datetime.date) -> str:
        """Return why this edition's review needs attention ("" if it does not): it is older
        than `max_age_days`, or a reviewed translation records no day of review."""
        if not self.review_date:
            if self.source or not self.reviewed:
                return ""
            return (f"no day of review recorded: record it with manage_content.py review "
                    f"{self.article} --lang {self.language} --by \"…\"")
        age = (today - datetime.date.fromisoformat(self.review_date)).days
        if age <= max_age_days:
            return ""
        what = "medical review" if self.source else "translation reviewed"
        todo = ("have it reviewed again, then update medical_review in its front matter"
                if self.source else f"review it again, then record it with manage_content.py "
                                    f"review {self.article} --lang {self.language}")
        return f"{what} {self.review_date}, {age} days ago (more than {max_age_days}): {todo}"


def translation_status(settings: Settings, languages: tuple[str, ...] = (), *,
                       source: bool = True) -> list[TranslationStatus]:
    """Return the status of every article in the source language (unless `source` is False)
    and every target language (or those given)."""
    return edition_status(settings, languages, source=source)[0]


def edition_status(settings: Settings, languages: tuple[str, ...] = (), *, source: bool = True
                   ) -> tuple[list[TranslationStatus], list[ArticleOutline]]:
    """Return what translation_status does, and the outline of every article. An edition
    whose files are as its kept status was computed from (status_cache.py) is not read."""
    check_languages(settings)
    languages = settings.check_languages(languages, translated=True)
    codes = list(languages or settings.target_languages)
    wanted = [settings.source_language] * (source and not languages) + codes
    record, measures = StatusRecord(settings), Measures(settings)
    slugs = sorted(library_slugs(settings), key=lambda slug: f"{slug}.md")  # as read_articles
    kept = {slug: record.find(slug, wanted) for slug in slugs}
    for entries in filter(None, kept.values()):
        for entry in entries.values():
            measures.keep(entry["measured"])
    articles = {a.slug: a for a in _read(settings, slugs, kept)}
    glossaries = {code: load_glossary(settings, code) for code in codes}
    rows, outlines = [], []
    for slug in slugs:
        if kept[slug]:
            entries = kept[slug]
            rows += [row_from_json(entries[code]["row"]) for code in wanted]
            outlines.append(ArticleOutline.from_json(slug, settings.article_path(slug),
                                                     entries[wanted[0]]["outline"]))
            continue
        article = articles[slug]
        outlines.append(ArticleOutline.of(article))
        for code in wanted:
            row, measured = (_source_row(article, settings, measures) if code not in codes
                             else _translated_row(article, code, glossaries[code], settings,
                                                  measures))
            rows.append(row)
            record.remember(slug, code, asdict(row), outlines[-1], measured)
    measures.save()
    record.save(slugs)
    return rows, outlines


def _read(settings: Settings, slugs: list[str], kept: dict) -> list[Article]:
    """Read the articles none of whose editions is kept; all of them if the easy-read links
    and the glossary flags, with the kept outlines, do not check out (the error then names
    the file and line)."""
    if all(kept.values()):
        return []
    if not any(kept.values()):
        return read_articles(settings)
    read = read_articles(settings, only={slug for slug in slugs if not kept[slug]})
    by_slug = {a.slug: a for a in read}
    every = [by_slug.get(slug) or ArticleOutline.from_json(
        slug, settings.article_path(slug), next(iter(kept[slug].values()))["outline"])
        for slug in slugs]
    try:
        check_editions(every, lambda article: settings.relative(article.path), slugs)
    except SourceError:
        return read_articles(settings)
    return read


def _source_row(article: Article, settings: Settings, measures: Measures
                ) -> tuple[TranslationStatus, str]:
    """Return the status of the article as written, and the key of its readability figures."""
    shown = [(b.id, b.kind, b.text) for b in article.blocks]
    return TranslationStatus(
        article.slug, settings.source_language, article.edition_kind, len(article.blocks),
        **{state: 0 for state in TRANSLATION_STATES},
        words={state: 0 for state in TRANSLATION_STATES},
        readability=measures.measure(shown, settings.source_language, article.edition_kind),
        source=True, review_date=article.origin.medical_review,
        glossary=article.glossary), measures.key(shown, settings.source_language)


def _translated_row(article: Article, language: str, glossary, settings: Settings,
                    measures: Measures) -> tuple[TranslationStatus, str]:
    """Return the status of the article's translation into `language`, and the key of its
    readability figures."""
    entries, review = read_translations(article, language, settings)
    blocks, words, shown = Counter(), Counter(), []
    for block in article.blocks:
        state, _ = checked_state(block, entries, glossary)
        blocks[state] += 1
        words[state] += len(block.text.split())
        if state in HUMAN or state == DRAFT:
            shown.append((block.id, block.kind, entries[block.id].string))
    return TranslationStatus(
        article.slug, language, article.edition_kind, len(article.blocks),
        **{state: blocks[state] for state in TRANSLATION_STATES},
        words={state: words[state] for state in TRANSLATION_STATES},
        readability=measures.measure(shown, language, article.edition_kind),
        review_date=review.reviewed, glossary=article.glossary,
    ), measures.key(shown, language)


def row_from_json(data: dict) -> TranslationStatus:
    """Return the TranslationStatus whose asdict() gave `data`."""
    return TranslationStatus(**{**data, "readability": readability_from_json(
        data["readability"])})


@dataclass(frozen=True)
class StatusResult:
    """What `status` shows: each edition's translation and readability, and the catalogs
    whose article is gone."""

    rows: list[TranslationStatus]
    orphans: list[Path]


def library_status(settings: Settings, languages: tuple[str, ...] = ()) -> StatusResult:
    """Return the status of every edition (in `languages` only, when given) and the orphaned
    catalogs."""
    return StatusResult(translation_status(settings, languages), orphaned_catalogs(settings))
