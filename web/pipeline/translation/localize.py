"""Which text, in which language, is published for each block of an article in one language.

Reviewed entries are published in the language; machine drafts only when the build publishes
drafts; stale and missing entries never: the English is published instead, marked with the
entry's state, so the page and the audio can say so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..settings import Settings
from ..sources import Article, Block, Section
from ..states import DRAFT, REVIEWED, SOURCE
from .catalogs import block_state, load_translations


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


def localize_article(article: Article, language: str, settings: Settings,
                     publish_drafts: bool = False) -> LocalizedArticle:
    """Apply the catalog of `language` to an article.

    Reviewed entries are published in `language`. Machine drafts are published only with
    `publish_drafts`; otherwise, as stale and missing entries always are, the English is
    published instead, marked with the entry's state.
    """
    source = language == settings.source_language
    entries = {} if source else load_translations(article, language, settings)

    def localize(block: Block) -> LocalizedBlock:
        if source or not block.text:  # an empty table cell has nothing to translate
            return LocalizedBlock(block.id, block.kind, block.text, language, SOURCE)
        state = block_state(block, entries)
        if state == REVIEWED or (state == DRAFT and publish_drafts):
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
                            dict(Counter(b.state for b in blocks)))
