"""Translation catalogs: one template per article, one PO file per language, and their states.

Every translatable block is one entry whose msgctxt is the block's stable id.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..errors import CatalogError
from ..settings import Settings
from ..sources import Article, Block
from ..states import DRAFT, MEMORY, MISSING, REVIEWED, STALE
from .pofiles import read_catalog

UI_DOMAIN = "messages"  # the website's own catalog, kept by Flask-Babel, not by this module
MEMORY_PREFIX = "translation memory:"  # the comment on an entry the memory filled (memory.py)


def message_state(message: Message | None) -> str:
    """Return the translation state of one entry, as Weblate and Pontoon name them."""
    if message is None or not message.string:
        return MISSING
    if not message.fuzzy:
        return MEMORY if is_from_memory(message) else REVIEWED
    return STALE if message.previous_id else DRAFT


def is_from_memory(message: Message) -> bool:
    """Return whether an entry's translation came from the memory and is not reviewed here."""
    return any(c.startswith(MEMORY_PREFIX) for c in message.user_comments)


def template_path(settings: Settings, slug: str) -> Path:
    return settings.templates_dir / f"{slug}.pot"


def article_template(article: Article, settings: Settings, created: datetime) -> Catalog:
    """Return the template of one article: one entry per block, msgctxt = block id."""
    template = Catalog(
        domain=article.slug, project=settings.name, version=article.slug, fuzzy=False,
        creation_date=created, revision_date=created, charset="utf-8", msgid_bugs_address="",
        header_comment=f"# Template for {settings.relative(article.path)}.\n"
                       "# msgctxt is the block id in the article; do not change it.",
    )
    source = settings.relative(article.path)
    for block in article.blocks:
        template.add(block.text, context=block.id, locations=[(source, block.line)],
                     auto_comments=[block.where or block.kind])
    return template


def language_problem(path: Path, settings: Settings) -> str | None:
    """Return why an article catalog's language is not one the library translates into."""
    language = path.parent.parent.name
    if language in settings.target_languages:
        return None
    configured = ", ".join(settings.target_languages) or "none"
    return (f"{settings.relative(path)}: language '{language}' is not configured (translated "
            f"languages: {configured}). Add it to 'languages' in library/library.toml or remove "
            "the folder.")


def catalog_files(settings: Settings) -> list[Path]:
    """Return every article PO file under locales/ (the website's own catalog excluded)."""
    return [p for p in sorted(settings.locales_dir.glob("*/LC_MESSAGES/*.po"))
            if p.stem != UI_DOMAIN]


def check_languages(settings: Settings) -> None:
    """Raise CatalogError for the first catalog of a language the library does not use."""
    for path in catalog_files(settings):
        problem = language_problem(path, settings)
        if problem:
            raise CatalogError(problem)


def load_translations(article: Article, language: str, settings: Settings) -> dict:
    """Return the entries of an article's catalog in `language` by block id ({} if none)."""
    path = settings.catalog_path(language, article.slug)
    if not path.exists():
        return {}
    return {m.context: m for m in read_catalog(path, settings, language) if m.id and m.context}


def block_state(block: Block, entries: dict) -> str:
    """Return the state of a block's translation; one made for other English is stale."""
    message = entries.get(block.id)
    if message is not None and message.id != block.text:
        return STALE if message.string else MISSING
    return message_state(message)
