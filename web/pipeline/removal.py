"""Removing an article: its source, template and catalogs now, its audio at the next build.

The build publishes only what library/ holds and then deletes the files no manifest names, so
the removed article's tracks leave the site in the same step as its page.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .new_readers import KEY as EASY_READ_KEY
from .settings import Settings
from .states import HUMAN
from .translation.catalogs import UI_DOMAIN, catalog_files, message_state, template_path
from .translation.pofiles import read_catalog


@dataclass(frozen=True)
class RemovalResult:
    """What `remove` deletes (or, before it is confirmed, would delete)."""

    slug: str
    files: tuple[Path, ...]
    reviewed: dict  # language -> translations a translator made, deleted with the catalog


def article_files(settings: Settings, slug: str) -> list[Path]:
    """Return the article's source, its template and its catalog in every language that has one."""
    found = [settings.library_dir / f"{slug}.md", template_path(settings, slug),
             *(p for p in catalog_files(settings) if p.stem == slug)]
    return [p for p in found if p.exists()]


def plan_removal(settings: Settings, slug: str) -> RemovalResult:
    """Return what removing `slug` deletes; raise SourceError if the library has no such article."""
    files = article_files(settings, slug)
    if not files:
        slugs = sorted(p.stem for p in settings.library_dir.glob("*.md"))
        close = difflib.get_close_matches(slug, slugs, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        raise SourceError(f"{slug}: no such article in {settings.relative(settings.library_dir)}."
                          f" {hint}Articles: {', '.join(slugs) or 'none'}.")
    names_it = re.compile(rf"^{EASY_READ_KEY}:\s*[\"']?{re.escape(slug)}[\"']?\s*$", re.MULTILINE)
    easy = sorted(p.stem for p in settings.library_dir.glob("*.md")
                  if names_it.search(p.read_text(encoding="utf-8", errors="replace")))
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


def orphaned_catalogs(settings: Settings) -> list[Path]:
    """Return templates and catalogs whose article is no longer in library/."""
    templates = [p for p in sorted(settings.templates_dir.glob("*.pot")) if p.stem != UI_DOMAIN]
    return [p for p in [*templates, *catalog_files(settings)]
            if not (settings.library_dir / f"{p.stem}.md").exists()]
