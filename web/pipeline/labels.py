"""What readers and listeners are told about published text: which of it is a machine draft,
which is the English shown in place of a translation, and whom the rest may credit.

One mapping says how each state is labelled; the pages, the feed, the tracks' tags, the
playlist and the transcripts all label through it, each in its edition's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from babel import Locale

from .manifest import ArticleEdition
from .states import DRAFT, MEMORY, REVIEWED, SOURCE
from .translation.interface import FALLBACK_LABEL, IN_PARTS, MACHINE_LABEL, Interface

HUMAN = "human"  # a person's translation, reviewed (here, or for the same English elsewhere)
MACHINE = "machine"  # a machine draft no one has reviewed
FALLBACK = "fallback"  # the source text, shown where no translation is published
ORIGINAL = "original"  # the text of the source edition, or nothing to translate

# How text published in its edition's language is labelled, by its state. A new state that is
# published as a translation is one more line here.
TRANSLATED = {SOURCE: ORIGINAL, REVIEWED: HUMAN, MEMORY: HUMAN, DRAFT: MACHINE}


def label_kind(state: str, language: str, edition_language: str) -> str:
    """Return how text in `state`, written in `language`, is labelled in its edition."""
    return TRANSLATED[state] if language == edition_language else FALLBACK


def capfirst(text: str) -> str:
    """Return `text` with a capital first letter, for a label on a line of its own."""
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Labels:
    """The labels of one edition's language, in its words. A text is anything with a `state`
    and a `language` (a manifest or localized block)."""

    language: str  # the edition's
    gettext: Callable[[str], str]  # the interface catalog of that language
    locale: str  # the Babel locale that names languages in it ("es_419")

    @classmethod
    def of(cls, interface: Interface) -> Labels:
        """Return the labels of the interface catalog's language."""
        return cls(interface.language, interface.gettext, interface.language)

    def kind(self, text) -> str:
        """Return the label kind of one text."""
        return label_kind(text.state, text.language, self.language)

    def label(self, text) -> str:
        """Return the label of one text ("machine translation, not reviewed"), or ""."""
        kind = self.kind(text)
        if kind == MACHINE:
            return self.gettext(MACHINE_LABEL)
        if kind == FALLBACK:
            name = Locale.parse(text.language).get_language_name(self.locale)
            return self.gettext(FALLBACK_LABEL) % {"language": name}
        return ""

    def describe(self, texts: Iterable) -> str:
        """Return the labels of several texts (a track, a feed item), each named once and
        said to be "in parts" when some of the texts need none; "" when none does."""
        labels = [self.label(text) for text in texts if text.text]  # not an empty table cell
        named = "; ".join(dict.fromkeys(filter(None, labels)))
        if not named or all(labels):
            return named
        return self.gettext(IN_PARTS) % {"labels": named}

    def labelled(self, text: str, texts: Iterable) -> str:
        """Return `text` with the labels of `texts` after it in parentheses, if any."""
        described = self.describe(texts)
        return f"{text} ({described})" if described else text


def edition_texts(edition: ArticleEdition) -> list:
    """Return every text an edition publishes: its title, its summary and its blocks."""
    return [edition.title_block, edition.summary_block,
            *(b for s in edition.sections for b in s.blocks)]


def label_counts(edition: ArticleEdition) -> Counter:
    """Return how many of an edition's texts are of each label kind."""
    return Counter(label_kind(t.state, t.language, edition.language)
                   for t in edition_texts(edition))


@dataclass(frozen=True)
class Credits:
    """The people an edition names: only for the text that is theirs."""

    translator: str = ""
    reviewer: str = ""
    reviewed: str = ""  # the day of the review, ISO
    partly: bool = False  # some of the edition's text is not theirs (it is labelled)


def edition_credits(edition: ArticleEdition) -> Credits:
    """Return the credits an edition may truthfully give (library.toml names the people):
    none without a reviewed translation, "partly" when some text is a draft or in English."""
    counts = label_counts(edition)
    if not counts[HUMAN]:
        return Credits()
    named = edition.credits
    return Credits(named.get("translator", ""), named.get("reviewer", ""),
                   named.get("reviewed", ""), partly=bool(counts[MACHINE] or counts[FALLBACK]))
