"""The online voice: Google Translate's speech through gTTS, made safe to call from a build.

Every request has a timeout and waits its turn (a minimum interval between requests, shared by
all threads); 429 and 5xx answers are retried with exponential backoff. When Google cannot be
reached, or keeps failing, the engine gives up for the rest of the build so that each later
sentence goes straight to the next engine instead of waiting again.

Engine-wide settings live in library/library.toml as plain keys of [voices.gtts] (`timeout`,
`interval`, `attempts`, `backoff`, `give_up_after`); per-language tables set `tld` (the accent:
com.mx for Mexican Spanish) and optionally `lang` (declared with their defaults in
engine_options.py).
"""

from __future__ import annotations

import binascii
import re
import threading
import time
from typing import TYPE_CHECKING

from ..audio.ffmpeg import ffmpeg_exe, run_ffmpeg
from ..audio.pcm import RATE, WIDTH
from ..errors import TrackError
from ..settings import Settings
from .base import Engine

# gTTS and requests are imported where a sentence is voiced: a build with nothing to voice
# (or voiced offline) needs neither, and importing them took a third of a no-op build's time.
if TYPE_CHECKING:
    from gtts import gTTS
    from pydub import AudioSegment

TRY_OFFLINE = "Check the internet connection, or build with --offline."


def split_clauses(text: str) -> list[str]:
    """Split a long sentence into as few requests as fit, breaking only after , ; or :."""
    from gtts import gTTS

    parts: list[str] = []
    for clause in re.split(r"(?<=[,;:])\s+", text):
        if parts and len(parts[-1]) + 1 + len(clause) <= gTTS.GOOGLE_TTS_MAX_CHARS:
            parts[-1] += " " + clause
        elif clause:
            parts.append(clause)
    return parts


class GttsEngine(Engine):
    """Google Translate's voices (needs internet); the accent is chosen by the domain."""

    name = "gtts"
    offline = False
    _turn_lock = threading.Lock()
    _last_request = 0.0

    def __init__(self, settings: Settings):
        super().__init__(settings)
        self.timeout = float(self.setting("timeout"))
        self.interval = float(self.setting("interval"))
        self.attempts = max(1, int(self.setting("attempts")))
        self.backoff = float(self.setting("backoff"))
        self.give_up_after = max(1, int(self.setting("give_up_after")))
        self._failures = 0
        self._gave_up: str | None = None

    def lang(self, language: str) -> str:
        """Return gTTS's language code for `language`."""
        return str(self.option(language, "lang") or language)

    def host(self, language: str) -> str:
        """Return the Google Translate host whose accent voices `language`."""
        return f"translate.google.{self.option(language, 'tld')}"

    def voice(self, language: str) -> str:
        return f"{self.lang(language)} from {self.host(language)}"

    def problem(self, language: str) -> str | None:
        from gtts.lang import tts_langs

        if self.lang(language) not in tts_langs():
            return f"Google Translate has no voice for '{self.lang(language)}'"
        return None

    def synthesize(self, text: str, language: str) -> AudioSegment:
        from gtts import gTTS
        from gtts.tokenizer import pre_processors
        from pydub import AudioSegment

        if self._gave_up:
            error = self.fail(text, self._gave_up, TRY_OFFLINE)
            error.repeated = True
            raise error
        tts = gTTS(text, tld=self.option(language, "tld"), lang=self.lang(language),
                   lang_check=False, timeout=self.timeout,
                   # Our sentences are already split and the lexicon applied: keep them whole.
                   pre_processor_funcs=[pre_processors.end_of_line], tokenizer_func=split_clauses)
        decoder = ffmpeg_exe()  # missing, it is named as such, not as undecodable audio
        try:
            data = self._fetch(tts, text, language)
            # Decoded by the pipeline's own ffmpeg (pydub would run the system's, and ffprobe).
            pcm = run_ffmpeg(["-f", "mp3", "-i", "pipe:0", "-f", "s16le", "-ac", "1",
                              "-ar", str(RATE), "pipe:1"], data).stdout
            if not pcm:
                raise TrackError(f"{decoder}: no audio decoded")
        except (binascii.Error, TrackError, IndexError) as error:
            raise self._failed(text, f"{self.host(language)} sent audio that cannot be "
                               f"decoded ({type(error).__name__})", TRY_OFFLINE) from None
        self._failures = 0
        return AudioSegment(data=pcm, sample_width=WIDTH, channels=1, frame_rate=RATE)

    def _fetch(self, tts: gTTS, text: str, language: str) -> bytes:
        import requests
        from gtts import gTTSError

        host = self.host(language)
        attempt = 0
        while True:
            attempt += 1
            self._wait_turn()
            try:
                data = b"".join(tts.stream())
            except gTTSError as error:
                if error.rsp is None:
                    cause = error.__context__
                    why = ("timed out" if isinstance(cause, requests.Timeout)
                           else "connection failed")
                    self._gave_up = f"cannot reach {host} ({why})"
                    raise self.fail(text, self._gave_up, TRY_OFFLINE) from None
                status = error.rsp.status_code
                if (status == 429 or status >= 500) and attempt < self.attempts:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                    continue
                tries = f" after {attempt} attempts" if attempt > 1 else ""
                what = ("its answer held no audio" if status < 400
                        else f"{status} {error.rsp.reason} from {host}{tries}")
                raise self._failed(text, what, TRY_OFFLINE) from None
            if not data:
                raise self._failed(text, "its answer held no audio", TRY_OFFLINE)
            return data

    def _failed(self, text: str, what: str, todo: str):
        """Count a failed sentence; after a few in a row, give up for this build."""
        self._failures += 1
        if self._failures >= self.give_up_after:
            self._gave_up = f"gave up after {self._failures} failed sentences in a row ({what})"
        return self.fail(text, what, todo)

    def _wait_turn(self) -> None:
        """Keep at least `interval` seconds between requests, across threads."""
        with GttsEngine._turn_lock:
            wait = GttsEngine._last_request + self.interval - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            GttsEngine._last_request = time.monotonic()
