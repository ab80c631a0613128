"""Fill missing catalog entries with machine drafts, respecting the glossary.

Drafts are fuzzy and carry a comment naming the engine, so they are never taken as reviewed;
an entry that already has any translation (reviewed, draft or stale) is never touched.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path

from ..files import write_atomic
from ..settings import Settings
from ..states import MISSING
from .catalogs import message_state, read_articles
from .extract import current_minute, current_template, synced_catalog
from .glossary import Glossary, load_glossary
from .pofiles import render_catalog
from .translators import get_translator

DRAFT_COMMENT = "machine draft by {engine}: review before publishing"


@dataclass
class DraftResult:
    language: str
    engine: str
    drafted: dict[Path, list[str]] = field(default_factory=dict)  # catalog -> block ids

    @property
    def count(self) -> int:
        return sum(map(len, self.drafted.values()))


def _placeholder(number: int) -> str:
    """A made-up word the engine leaves alone (it is unknown to every dictionary)."""
    letters = string.ascii_uppercase
    return "ZQX" + letters[number // 26 % 26] + letters[number % 26]


def protect_terms(text: str, glossary: Glossary) -> tuple[str, dict[str, str]]:
    """Replace glossary terms with placeholders; return the text and placeholder → target."""
    targets: dict[str, str] = {}

    for term in glossary.terms:
        def swap(match, term=term) -> str:
            token = _placeholder(len(targets))
            found = match.group(0)
            target = term.target
            if found[:1].isupper() and target[:1].islower():
                target = target[:1].upper() + target[1:]
            targets[token] = target
            return token

        text = term.source_pattern.sub(swap, text)
    return text, targets


def restore_terms(text: str, targets: dict[str, str]) -> str:
    for token, target in targets.items():
        text = text.replace(token, target)
    return text


def draft_translations(settings: Settings, language: str, engine_name: str, *,
                       dry_run: bool = False) -> DraftResult:
    """Draft every missing entry of every article catalog in `language`."""
    engine = get_translator(engine_name, settings.source_language, language)
    glossary = load_glossary(settings, language)
    result = DraftResult(language, engine_name)
    now = current_minute()
    for article in read_articles(settings):
        # In line with the English first, as `extract` makes it, so a dry run tells the truth.
        template = current_template(article, settings, now)
        catalog, change = synced_catalog(article, template, language, settings, now)
        path = change.path
        missing = [m for m in catalog if m.id and message_state(m) == MISSING]
        if not missing:
            continue
        protected = [protect_terms(m.id, glossary) for m in missing]
        drafts = engine.translate([text for text, _ in protected])
        for message, draft, (_, targets) in zip(missing, drafts, protected, strict=True):
            message.string = restore_terms(draft, targets)
            message.flags.add("fuzzy")
            message.user_comments = [DRAFT_COMMENT.format(engine=engine_name)]
        result.drafted[path] = [m.context for m in missing]
        if not dry_run:
            write_atomic(path, render_catalog(catalog))
    return result
