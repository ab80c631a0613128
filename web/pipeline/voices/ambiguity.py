"""Warn where a written number pair can be read two ways ("3/4": a date or a fraction), with
the file and line, so staff can make the reading sure before the build says it."""

from __future__ import annotations

import logging

from ..settings import Settings
from .slashes import ambiguous

log = logging.getLogger(__name__)


def ambiguity_warnings(settings: Settings, language: str) -> list[str]:
    """Return a warning for each line of the articles in `language` with a guessed reading."""
    if language[:2] not in ("en", "es"):
        return []
    if language == settings.source_language:
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


def warn_ambiguous(settings: Settings, language: str) -> None:
    """Log each warning of `ambiguity_warnings` (the build reads the lexicon once a language)."""
    for warning in ambiguity_warnings(settings, language):
        log.warning("%s", warning)
