"""The silent engine: silence as long as a sentence would take to say, for fast tests."""

from __future__ import annotations

from pydub import AudioSegment

from ..audio.pcm import RATE
from .base import Engine


class SilentEngine(Engine):
    """Silence as long as the sentence would roughly take to say."""

    name = "silent"
    MS_PER_CHARACTER = 60
    MINIMUM_MS = 300

    def voice(self, language: str) -> str:
        return "silence"

    def synthesize(self, text: str, language: str) -> AudioSegment:
        duration = max(self.MINIMUM_MS, self.MS_PER_CHARACTER * len(text))
        return AudioSegment.silent(duration=duration, frame_rate=RATE)
