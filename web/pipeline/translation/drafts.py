"""Fill missing catalog entries: from the translation memory first, then with machine drafts.

Drafts are fuzzy and carry a comment naming the engine, so they are never taken as reviewed;
an entry that already has any translation (reviewed, draft or stale) is never touched.
Glossary terms are swapped for stand-ins while the engine works (memory.py and translators.py
say how), so each term lands in the target language's word order, then put back.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path

from ..article_files import library_slugs
from ..errors import ContentError
from ..settings import Settings
from ..states import MISSING
from .catalogs import DRAFT_COMMENT, message_state, read_articles
from .checks import check_catalogs
from .extract import (
    current_minute,
    current_template,
    extract_catalogs,
    missing_count,
    synced_catalog,
)
from .glossary import Glossary, load_glossary
from .guard import CatalogGuard, guarded_catalogs
from .instep import InStepRecord
from .memory import load_memory, recall
from .pofiles import read_catalog, render_catalog
from .status import edition_status
from .translators import DEFAULT_TRANSLATOR, get_translator


@dataclass
class DraftResult:
    language: str
    engine: str
    drafted: dict[Path, list[str]] = field(default_factory=dict)  # catalog -> block ids
    remembered: dict[Path, list[str]] = field(default_factory=dict)  # reused as reviewed
    suggested: dict[Path, list[str]] = field(default_factory=dict)  # close matches, fuzzy
    undrafted: dict[Path, list[str]] = field(default_factory=dict)  # left for a translator
    problem: str | None = None  # why no engine drafts this language here

    @property
    def count(self) -> int:
        return sum(map(len, self.drafted.values()))


@dataclass(frozen=True)
class Swap:
    """A glossary term replaced by `sent` on the way in, expected back as `back`."""

    sent: str
    back: str
    target: str
    capital: bool | None  # capitalize the term; None: as the word that came back


@dataclass(frozen=True)
class ProtectedText:
    text: str
    swaps: tuple[Swap, ...]


def _placeholder(number: int) -> str:
    """A made-up word the engine leaves alone (it is unknown to every dictionary)."""
    letters = string.ascii_uppercase
    return "ZQX" + letters[number // 26 % 26] + letters[number % 26]


def _word(word: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(word) + r"(?!\w)", re.IGNORECASE)


def protect_terms(text: str, glossary: Glossary, stand_ins=None) -> ProtectedText:
    """Replace each glossary term with a stand-in word the engine translates as a noun.

    `stand_ins(target, plural)` gives the engine's (source, target) word pairs for a term; with
    none free, a made-up word the engine leaves in place is used.
    """
    swaps: list[Swap] = []

    def free(pair: tuple[str, str]) -> bool:
        return not any(_word(w).search(text) or w in (s.sent.lower(), s.back.lower())
                       for w in pair for s in swaps)

    for term in glossary.terms:
        def swap(match, term=term) -> str:
            found = match.group(0)
            plural = found.lower() != term.source.lower()
            pairs = stand_ins(term.target, plural) if stand_ins else ()
            pair = next((p for p in pairs if free(p)), None)
            if pair is None:
                token = _placeholder(len(swaps))
                swaps.append(Swap(token, token, term.target, found[:1].isupper()))
                return token
            sent = pair[0].capitalize() if found[:1].isupper() else pair[0]
            swaps.append(Swap(sent, pair[1], term.target, None))
            return sent

        text = term.source_pattern.sub(swap, text)
    return ProtectedText(text, tuple(swaps))


def restore_terms(draft: str, protected: ProtectedText) -> str | None:
    """Put each glossary term back in place of its stand-in; None if one did not come back."""
    for swap in protected.swaps:
        found = _word(swap.back).search(draft)
        if not found:
            return None
        capital = found.group(0)[:1].isupper() if swap.capital is None else swap.capital
        target = swap.target
        if capital and target[:1].islower():
            target = target[:1].upper() + target[1:]
        draft = draft[:found.start()] + target + draft[found.end():]
    return draft


def machine_drafts(engine, texts: list[str], glossary: Glossary) -> list[str]:
    """Translate each text on its own, with every glossary term in the target's word order."""
    protected = [protect_terms(t, glossary, getattr(engine, "stand_ins", None)) for t in texts]
    drafts = [restore_terms(d, p) for d, p in
              zip(engine.translate([p.text for p in protected]), protected, strict=True)]
    again = [i for i, draft in enumerate(drafts) if draft is None]
    if again:  # a stand-in was lost or changed: made-up words always come back as they went
        opaque = [protect_terms(texts[i], glossary) for i in again]
        for i, draft, plain in zip(again, engine.translate([p.text for p in opaque]), opaque,
                                   strict=True):
            drafts[i] = restore_terms(draft, plain) or draft
    return drafts


