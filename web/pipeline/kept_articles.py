"""The articles a build plans from: read from library/ where one of their editions is planned,
kept as the last build published them where none is (their Markdown is not read again)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .article_files import library_slugs
from .errors import SourceError
from .manifest import Manifest
from .new_readers import check_editions
from .provenance import Origin
from .settings import Settings
from .sources import Article
from .translation.catalogs import read_articles


@dataclass(frozen=True)
class KeptArticle:
    """An article none of whose editions is planned again: what the build needs of it, as the
    last build published it (its Markdown is not read)."""

    slug: str
    path: Path
    source: str
    topics: tuple[str, ...]
    easy_read_of: str
    glossary: bool
    origin: Origin
    topics_line: int = 0
    easy_read_line: int = 0



def library_articles(settings: Settings, languages: tuple[str, ...], reuse: Collection[str],
              previous: Manifest | None) -> tuple[Article | KeptArticle, ...]:
    """Return the library's articles by slug: read from library/ where an edition is planned,
    kept as `previous` published them where none is; all read if their easy-read links or
    glossary then do not check out (so the error names the file and line)."""
    slugs, kept = library_slugs(settings), {}
    for slug in slugs if previous else ():
        old = previous.article(slug)
        if old and all(f"{slug}/{code}" in reuse and code in old.editions
                       for code in languages):
            kept[slug] = KeptArticle(slug, settings.article_path(slug), old.source, old.topics,
                                     old.easy_read_of, old.glossary, Origin(**old.origin))
    if not kept:
        return tuple(read_articles(settings))
    read = read_articles(settings, only=set(slugs) - set(kept))
    every = sorted([*read, *kept.values()], key=lambda article: f"{article.slug}.md")
    try:
        check_editions(every, lambda article: settings.relative(article.path), slugs)
    except SourceError:
        return tuple(read_articles(settings))
    return tuple(every)
