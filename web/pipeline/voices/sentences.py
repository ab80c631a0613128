"""Sentences as a reader hears them: split per language, never at an abbreviation.

sentencex splits first; then a piece is joined to the next when it ends at an abbreviation
staff list in locales/<lang>/abbreviations.txt ("Dr.", "Ave.", "approx.", "Tues."), at a
capital initial ("N."), at a number whose ordinal mark follows ("1." + "º de mayo"), or when
the next piece starts in lower case or with a dash ("Tues." + "–Thurs."). An abbreviation
marked `(may end a sentence)` ("a.m.", "etc.") ends one only before a capitalized word that is
not a weekday, a month, a word of an address ("Suite") or a listed abbreviation ("at 5 p.m.
Friday" and "Wed. Sept. 4" stay whole; "at 5 p.m. Call us." is two).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names
from sentencex import segment

from ..errors import ContentError
from ..settings import Settings
from ..textfiles import decode_text

MAY_END = "(may end a sentence)"
# After "St." these go on the address ("1450 N. Elm St. Suite 12C"), as weekdays do after "p.m.".
ADDRESS_WORDS = frozenset("suite unit room floor building apartment piso interior local edificio"
                          .split())
ORDINAL_MARK = re.compile(r"(?:[ºª°]|er\b|a\b|o\b)")  # after "1." in "1.º", "1.er"


@dataclass(frozen=True)
class Abbreviations:
    """The abbreviations a sentence never ends at, and those that end one only before a
    capitalized word that is not a weekday or month; both folded to lower case."""

    never: frozenset[str] = frozenset()
    may_end: frozenset[str] = frozenset()


def load_abbreviations(settings: Settings, language: str) -> Abbreviations:
    """Read locales/<language>/abbreviations.txt (no file means sentencex's own rules)."""
    path = settings.locales_dir / language / "abbreviations.txt"
    if not path.exists():
        return Abbreviations()
    where = settings.relative(path)
    never, may_end = set(), set()
    for number, line in enumerate(decode_text(path.read_bytes(), where, ContentError)
                                  .splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        ends = entry.endswith(MAY_END)
        entry = entry.removesuffix(MAY_END).strip()
        if not entry.endswith(".") or " " in entry.replace(". ", "."):
            raise ContentError(f"{where}:{number}: '{entry}' is not an abbreviation ending in "
                               "a full stop. Write one abbreviation a line, such as 'Ave.'.")
        (may_end if ends else never).add(entry.casefold())
    return Abbreviations(frozenset(never), frozenset(may_end))


def split_sentences(text: str, language: str, abbreviations: Abbreviations | None = None
                    ) -> list[str]:
    """Split `text` into sentences with the rules of `language` and its abbreviations."""
    known = abbreviations or Abbreviations()
    spans: list[tuple[int, int]] = []  # each sentence's place in `text`, kept as written
    at = 0
    for piece in segment(language, text):
        for part in _cut(piece.strip(), known, language):
            start = text.find(part, at)
            at = start + len(part)
            if spans and _continues(text[slice(*spans[-1])], part, known, language):
                spans[-1] = (spans[-1][0], at)
            else:
                spans.append((start, at))
    return [text[start:end] for start, end in spans]


def _cut(piece: str, known: Abbreviations, language: str) -> list[str]:
    """Cut `piece` after an abbreviation that ends a sentence there (sentencex kept it whole:
    "el 4 de sept. Vivimos en...")."""
    parts, start = [], 0
    for found in re.finditer(r"\.\s+(?=[^\W\d_])", piece):
        before, after = piece[start:found.start() + 1], piece[found.end():]
        last = _ending(before, known.may_end)
        if last and not _continues(before, after, known, language):
            parts.append(before)
            start = found.end()
    return [p for p in [*parts, piece[start:]] if p]


def _continues(before: str, piece: str, known: Abbreviations, language: str) -> bool:
    """Whether `piece` goes on the sentence `before` (sentencex cut it too early)."""
    if re.match(r"[\u2010-\u2014\-]|[^\W\d_]", piece) and not piece[0].isupper():
        return True  # "–Thurs.", "a 4 p. m.": no sentence starts so
    if re.search(r"\d\.$", before) and ORDINAL_MARK.match(piece):
        return True  # "El 1." + "º de mayo"
    if re.search(r"(?<![\w.])[A-Z]\.$", before):
        return True  # an initial: "1450 N." + "Elm St."
    last = _ending(before, known.never | known.may_end)
    if last is None:
        return False
    if last in known.never:
        return True
    first = re.match(r"([^\W\d_]+)(\.?)", piece)
    if first is None:
        return True
    word = first.group(0).casefold()
    return (word.rstrip(".") in _calendar_words(language) | ADDRESS_WORDS
            or word in known.never | known.may_end)


def _ending(sentence: str, abbreviations: frozenset[str]) -> str | None:
    """Return the listed abbreviation `sentence` ends with ("a. m." is two words)."""
    folded = sentence.casefold()
    for abbreviation in sorted(abbreviations, key=len, reverse=True):
        if folded.endswith(abbreviation) and (len(folded) == len(abbreviation) or not
                                              folded[-len(abbreviation) - 1].isalnum()):
            return abbreviation
    return None


@cache
def _calendar_words(language: str) -> frozenset[str]:
    """Weekday and month names of `language`, folded: after "p.m." they go on the sentence."""
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return frozenset()
    names = [*get_day_names("wide", locale=locale).values(),
             *get_month_names("wide", locale=locale).values()]
    return frozenset(n.casefold() for n in names)