def translate_catalogs(settings: Settings, languages: tuple[str, ...] = (),
                       engine_name: str = DEFAULT_TRANSLATOR, *,
                       dry_run: bool = False) -> list[DraftResult]:
    """Bring the catalogs in line with the English (unless a dry run), then fill the missing
    entries of each of `languages` (default: every translated language)."""
    languages = settings.check_languages(languages, translated=True) or \
        settings.target_languages
    extracted = None if dry_run else extract_catalogs(settings)
    results = [draft_translations(settings, language, engine_name, dry_run=dry_run,
                                  in_step=not dry_run)  # extract just ran
               for language in languages]
    if extracted and (extracted.written or any(
            r.drafted or r.remembered or r.suggested for r in results)):
        keep_status(settings)
    return results


def keep_status(settings: Settings) -> None:
    """Compute what `status` and `check` would show of the catalogs just written, and keep it
    (status_cache.py), so their next run reads only what changes after; a library they would
    refuse is left for them to report."""
    try:
        check_catalogs(settings)
        edition_status(settings)
    except ContentError:
        pass


def draft_translations(settings: Settings, language: str, engine_name: str, *,
                       dry_run: bool = False, in_step: bool = False) -> DraftResult:
    """Fill every missing entry of every article catalog in `language`.

    `in_step` says the catalogs on disk are in line with the English (`extract` just ran):
    then a catalog the in-step record knows has nothing missing is not read. Otherwise each
    is brought in line in memory first, as `extract` would, so a dry run tells the truth.
    """
    if dry_run:
        return _draft(settings, language, engine_name, None, in_step)
    with guarded_catalogs(settings, "translate") as guard:
        return _draft(settings, language, engine_name, guard, in_step)


def _draft(settings: Settings, language: str, engine_name: str, guard: CatalogGuard | None,
           in_step: bool) -> DraftResult:
    """Draft, writing through `guard` (None: a dry run, which writes nothing)."""
    glossary = load_glossary(settings, language)
    memory = None  # read once, and only when some catalog misses entries
    result = DraftResult(language, engine_name)
    engine = get_translator(engine_name, settings.source_language, language)
    record = InStepRecord(settings)
    checked, now = False, current_minute()
    for slug, catalog in _catalogs(settings, language, record if in_step else None, now,
                                   guard):
        path = settings.catalog_path(language, slug)
        missing = [m for m in catalog if m.id and message_state(m) == MISSING]
        if not missing:
            continue
        if memory is None:
            memory = load_memory(settings, language, glossary)
        for message in missing:
            if recall(message, memory):
                kind = result.suggested if message.fuzzy else result.remembered
                kind.setdefault(path, []).append(message.context)
        missing = [m for m in missing if not m.string]
        if missing and not checked:  # asked once, and only when there is something to draft
            checked, result.problem = True, engine.problem()
        if missing and result.problem:
            result.undrafted[path] = [m.context for m in missing]
        elif missing:
            for message, draft in zip(missing, machine_drafts(
                    engine, [m.id for m in missing], glossary), strict=True):
                message.string = draft
                message.flags.add("fuzzy")
                message.user_comments = [DRAFT_COMMENT.format(engine=engine_name)]
            result.drafted[path] = [m.context for m in missing]
        if guard:
            guard.write(path, render_catalog(catalog))
            if in_step:
                counts = record.known.get(slug, {}).get("missing", {})
                record.remember(slug, {**counts, language: missing_count(catalog)})
    if in_step and guard:
        record.save()
    return result


def _catalogs(settings: Settings, language: str, record: InStepRecord | None, now,
              guard: CatalogGuard | None):
    """Yield (slug, catalog) for each article whose catalog in `language` may miss entries.

    With the in-step record (the catalogs on disk are in line with the English), a catalog it
    knows misses nothing is skipped unread; without it, each catalog is synced in memory.
    """
    if record is None:
        for article in read_articles(settings):
            template = current_template(article, settings, now)
            yield article.slug, synced_catalog(article, template, language, settings, now,
                                               guard)[0]
        return
    for slug in library_slugs(settings):
        missing = record.missing(slug)
        if missing is None or missing.get(language) != 0:
            path = settings.catalog_path(language, slug)
            if guard:
                guard.saw(path)
            yield slug, read_catalog(path, settings, language)
