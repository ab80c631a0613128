"""How far each article's translation has come: blocks and words per state and language.

A reviewed block whose translation fails a check counts as failing: it is published in English.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..settings import Settings
from ..states import TRANSLATION_STATES
from .catalogs import check_languages, load_translations, read_articles
from .glossary import load_glossary
from .localize import checked_state


@dataclass(frozen=True)
class TranslationStatus:
    """One article in one language; counts are of blocks (title and summary included)."""

    article: str
    language: str
    total: int
    reviewed: int
    memory: int  # filled from the translation memory, published, not reviewed here
    draft: int
    failing: int
    stale: int
    missing: int
    words: dict  # source words per state

    @property
    def complete(self) -> bool:
        return self.reviewed == self.total


def translation_status(settings: Settings, languages: tuple[str, ...] = ()) -> list[
        TranslationStatus]:
    """Return the status of every article in every target language (or those given)."""
    check_languages(settings)
    languages = settings.check_languages(languages, translated=True)
    glossaries = {code: load_glossary(settings, code)
                  for code in languages or settings.target_languages}
    rows = []
    for article in read_articles(settings):
        for language, glossary in glossaries.items():
            entries = load_translations(article, language, settings)
            blocks, words = Counter(), Counter()
            for block in article.blocks:
                state, _ = checked_state(block, entries, glossary)
                blocks[state] += 1
                words[state] += len(block.text.split())
            rows.append(TranslationStatus(
                article.slug, language, len(article.blocks),
                **{state: blocks[state] for state in TRANSLATION_STATES},
                words={state: words[state] for state in TRANSLATION_STATES},
            ))
    return rows
