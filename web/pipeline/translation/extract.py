"""Extraction: each article's template, and every language's catalog kept in step with it.

Each catalog is synced by msgctxt (sync.py); an entry whose msgctxt never was a block id (a
typo) is refused. A block with no `{#id}` line gets its derived id written into the article, so
its next edit makes it stale rather than new. Catalogs are written through the guard (guard.py):
a translator's save meanwhile is never overwritten, and each keeps its previous version. A file
whose content would not change is not rewritten.
"""

from __future__ import annotations

import codecs
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po

from ..article_files import UI_DOMAIN, library_slugs
from ..errors import CatalogError, SourceError
from ..files import write_all_atomic
from ..ids import pin_ids
from ..settings import Settings
from ..sources import Article, parse_article
from ..states import MISSING
from .catalogs import (
    article_template,
    check_contexts,
    check_languages,
    message_state,
    read_articles,
    template_path,
)
from .guard import CatalogGuard, guarded_catalogs
from .instep import InStepRecord
from .pofiles import read_catalog, render_catalog
from .sync import CatalogChange, sync_catalog


def new_catalog(template: Catalog, language: str, settings: Settings) -> Catalog:
    """Return an empty catalog for `language` with a header translators' tools expect."""
    locale = Locale.parse(language)
    return Catalog(
        locale=language, domain=template.domain, project=template.project,
        version=template.version, msgid_bugs_address="", fuzzy=False,
        creation_date=template.creation_date, revision_date=template.creation_date,
        language_team=f"{locale.english_name} team",
        header_comment=f"# {locale.english_name} translation of "
                       f"{template.domain}.\n# msgctxt is the block id in the article; "
                       "keep it unchanged.",
    )


def current_minute() -> datetime:
    """The time catalogs are dated with (PO headers carry minutes)."""
    return datetime.now(UTC).replace(second=0, microsecond=0)


@dataclass(frozen=True)
class PinnedIds:
    """The ids `extract` wrote, or would write, into an article that had only derived ones."""

    path: Path
    ids: tuple[str, ...]
    written: bool = True


@dataclass
class ExtractResult:
    templates: list[CatalogChange]
    catalogs: list[CatalogChange]
    dry_run: bool = False
    articles: list[PinnedIds] = field(default_factory=list)

    @property
    def written(self) -> list[Path]:
        return [c.path for c in self.articles + self.templates + self.catalogs if c.written]


def extract_catalogs(settings: Settings, *, dry_run: bool = False, purge: bool = False,
                     now: datetime | None = None) -> ExtractResult:
    """Write each article's template and update every target language's catalog.

    Everything is read and checked before anything is written, so bad input writes nothing.
    A file whose content would not change is not rewritten, and an article whose files are
    as the last run left them in step is not read again (instep.py). `purge` drops the
    obsolete entries (their catalogs' previous versions are kept, guard.py).
    """
    if dry_run:
        return _extract(settings, None, purge, now or current_minute())
    with guarded_catalogs(settings, "extract") as guard:
        return _extract(settings, guard, purge, now or current_minute())


