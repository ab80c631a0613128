"""WebVTT cues: one per spoken sentence, on its track's timeline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """One sentence on the track's timeline."""

    id: str
    text: str
    start_ms: int
    end_ms: int

    def shifted(self, offset_ms: int) -> Cue:
        """Return this cue `offset_ms` later (placed in a longer track)."""
        return Cue(self.id, self.text, self.start_ms + offset_ms, self.end_ms + offset_ms)


def _timestamp(milliseconds: int) -> str:
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def render_vtt(cues: Sequence[Cue]) -> str:
    """Return WebVTT with one cue per sentence."""
    lines = ["WEBVTT", ""]
    for cue in cues:
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [cue.id, f"{_timestamp(cue.start_ms)} --> {_timestamp(cue.end_ms)}", text, ""]
    return "\n".join(lines)
