"""Translation memory: every reviewed translation in the library, reusable for the same English.

An identical English entry anywhere (another article, a moved paragraph) takes the reviewed
translation, with a comment naming where it came from (state MEMORY: published as a human
translation). A close match is only a suggestion: fuzzy, with the English it was made for as
`#| msgid`, so it is stale until a translator reviews it, and never published.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from babel.messages.catalog import Message

from ..plaintext import normalize_text
from ..settings import Settings
from ..states import HUMAN
from .catalogs import MEMORY_PREFIX, catalog_files, message_state
from .checks import compare_entry
from .glossary import Glossary
from .pofiles import read_catalog

MEMORY_COMMENT = MEMORY_PREFIX + " from {origin} (delete this comment once reviewed here)"
SUGGESTION_COMMENT = (MEMORY_PREFIX + " {similarity} % like {origin}; review it against the "
                      "English, then remove the fuzzy flag")
CLOSE_MATCH = 0.75  # similarity of the English below which a translation is not suggested


@dataclass(frozen=True)
class Remembered:
    """A reviewed translation and the entry it comes from."""

    english: str
    translation: str
    origin: str  # "<article slug>#<block id>"


@dataclass(frozen=True)
class TranslationMemory:
    language: str
    entries: dict  # English, with straight quotes and plain spaces -> Remembered

    def exact(self, english: str) -> Remembered | None:
        """Return the reviewed translation of exactly this English ("brain’s" is "brain's")."""
        return self.entries.get(normalize_text(english))

    def closest(self, english: str) -> tuple[Remembered, int] | None:
        """Return the reviewed translation of the most similar English, with its similarity %.

        Similarity is of the words in order, so an edited paragraph matches its old self.
        """
        matcher = difflib.SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(normalize_text(english).split())
        best, best_ratio = None, CLOSE_MATCH
        for known, remembered in self.entries.items():
            matcher.set_seq1(known.split())
            if (matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio
                    and matcher.ratio() >= best_ratio):
                best, best_ratio = remembered, matcher.ratio()
        return (best, int(best_ratio * 100)) if best else None


def load_memory(settings: Settings, language: str, glossary: Glossary) -> TranslationMemory:
    """Collect every reviewed translation in `language` that passes the checks.

    Obsolete entries count too: a paragraph that moved under a new id finds its old self.
    """
    entries = {}
    for path in catalog_files(settings):
        if path.parent.parent.name != language:
            continue
        catalog = read_catalog(path, settings, language)
        for message in [*catalog, *catalog.obsolete.values()]:
            if not message.id or message_state(message) not in HUMAN:
                continue
            if compare_entry(message.id, message.string, glossary):
                continue  # a translation that fails a check is not worth repeating
            entries.setdefault(normalize_text(message.id), Remembered(
                message.id, message.string, f"{path.stem}#{message.context}"))
    return TranslationMemory(language, entries)


def recall(message: Message, memory: TranslationMemory) -> bool:
    """Fill a missing entry from the memory; return whether it found anything."""
    found = memory.exact(message.id)
    if found:
        message.string = found.translation
        message.user_comments = [MEMORY_COMMENT.format(origin=found.origin)]
        return True
    close = memory.closest(message.id)
    if close:
        found, similarity = close
        message.string = found.translation
        message.flags.add("fuzzy")
        message.previous_id = [found.english]
        message.user_comments = [SUGGESTION_COMMENT.format(similarity=similarity,
                                                           origin=found.origin)]
        return True
    return False
