"""What `check` finds: problems in what is or would be published (the check fails), notes on
suggestions awaiting review (which fail nothing), then, when there are no problems, each
edition's readability and the warnings about easy reads and readability targets."""

from __future__ import annotations

from dataclasses import dataclass

from .new_readers import edition_warnings
from .notices import Notice, plural
from .plain_language import MAX_SENTENCES, MAX_WORDS
from .readability import FORMULA_NAMES
from .readability_targets import EASY_READ
from .settings import Settings
from .translation.checks import check_catalogs
from .translation.status import TranslationStatus, edition_status


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
    rows, outlines = edition_status(settings)
    warnings = [*edition_warnings(outlines, lambda a: settings.relative(a.path)),
                *readability_warnings(settings, rows), *easy_read_warnings(rows)]
    return CheckResult((), tuple(warnings), tuple(rows), tuple(notes))


def easy_read_warnings(rows: list[TranslationStatus]) -> list[Notice]:
    """Return a warning for each easy read's long paragraphs, headings that are not questions
    and calls to action that do not say how."""
    warnings = []
    for row in rows:
        found, where = row.readability, f"{row.article} ({row.language}, easy read)"
        if row.edition != EASY_READ:
            continue
        if found.long_paragraphs:
            named = ", ".join(f"{p['block']} ({p['sentences']} sentences, {p['words']} words)"
                              for p in found.long_paragraphs)
            warnings.append(Notice(where, f"{plural(len(found.long_paragraphs), 'paragraph')} "
                                          f"longer than {MAX_SENTENCES} sentences or "
                                          f"{MAX_WORDS} words: {named}",
                                   "Split each into short paragraphs of one idea each"))
        if found.statements and not row.glossary:
            named = ", ".join(f"'{h['text']}' ({h['block']})" for h in found.statements)
            warnings.append(Notice(where, f"{plural(len(found.statements), 'heading')} not "
                                          f"written as a question: {named}",
                                   "Write each heading as the question it answers, such as "
                                   "'What does heroin do to the brain?'"))
        for call in found.calls_without_how:
            warnings.append(Notice(where, f"a call to action says what to do but not how: "
                                          f"'{call['text']}' ({call['block']})",
                                   "Give the phone number, the web address or a link in the "
                                   "same paragraph"))
    return warnings


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
