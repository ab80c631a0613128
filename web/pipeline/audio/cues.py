"""WebVTT cues: one per spoken sentence, on its track's timeline.

A cue's text is the sentence as shown on the page. When the engine timed its words, a cue
timestamp `<00:00:01.234>` stands before each shown word after the first (a shown word is a run
of non-space characters): the time that word starts being said, strictly increasing and strictly
inside the cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..text_origins import WORD

_STAMP = re.compile(r"<(\d\d:\d\d:\d\d\.\d\d\d)>")


@dataclass(frozen=True)
class Cue:
    """One sentence on the track's timeline, with the start of each shown word after the first
    (empty when its engine gives no word times)."""

    id: str
    text: str
    start_ms: int
    end_ms: int
    words: tuple[int, ...] = ()

    def shifted(self, offset_ms: int) -> Cue:
        """Return this cue `offset_ms` later (placed in a longer track)."""
        return Cue(self.id, self.text, self.start_ms + offset_ms, self.end_ms + offset_ms,
                   tuple(w + offset_ms for w in self.words))


def _timestamp(milliseconds: int) -> str:
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _payload(cue: Cue) -> str:
    """Return the cue's text, escaped, with a timestamp before each timed word."""
    if not cue.words:
        return _escape(cue.text)
    parts, last = [], 0
    for number, word in enumerate(WORD.finditer(cue.text)):
        stamp = f"<{_timestamp(cue.words[number - 1])}>" if number else ""
        parts += [_escape(cue.text[last:word.start()]), stamp, _escape(word.group(0))]
        last = word.end()
    return "".join(parts) + _escape(cue.text[last:])


def render_vtt(cues: Sequence[Cue]) -> str:
    """Return WebVTT with one cue per sentence."""
    lines = ["WEBVTT", ""]
    for cue in cues:
        lines += [cue.id, f"{_timestamp(cue.start_ms)} --> {_timestamp(cue.end_ms)}",
                  _payload(cue), ""]
    return "\n".join(lines)


def _milliseconds(stamp: str) -> int:
    hours, minutes, seconds = stamp.split(":")
    whole, millis = seconds.split(".")
    return ((int(hours) * 60 + int(minutes)) * 60 + int(whole)) * 1000 + int(millis)


def read_vtt(text: str) -> tuple[Cue, ...]:
    """Return the cues of WebVTT that render_vtt wrote, with their word times."""
    cues = []
    for chunk in text.split("\n\n")[1:]:
        lines = chunk.strip("\n").split("\n")
        if len(lines) < 3:
            continue
        start, end = (_milliseconds(s.strip()) for s in lines[1].split("-->"))
        payload = "\n".join(lines[2:])
        words = tuple(_milliseconds(s) for s in _STAMP.findall(payload))
        cues.append(Cue(lines[0], _unescape(_STAMP.sub("", payload)), start, end, words))
    return tuple(cues)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
