"""What a build reports while it runs: sentences voiced and tracks made, counted apart (a
sentence of the silent engine takes a millisecond, a track a tenth of a second or more), then
each product it makes after the tracks (talking books, downloads, covers, search)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

VOICED, TRACK = "voiced", "track"  # the kinds of step a scheduler reports


@dataclass(frozen=True)
class BuildProgress:
    """Where a build is: its steps of each kind done and planned, and, once the tracks are
    made, what it is making now (`phase`, such as "talking books")."""

    voiced: int = 0
    to_voice: int = 0
    tracks: int = 0
    to_make: int = 0
    phase: str = ""


Report = Callable[[BuildProgress], None]


class ProgressCounter:
    """Count the steps the scheduler's threads report, and pass each new state on."""

    def __init__(self, to_voice: int, to_make: int, report: Report | None):
        self.state = BuildProgress(to_voice=to_voice, to_make=to_make)
        self.report = report
        self.lock = threading.Lock()

    def tick(self, kind: str) -> None:
        """Count one step of `kind` (VOICED or TRACK) done."""
        with self.lock:
            if kind == VOICED:
                self.state = replace(self.state, voiced=self.state.voiced + 1)
            else:
                self.state = replace(self.state, tracks=self.state.tracks + 1)
            if self.report:
                self.report(self.state)

    def phase(self, name: str) -> None:
        """Say that the build now makes `name` (after the tracks)."""
        with self.lock:
            self.state = replace(self.state, phase=name)
            if self.report:
                self.report(self.state)
