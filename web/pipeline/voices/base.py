"""The base of every voice engine.

Each engine says whether it can voice a language here (`problem()`), names its voice and
settings for the clip cache (`voice_key()`), and turns one sentence of speech text into mono
audio (`synthesize()`), raising VoiceError when it cannot. An engine that knows when each word
is said (`timed`) returns those times with the audio from `speak()`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydub import AudioSegment

from ..engine_options import ENGINE_OPTIONS
from ..errors import VoiceError
from ..settings import Settings


@dataclass(frozen=True)
class Utterance:
    """A sentence spoken: its audio, and when each spoken word starts, if the engine knows.

    `words` holds, per spoken word, its [start, end) characters in the speech text and the
    second its sound starts at; None from an engine that gives no times.
    """

    audio: AudioSegment
    words: tuple[tuple[int, int, float], ...] | None = None


class Engine:
    """A voice engine; subclasses set `name` and `offline` and implement `synthesize()` (and
    `speak()` if `timed`: they know when each word is said)."""

    name = ""
    offline = True
    timed = False

    def __init__(self, settings: Settings):
        self.settings = settings

    def options(self, language: str) -> dict:
        """Return this engine's settings for `language` from library/library.toml."""
        return self.settings.voice_option(self.name, language)

    def option(self, language: str, key: str):
        """Return one setting of `language`, or its default (see engine_options.py: only a declared
        key can be read, so the settings check knows every key an engine reads)."""
        return self.options(language).get(key, ENGINE_OPTIONS[self.name].language[key].default)

    def setting(self, key: str):
        """Return one engine-wide setting, or its default (declared in engine_options.py)."""
        return self.settings.voice_options.get(self.name, {}).get(
            key, ENGINE_OPTIONS[self.name].general[key].default)

    def problem(self, language: str) -> str | None:
        """Say why this engine cannot voice `language` here (None if it can)."""
        return None

    def installed_wrong(self, language: str) -> bool:
        """Say whether this engine's problem is its installation (a part missing or damaged),
        to be fixed, rather than a language it does not speak."""
        return False

    def voice(self, language: str) -> str:
        """Name the voice used for `language`, for people."""
        return language

    def voice_key(self, language: str) -> str:
        """Name engine, voice and settings: a change to any of them changes the key."""
        return json.dumps([self.name, self.voice(language), self.options(language)],
                          sort_keys=True, ensure_ascii=False)

    def synthesize(self, text: str, language: str) -> AudioSegment:
        """Return `text` spoken in `language` as mono audio."""
        raise NotImplementedError

    def speak(self, text: str, language: str) -> Utterance:
        """Return `text` spoken in `language`, with its words' times if the engine knows them."""
        return Utterance(self.synthesize(text, language))

    def fail(self, text: str, what: str, todo: str) -> VoiceError:
        """Return a VoiceError naming this engine and the sentence's start."""
        start = text if len(text) <= 40 else text[:40] + "…"
        return VoiceError(f'{self.name}: cannot voice "{start}": {what}. {todo}')
