"""Warn where a written number pair can be read two ways ("3/4": a date or a fraction), with
the file and line, so staff can make the reading sure before the build says it."""

from __future__ import annotations

import logging
from collections.abc import Collection

from ..settings import Settings
from .slashes import ambiguous

log = logging.getLogger(__name__)


def ambiguity_warnings(settings: Settings, language: str,
                       slugs: Collection[str] | None = None) -> list[str]:
    """Return a warning for each line of the articles `slugs` (default: all) in `language`
    with a guessed reading."""
    if language[:2] not in ("en", "es"):
        return []
    source = language == settings.source_language
    if slugs is not None:  # only those articles' own files: an edit reads one, not a thousand
        files = [settings.article_path(slug) if source else settings.catalog_path(language, slug)
                 for slug in sorted(slugs)]
        files = [path for path in files if path.exists()]
    elif source:
        files = sorted(settings.library_dir.glob("*.md"))
    else:
        files = sorted((settings.locales_dir / language / "LC_MESSAGES").glob("*.po"))
    warnings = []
    for path in files:
        translated = path.suffix != ".po"  # in a catalog, only the translations are said
        for number, line in enumerate(path.read_text("utf-8", "replace").splitlines(), 1):
            if path.suffix == ".po" and not line.startswith('"'):
                translated = line.startswith("msgstr")
            if not translated:
                continue
            for written in ambiguous(line, language):
                warnings.append(
                    f"{settings.relative(path)}:{number}: '{written}' is read as a date; to "
                    f"say a fraction write it out, or add a row to locales/{language}/"
                    f"pronunciation.csv ('re:\\b{written}\\b' and its words).")
    return warnings


def warn_ambiguous(settings: Settings, language: str, slugs: Collection[str]) -> None:
    """Log each warning of `ambiguity_warnings` for the articles a build plans in `language`."""
    for warning in ambiguity_warnings(settings, language, slugs):
        log.warning("%s", warning)