def _extract(settings: Settings, guard: CatalogGuard | None, purge: bool,
             now: datetime) -> ExtractResult:
    """Extract, writing through `guard` (None: a dry run, which writes nothing)."""
    dry_run = guard is None
    slugs = library_slugs(settings)
    _check_slugs(slugs, settings)
    check_languages(settings)
    record = InStepRecord(settings)
    # Purging reads every catalog: the in-step record knows nothing of obsolete entries.
    in_step = set() if purge else {slug for slug in slugs if record.missing(slug) is not None}
    articles = read_articles(settings, only=set(slugs) - in_step)
    outputs: list[tuple[CatalogChange | PinnedIds, bytes]] = []
    templates = [CatalogChange(template_path(settings, slug)) for slug in sorted(in_step)]
    catalogs = [CatalogChange(settings.catalog_path(language, slug))
                for slug in sorted(in_step) for language in settings.target_languages]
    pinned, missing = [], {}
    for article in articles:
        if article.derived_ids:
            pinned.append(PinnedIds(article.path, tuple(i for _, i in article.derived_ids)))
            article, data = pinned_article(article, settings)
            outputs.append((pinned[-1], data))
        template = current_template(article, settings, now)
        change = CatalogChange(template_path(settings, article.slug))
        templates.append(change)
        outputs.append((change, render_catalog(template)))
        missing[article.slug] = {}
        for language in settings.target_languages:
            synced, change = synced_catalog(article, template, language, settings, now,
                                            guard, purge)
            catalogs.append(change)
            outputs.append((change, render_catalog(synced)))
            missing[article.slug][language] = missing_count(synced)
    for change, data in outputs:
        if isinstance(change, CatalogChange):
            change.written = not change.path.exists() or change.path.read_bytes() != data
    if guard:  # articles, templates and catalogs flushed to disk together, catalogs guarded
        write_all_atomic([(change.path, data) for change, data in outputs if change.written],
                         lambda path, data: guard.replacing(path, data)
                         if path.suffix == ".po" else None)
    if missing and not dry_run:
        for slug, counts in missing.items():
            record.remember(slug, counts)
        record.save()
    return ExtractResult(templates, catalogs, dry_run, pinned)


def missing_count(catalog: Catalog) -> int:
    """Return how many entries of a catalog have no translation at all."""
    return sum(1 for m in catalog if m.id and message_state(m) == MISSING)


def pinned_article(article: Article, settings: Settings) -> tuple[Article, bytes]:
    """Return the article with its derived ids written as `{#id}` lines, and its new bytes."""
    label = settings.relative(article.path)
    data = article.path.read_bytes()
    bom = "\ufeff" if data.startswith(codecs.BOM_UTF8) else ""
    text = pin_ids(data.decode("utf-8-sig"), article.derived_ids)
    pinned = parse_article(text, article.path, label)
    if [(b.id, b.kind, b.text) for b in pinned.blocks] != \
            [(b.id, b.kind, b.text) for b in article.blocks]:
        raise SourceError(f"{label}: the ids of blocks without a {{#id}} line could not be "
                          "written without changing the article. Write an {#id} line before "
                          "each of its blocks")
    return pinned, (bom + text).encode("utf-8")


def current_template(article: Article, settings: Settings, now: datetime) -> Catalog:
    """Return the article's template, dated as the one on disk if its entries are unchanged."""
    template = article_template(article, settings, now)
    path = template_path(settings, article.slug)
    try:  # only its date is read: a template is this command's own output, never edited
        data = path.read_bytes()
        unchanged = article_template(article, settings, read_po(io.BytesIO(data)).creation_date)
    except (OSError, ValueError, PoFileError):
        return template  # none yet, or damaged: written anew
    return unchanged if render_catalog(unchanged) == data else template


def synced_catalog(article: Article, template: Catalog, language: str, settings: Settings,
                   now: datetime, guard: CatalogGuard | None = None,
                   purge: bool = False) -> tuple[Catalog, CatalogChange]:
    """Return the article's catalog in `language` brought in line with `template` (in memory);
    `guard` notes it as read, so it is written only if no one changes it meanwhile."""
    path = settings.catalog_path(language, article.slug)
    if guard:
        guard.saw(path)
    if path.exists():
        current = read_catalog(path, settings, language)
        check_contexts(current, path, article, settings)
    else:
        current = new_catalog(template, language, settings)
    synced, change = sync_catalog(current, template, purge)
    change.path = path
    if not path.exists() or change.new or change.stale or change.obsolete or change.restored \
            or change.purged:
        synced.revision_date = now
    return synced, change


def _check_slugs(slugs: list[str], settings: Settings) -> None:
    for slug in slugs:
        if slug == UI_DOMAIN:
            raise CatalogError(
                f"{settings.relative(settings.article_path(slug))}: the slug "
                f"'{UI_DOMAIN}' is the website's own catalog. Rename the file."
            )
