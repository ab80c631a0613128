"""Speech text that remembers where each of its characters came from in the shown text.

The voices read a speech text made from the shown one by replacements (pronunciation rows,
numbers said in words). Each replacement here also records, for every character it writes, the
span of shown characters it stands for, so a time the engine gives for a spoken word can be
given back to the shown words it was made from ("nine one one" all lights "911").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

WORD = re.compile(r"\S+")  # a word, as shown and as spoken: a run of non-space characters
GROUP_SAID, DIGITS = re.compile(r"[^,]+,?"), re.compile(r"\d+")  # "five five five, one two three"


_SPANS: dict[tuple[int, int], tuple[int, int]] = {}  # each span once, however many say it


def shared_spans(origins: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
    """Return `origins` with each span one object, shared by every text that has it: a build's
    plan keeps a span per character of the library's speech, nearly all of them alike, so
    its memory grows with the library's words, not eight times that."""
    return tuple(_SPANS.setdefault(span, span) for span in origins)


@dataclass(frozen=True)
class Tracked:
    """A text and, per character, the [start, end) span of shown text it was made from."""

    text: str
    origins: tuple[tuple[int, int], ...]

    @classmethod
    def of(cls, text: str, offset: int = 0) -> Tracked:
        """Return `text` as shown, its characters at `offset` onwards (negative: not shown)."""
        return cls(text, tuple((i + offset, i + offset + 1) for i in range(len(text))))

    def __add__(self, other: Tracked) -> Tracked:
        return Tracked(self.text + other.text, self.origins + other.origins)

    def capitalized(self) -> Tracked:
        """Return the text with a capital first letter (the origins are unchanged)."""
        return Tracked(self.text[:1].upper() + self.text[1:], self.origins)

    def sub(self, pattern: re.Pattern, replacement: str | Callable[[re.Match], str]) -> Tracked:
        """Return `pattern.sub(replacement, text)`, each replacement tracked to what it replaced."""
        text, origins, last = [], [], 0
        for match in pattern.finditer(self.text):
            start, end = match.span()
            new = match.expand(replacement) if isinstance(replacement, str) else \
                replacement(match)
            text += [self.text[last:start], new]
            origins += [*self.origins[last:start], *_replaced(
                new, self.text[start:end], self.origins[start:end] or self.origins[start - 1:start]
                or ((0, 0),))]
            last = end
        if not text:
            return self
        text.append(self.text[last:])
        origins.extend(self.origins[last:])
        return Tracked("".join(text), tuple(origins))


def _replaced(new: str, old: str, origins: tuple[tuple[int, int], ...]
              ) -> list[tuple[int, int]]:
    """Give each character of `new` the shown span it stands for: word by word when `new` has
    as many words as `old` ("4 mg": "four milligrams"), group by group when it says as many
    comma-separated groups as `old` has digit groups (a phone number), else all of `old`."""
    if new == old:
        return list(origins)
    result = [_span(origins)] * len(new)
    for said, written in ((WORD, WORD), (GROUP_SAID, DIGITS)):
        spoken, shown = list(said.finditer(new)), list(written.finditer(old))
        if len(spoken) == len(shown) > 0:
            for part, source in zip(spoken, shown, strict=True):
                span = _span(origins[source.start():source.end()])
                result[part.start():part.end()] = [span] * (part.end() - part.start())
            break
    return result


def _span(origins) -> tuple[int, int]:
    return min(o[0] for o in origins), max(o[1] for o in origins)


def marked_speech(shown: str, speech: str, origins: tuple[tuple[int, int], ...]) -> str:
    """Return `speech` with each run of words that are not read as shown (said in words, an
    abbreviation spelt out, something said before the sentence) between « and »."""
    if len(origins) != len(speech):
        return speech
    pieces, end, opened = [], 0, False
    for word in WORD.finditer(speech):
        spans = origins[word.start():word.end()]
        start = min(s for s, _ in spans)
        written = shown[start:max(e for _, e in spans)] if start >= 0 else ""
        changed = _bare(written) != _bare(word.group())
        if opened and not changed:
            pieces.append("»")
        pieces.append(speech[end:word.start()])
        if changed and not opened:
            pieces.append("«")
        pieces.append(word.group())
        opened, end = changed, word.end()
    marked = "".join([*pieces, "»" if opened else "", speech[end:]])
    return re.sub(r"([.,;:!?]+)»", r"»\1", marked)  # a sentence's stop stays outside


def _bare(word: str) -> str:
    """A word without case or the punctuation around it, to compare shown and spoken words."""
    return re.sub(r"^\W+|\W+$", "", word.casefold())
