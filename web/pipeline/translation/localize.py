"""Which text, in which language, is published for each block of an article in one language.

Reviewed entries (and those the translation memory filled) are published in the language;
machine drafts only when the build publishes drafts; stale and missing entries never. A
translation that fails a check (its numbers, phone numbers, addresses or glossary terms differ
from the English) is never published either. In each of these cases the English is published
instead, marked with the entry's state, so the page and the audio can say so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..settings import Settings
from ..sources import Article, Block, Section
from ..states import DRAFT, FAILING, HUMAN, SOURCE
from .catalogs import block_state, read_translations
from .checks import compare_entry
from .glossary import Glossary, load_glossary
from .reviews import CatalogReview


@dataclass(frozen=True)
class LocalizedBlock:
    """A block as published in one language; `language` is the language its text is in."""

    id: str
    kind: str
    text: str
    language: str
    state: str


@dataclass(frozen=True)
class LocalizedSection:
    id: str
    heading: LocalizedBlock | None
    body: tuple[LocalizedBlock, ...]

    @property
    def blocks(self) -> tuple[LocalizedBlock, ...]:
        return ((self.heading,) if self.heading else ()) + self.body


@dataclass(frozen=True)
class LocalizedArticle:
    slug: str
    language: str
    title: LocalizedBlock
    summary: LocalizedBlock
    sections: tuple[LocalizedSection, ...]
    counts: dict  # blocks per state, title and summary included
    problems: tuple[str, ...] = ()  # "<catalog>:<line>: '<block id>': <what>", per failing block
    review: CatalogReview = CatalogReview()  # who translated and reviewed it, and when


def checked_state(block: Block, entries: dict, glossary: Glossary,
                  publish_drafts: bool = False) -> tuple[str, list[str]]:
    """Return the state a block is published in, and what its translation fails, if anything.

    A translation that would be published (reviewed, or a draft with `publish_drafts`) is
    checked against the English; if a check fails, its state is FAILING.
    """
    state = block_state(block, entries)
    if _published_translated(state, publish_drafts):
        found = compare_entry(block.text, entries[block.id].string, glossary)
        if found:
            return FAILING, found
    return state, []


def _published_translated(state: str, publish_drafts: bool) -> bool:
    return state in HUMAN or (state == DRAFT and publish_drafts)


def localize_article(article: Article, language: str, settings: Settings,
                     publish_drafts: bool = False, *,
                     glossary: Glossary | None = None) -> LocalizedArticle:
    """Apply the catalog of `language` to an article.

    Reviewed entries are published in `language`, and machine drafts with `publish_drafts`,
    unless they fail a check; otherwise the English is published, marked with the entry's
    state. `glossary` is the glossary of `language` (read here when not given).
    """
    source = language == settings.source_language
    entries, review = ({}, CatalogReview()) if source else read_translations(article, language,
                                                                              settings)
    if glossary is None and not source:
        glossary = load_glossary(settings, language)
    catalog = settings.relative(settings.catalog_path(language, article.slug))
    problems = []

    def localize(block: Block) -> LocalizedBlock:
        if source or not block.text:  # an empty table cell has nothing to translate
            return LocalizedBlock(block.id, block.kind, block.text, language, SOURCE)
        state, found = checked_state(block, entries, glossary, publish_drafts)
        if found:
            where = f"{catalog}:{entries[block.id].lineno}"
            problems.append(f"{where}: '{block.id}': {'; '.join(found)}")
        if _published_translated(state, publish_drafts):
            text = entries[block.id].string
            return LocalizedBlock(block.id, block.kind, text, language, state)
        return LocalizedBlock(block.id, block.kind, block.text, settings.source_language, state)

    def section(part: Section) -> LocalizedSection:
        heading = localize(part.heading) if part.heading else None
        return LocalizedSection(part.id, heading, tuple(map(localize, part.body)))

    title, summary = map(localize, article.meta_blocks)
    sections = tuple(map(section, article.sections))
    blocks = [title, summary, *(b for s in sections for b in s.blocks)]
    return LocalizedArticle(article.slug, language, title, summary, sections,
                            dict(Counter(b.state for b in blocks)), tuple(problems), review)
