"""How far each article's translation has come: blocks and words per state and language.

A reviewed block whose translation fails a check counts as failing: it is published in English.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..article_files import orphaned_catalogs
from ..readability import Measures, Readability
from ..settings import Settings
from ..states import DRAFT, HUMAN, TRANSLATION_STATES
from .catalogs import check_languages, read_articles, read_translations
from .glossary import load_glossary
from .localize import checked_state


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
                       source: bool = True, articles=None) -> list[TranslationStatus]:
    """Return the status of every article (`articles`, when already read) in the source
    language (unless `source` is False) and every target language (or those given)."""
    check_languages(settings)
    languages = settings.check_languages(languages, translated=True)
    glossaries = {code: load_glossary(settings, code)
                  for code in languages or settings.target_languages}
    rows, measures = [], Measures(settings)
    for article in read_articles(settings) if articles is None else articles:
        kind = article.edition_kind
        if source and not languages:
            shown = [(b.id, b.kind, b.text) for b in article.blocks]
            rows.append(TranslationStatus(
                article.slug, settings.source_language, kind, len(article.blocks),
                **{state: 0 for state in TRANSLATION_STATES},
                words={state: 0 for state in TRANSLATION_STATES},
                readability=measures.measure(shown, settings.source_language, kind),
                source=True, review_date=article.origin.medical_review,
                glossary=article.glossary))
        for language, glossary in glossaries.items():
            entries, review = read_translations(article, language, settings)
            blocks, words, shown = Counter(), Counter(), []
            for block in article.blocks:
                state, _ = checked_state(block, entries, glossary)
                blocks[state] += 1
                words[state] += len(block.text.split())
                if state in HUMAN or state == DRAFT:
                    shown.append((block.id, block.kind, entries[block.id].string))
            rows.append(TranslationStatus(
                article.slug, language, kind, len(article.blocks),
                **{state: blocks[state] for state in TRANSLATION_STATES},
                words={state: words[state] for state in TRANSLATION_STATES},
                readability=measures.measure(shown, language, kind),
                review_date=review.reviewed, glossary=article.glossary,
            ))
    measures.save()
    return rows


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
