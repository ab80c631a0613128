"""Removing an article: its source, template and catalogs now, its audio at the next build.

The build publishes only what library/ holds and then deletes the files no manifest names, so
the removed article's tracks leave the site in the same step as its page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .article_files import existing_article_files, library_slugs
from .errors import SourceError
from .new_readers import KEY as EASY_READ_KEY
from .settings import Settings
from .slugs import slug_problem
from .states import HUMAN
from .translation.catalogs import message_state
from .translation.pofiles import read_catalog


@dataclass(frozen=True)
class RemovalResult:
    """What `remove` deletes (or, before it is confirmed, would delete)."""

    slug: str
    files: tuple[Path, ...]
    reviewed: dict  # language -> translations a translator made, deleted with the catalog


def plan_removal(settings: Settings, slug: str) -> RemovalResult:
    """Return what removing `slug` deletes; raise SourceError if the library has no such article."""
    problem = slug_problem(slug)
    if problem:  # never a path: `remove ../x` must not reach outside library/
        raise SourceError(f"{slug}: {problem}. Nothing was removed.")
    files = existing_article_files(settings, slug)
    if not files:
        slugs = library_slugs(settings)
        close = difflib.get_close_matches(slug, slugs, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        raise SourceError(f"{slug}: no such article in {settings.relative(settings.library_dir)}."
                          f" {hint}Articles: {', '.join(slugs) or 'none'}.")
    names_it = re.compile(rf"^{EASY_READ_KEY}:\s*[\"']?{re.escape(slug)}[\"']?\s*$", re.MULTILINE)
    easy = [other for other in library_slugs(settings) if names_it.search(
        settings.article_path(other).read_text(encoding="utf-8", errors="replace"))]
    if easy:
        raise SourceError(
            f"{slug}: its easy read {easy[0]} names it ({EASY_READ_KEY}: {slug}), so it cannot "
            f"go alone. Remove the easy read first (manage_content.py remove {easy[0]}), or "
            f"change its {EASY_READ_KEY}. Nothing was removed.")
    reviewed = {}
    for path in files:
        if path.suffix == ".po":
            language = path.parent.parent.name
            reviewed[language] = sum(message_state(m) in HUMAN for m in read_catalog(
                path, settings, language) if m.id)
    return RemovalResult(slug, tuple(files), reviewed)


def remove_article(settings: Settings, removal: RemovalResult) -> None:
    """Delete the files of a planned removal."""
    for path in removal.files:
        path.unlink(missing_ok=True)

