"""Translation catalogs: one template per article, one PO file per language, and their states.

Every translatable block is one entry whose msgctxt is the block's stable id.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from functools import partial
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..article_files import catalog_files, template_path
from ..errors import CatalogError
from ..ids import closest_id
from ..settings import Settings
from ..sources import Article, Block, read_library
from ..states import DRAFT, MEMORY, MISSING, REVIEWED, STALE
from .pofiles import read_catalog
from .reviews import CatalogReview, catalog_review

MEMORY_PREFIX = "translation memory:"  # the comment on an entry the memory filled (memory.py)
DRAFT_COMMENT = "machine draft by {engine}: review before publishing"  # drafts.py


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


def is_machine_made(message: Message) -> bool:
    """Return whether an entry's translation is a machine draft or came from the memory."""
    made = (MEMORY_PREFIX, DRAFT_COMMENT.split("{")[0])
    return any(c.startswith(made) for c in message.user_comments)


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


def check_languages(settings: Settings) -> None:
    """Raise CatalogError for the first catalog of a language the library does not use."""
    for path in catalog_files(settings):
        problem = language_problem(path, settings)
        if problem:
            raise CatalogError(problem)


def template_ids(settings: Settings, slug: str) -> set[str]:
    """Return the block ids of an article's template on disk (none if it has no template)."""
    path = template_path(settings, slug)
    return {m.context for m in read_catalog(path, settings) if m.id} if path.exists() else set()


def read_articles(settings: Settings, only: Collection[str] | None = None) -> list[Article]:
    """Read every library article (or those whose slug is in `only`); an error names the
    closest id its template knows."""
    return read_library(settings.library_dir, settings.root, partial(template_ids, settings),
                        only)


def check_contexts(catalog: Catalog, path: Path, article: Article, settings: Settings) -> None:
    """Raise CatalogError for an entry whose msgctxt is another entry's, or is no block id of
    the article and was none in its template or the catalog's obsolete entries: a typo, not a
    removed block."""
    ids = {b.id: b for b in article.blocks}
    messages = [m for m in catalog if m.id]
    absent = [i for i in ids if i not in {m.context for m in messages}]
    first: dict[str | None, Message] = {}
    for message in messages:
        other = first.setdefault(message.context, message)
        if other is not message and message.context in ids:
            if message.id == ids[message.context].text:  # the other entry is the mistyped one
                message, other = other, message
            raise _context_error(message, f"is also the msgctxt of the entry on line "
                                 f"{_context_line(other)}, and a block has one entry",
                                 ids, absent, path, article, settings)
    unknown = [m for m in messages if m.context not in ids]
    if not unknown:
        return
    known = set(ids) | template_ids(settings, article.slug) | {
        m.context for m in catalog.obsolete.values()}
    for message in unknown:
        if message.context in known:
            continue  # a removed block's entry, which extract makes obsolete
        raise _context_error(message, f"names no block of {settings.relative(article.path)}",
                             ids, absent, path, article, settings)


def _context_line(message: Message) -> int:
    """Return the line of an entry's msgctxt (Babel counts from msgid; msgctxt is above it)."""
    return message.lineno - bool(message.context)


def _context_error(message: Message, what: str, ids: dict[str, Block], absent: list[str],
                   path: Path, article: Article, settings: Settings) -> CatalogError:
    """Return the error for an entry whose msgctxt is wrong, with the id it most likely meant:
    a block with its English that no entry names, else the closest id."""
    context = message.context or ""
    same_text = [i for i in absent if ids[i].text == message.id]
    closest = next(iter(same_text), None) or closest_id(context, absent) or \
        closest_id(context, [i for i in ids if i != context])
    entry = f"msgctxt '{context}'" if context else "an entry without msgctxt"
    hint = f" (closest known id: {closest!r})" if closest else ""
    return CatalogError(
        f"{settings.relative(path)}:{_context_line(message)}: {entry} {what}{hint}. Set msgctxt "
        f"to the id of the block the entry translates (see "
        f"{settings.relative(template_path(settings, article.slug))}), or delete the entry")


def load_translations(article: Article, language: str, settings: Settings) -> dict:
    """Return the entries of an article's catalog in `language` by block id ({} if none)."""
    return read_translations(article, language, settings)[0]


def read_translations(article: Article, language: str, settings: Settings
                      ) -> tuple[dict, CatalogReview]:
    """Return the entries of an article's catalog in `language` by block id ({} if none) and
    the review its header records."""
    path = settings.catalog_path(language, article.slug)
    if not path.exists():
        return {}, CatalogReview()
    catalog = read_catalog(path, settings, language)
    check_contexts(catalog, path, article, settings)
    return ({m.context: m for m in catalog if m.id and m.context},
            catalog_review(catalog, settings.relative(path)))


def block_state(block: Block, entries: dict) -> str:
    """Return the state of a block's translation; one made for other English is stale."""
    message = entries.get(block.id)
    if message is not None and message.id != block.text:
        return STALE if message.string else MISSING
    return message_state(message)
