"""What `check` finds: problems in what is or would be published (the check fails), notes on
suggestions awaiting review (which fail nothing), then, when there are no problems, each
edition's readability and the warnings about easy reads and readability targets."""

from __future__ import annotations

from dataclasses import dataclass

from .new_readers import edition_warnings
from .notices import Notice
from .readability import FORMULA_NAMES
from .settings import Settings
from .translation.catalogs import read_articles
from .translation.checks import check_catalogs
from .translation.status import TranslationStatus, translation_status


@dataclass(frozen=True)
class CheckResult:
    """Problems that fail the check; else the warnings and each edition's readability."""

    problems: tuple[Notice, ...]
    warnings: tuple[Notice, ...] = ()
    rows: tuple[TranslationStatus, ...] = ()
    notes: tuple[Notice, ...] = ()  # suggestions awaiting review that differ from the English


def check_library(settings: Settings) -> CheckResult:
    """Validate every catalog; if all are valid, measure each edition's readability too."""
    problems, notes = check_catalogs(settings)
    if problems:
        return CheckResult(tuple(problems), notes=tuple(notes))
    articles = read_articles(settings)
    rows = translation_status(settings, articles=articles)
    warnings = [*edition_warnings(articles, lambda a: settings.relative(a.path)),
                *readability_warnings(settings, rows)]
    return CheckResult((), tuple(warnings), tuple(rows), tuple(notes))


def readability_warnings(settings: Settings, rows: list[TranslationStatus]) -> list[Notice]:
    """Return a warning for each edition whose readability misses its target."""
    warnings = []
    for row in rows:
        found = row.readability
        if found.meets_target is not False:
            continue
        side = "below" if found.easier_is_higher else "above"
        longest = found.longest[0]
        warnings.append(Notice(
            f"{row.article} ({row.language}, {row.edition.replace('_', ' ')})",
            f"{FORMULA_NAMES[found.formula]} {found.score:g} is {side} its target of "
            f"{found.target:g} ({settings.relative(settings.library_dir)}/library.toml "
            f"[readability.{row.language}] {row.edition})",
            f"Its longest sentence is {longest['block']}, {longest['words']} words; shorter "
            "sentences and everyday words read more easily."))
    return warnings
