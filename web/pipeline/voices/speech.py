r"""What is spoken: sentences split per language, and the pronunciation lexicon.

The page and the cues show the text as written; the voices read a speech text made from it:
first the rows of locales/<lang>/pronunciation.csv (staff overrides win), then the
normalization of numbers, doses, dates and times (normalize.py).

A row whose `written` cell is a word or phrase replaces it as a whole word, exact case first,
else ignoring case (keeping a capital at the start). A row whose `written` cell starts with
`re:` is a Python regular expression: `re:(\d+) ?tabs?\b,\1 tablets` turns "2 tabs" into
"2 tablets" (then "two tablets"). Its `spoken` cell may use `\1` or `\g<name>` for groups;
case matters unless the pattern starts with `(?i)`. Pattern rows apply first, in file order,
each to the text as written so far; the word rows then apply in one pass, longest first.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cached_property

from ..errors import ContentError
from ..settings import Settings
from ..text_origins import Tracked
from ..textfiles import decode_text
from .normalize import normalize_tracked
from .sentences import Abbreviations, load_abbreviations, split_sentences

__all__ = ["Lexicon", "load_lexicon", "split_sentences"]

HEADER = ["written", "spoken", "note"]
PATTERN = "re:"  # a `written` cell starting with it is a regular expression


@dataclass(frozen=True)
class Lexicon:
    """Staff's replacements (whole words and patterns), then normalization, for one language."""

    language: str
    entries: tuple[tuple[str, str], ...] = ()  # (written, spoken) in file order
    abbreviations: Abbreviations = Abbreviations()  # where a sentence does not end

    def sentences(self, text: str) -> list[str]:
        """Split a shown `text` into sentences, never at one of the language's abbreviations."""
        return split_sentences(text, self.language, self.abbreviations)

    @cached_property
    def _patterns(self) -> tuple[tuple[re.Pattern, str], ...]:
        return tuple((re.compile(w.removeprefix(PATTERN)), s) for w, s in self.entries
                     if w.startswith(PATTERN))

    @cached_property
    def _words(self) -> tuple[tuple[str, str], ...]:
        return tuple((w, s) for w, s in self.entries if not w.startswith(PATTERN))

    @cached_property
    def _pattern(self) -> re.Pattern | None:
        if not self._words:
            return None
        # Longest first, so "EE. UU." wins over any shorter entry inside it.
        written = sorted({w for w, _ in self._words}, key=len, reverse=True)
        words = "|".join(re.escape(w) for w in written)
        return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)

    @cached_property
    def _exact(self) -> dict[str, str]:
        return dict(self._words)

    @cached_property
    def _folded(self) -> dict[str, str]:
        folded: dict[str, str] = {}
        for written, spoken in self._words:
            folded.setdefault(written.casefold(), spoken)
        return folded

    def speak(self, text: str) -> str:
        """Return the speech text for a displayed `text`: the rows applied, then normalized."""
        return self.speech(text).text

    def speech(self, text: str, lead: str = "") -> Tracked:
        """Return the speech text of `lead` then `text`, tracked to the characters of `text`
        each part was made from (the lead, said before the sentence, is not shown in it)."""
        speech = Tracked.of(lead, -len(lead)) + Tracked.of(text)
        for pattern, spoken in self._patterns:
            speech = speech.sub(pattern, spoken)
        if self._pattern is not None:
            speech = speech.sub(self._pattern, self._replace)
        if text.rstrip().endswith(".") and not speech.text.rstrip().endswith((".", "!", "?")):
            # "at 12 Oak Ave." ends the sentence: so does "Avenue.", for the voice's fall.
            speech = speech + Tracked(".", speech.origins[-1:])
        written = speech.text
        speech = normalize_tracked(speech, self.language)
        # A sentence that starts with a number ("3. Stay with the person") starts with a capital.
        return speech.capitalized() if written[:1].isdigit() else speech

    def _replace(self, match: re.Match) -> str:
        found = match.group(0)
        spoken = self._exact.get(found)
        if spoken is None:
            spoken = self._folded[found.casefold()]
            # "Accumbens" at the start of a sentence stays capitalized when spoken.
            if found[:1].isupper() and spoken[:1].islower():
                spoken = spoken[:1].upper() + spoken[1:]
        return spoken


def load_lexicon(settings: Settings, language: str) -> Lexicon:
    """Read locales/<language>/pronunciation.csv (no file means no replacements) and
    abbreviations.txt."""
    path = settings.locales_dir / language / "pronunciation.csv"
    abbreviations = load_abbreviations(settings, language)
    if not path.exists():
        return Lexicon(language, abbreviations=abbreviations)
    where = settings.relative(path)
    entries: dict[str, str] = {}
    try:
        reader = csv.reader(io.StringIO(decode_text(path.read_bytes(), where, ContentError),
                                        newline=""))
        header = next(reader, None)
        if header is None or [h.strip() for h in header[:3]] != HEADER:
            raise ContentError(f"{where}:1: the header must be 'written,spoken,note'. "
                               "Fix the first line.")
        for row in reader:
            _add_row(entries, row, f"{where}:{reader.line_num}")
    except csv.Error as error:
        raise ContentError(f"{where}: cannot read it ({error}). Save it as UTF-8 CSV.") from None
    return Lexicon(language, tuple(entries.items()), abbreviations)


def _add_row(entries: dict[str, str], row: list[str], where: str) -> None:
    if not any(cell.strip() for cell in row):
        return
    if len(row) not in (2, 3):
        raise ContentError(f"{where}: expected 3 columns (written,spoken,note), found "
                           f"{len(row)}. Quote any cell that contains a comma.")
    written, spoken = row[0].strip(), row[1].strip()
    if not written or not spoken:
        raise ContentError(f"{where}: both 'written' and 'spoken' need text. "
                           "Fill them in or delete the row.")
    if written in entries:
        raise ContentError(f"{where}: '{written}' is listed twice. Keep one row.")
    if written.startswith(PATTERN):
        _check_pattern(written.removeprefix(PATTERN), spoken, where)
    entries[written] = spoken


def _check_pattern(pattern: str, spoken: str, where: str) -> None:
    """Refuse a pattern that does not compile, matches empty text, or names a missing group."""
    try:
        compiled = re.compile(pattern)
    except re.error as error:
        raise ContentError(f"{where}: the pattern '{pattern}' is not a valid regular expression "
                           f"({error}). Fix it, or write the word without '{PATTERN}'.") from None
    if compiled.match(""):
        raise ContentError(f"{where}: the pattern '{pattern}' matches empty text. "
                           "Make it match at least one character.")
    # A pattern with the same groups that matches "": expanding `spoken` checks its references.
    names = {index: name for name, index in compiled.groupindex.items()}
    groups = "".join(f"(?P<{names[i]}>)" if i in names else "()"
                     for i in range(1, compiled.groups + 1))
    try:
        re.compile(groups).sub(spoken, "")
    except re.error as error:
        raise ContentError(f"{where}: the spoken text '{spoken}' does not fit the pattern "
                           f"({error}). It has {compiled.groups} group(s): refer to them as \\1, "
                           "\\2, ...; write a backslash itself as \\\\.") from None
