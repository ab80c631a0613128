"""The content-addressed clip cache: one WAV per voiced sentence, checked on every read.

A clip's key is the sha256 of what decides its sound: the engine's voice key (engine, voice and
its settings), the sample rate, the language and the speech text. Each clip is a WAV file with a
small JSON sidecar naming the engine and the WAV's sha256; the sidecar is written last, so a
clip without one, or whose bytes no longer match it (a truncated or damaged file), or whose
sidecar is not one (damaged JSON, a missing key), is a miss and is voiced again. The sidecar
also keeps when each spoken word starts (`words`: characters of the speech text and a sample),
an empty list from an engine that gives no times; a sidecar made before words were kept has no
`words` (the planner voices such a clip again if its engine is timed).

A build's plan holds a clip for every sentence of the library, so the clips it plans and the
ones it has voiced keep their sound in the cache (`Clip.kept`), read again when a track is
made: a build's memory does not grow with the library's audio.
"""

from __future__ import annotations

import hashlib
import io
import json
import wave
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..audio.pcm import RATE, WIDTH, to_pcm
from ..errors import BuildError
from .base import Utterance
from .storage import Storage

CACHE_VERSION = 1


@dataclass(frozen=True)
class Clip:
    """One sentence's audio: 16-bit mono PCM at the track rate."""

    key: str
    engine: str
    held: bytes  # its PCM, or b"" for a clip kept in `cache` (see kept)
    # Per spoken word: its [start, end) characters in the speech text and the sample it starts
    # at; () if the engine gives no times, None if the clip was cached before times were kept.
    words: tuple[tuple[int, int, int], ...] | None = ()
    length: int | None = None  # its frames, for a clip kept in `cache`
    cache: ClipCache | None = field(default=None, compare=False, repr=False)

    @property
    def frames(self) -> int:
        return len(self.held) // WIDTH if self.length is None else self.length

    @property
    def pcm(self) -> bytes:
        """Its PCM: held, or read again from the cache that keeps it."""
        if self.length is None:
            return self.held
        clip = self.cache.load(self.key)
        if clip is None:
            raise BuildError(f"clip {self.key}: gone from the clip cache since the build "
                             "planned it. Build again.")
        return clip.held

    def kept(self, cache: ClipCache) -> Clip:
        """Return this clip without its sound, which `cache` keeps (stored there already)."""
        return self if self.length is not None else replace(
            self, held=b"", length=self.frames, cache=cache)


def clip_key(voice_key: str, language: str, speech: str) -> str:
    """Return the cache key of a sentence spoken by one voice."""
    identity = json.dumps([CACHE_VERSION, voice_key, RATE, language, speech], ensure_ascii=False)
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()


class ClipCache:
    """Clips under a folder or storage URL (see storage.py), two hex digits of fan-out."""

    def __init__(self, location: Path | str):
        self.storage = Storage.at(location)
        self.corrupt = 0  # damaged entries met by this instance

    def _paths(self, key: str) -> tuple[str, str]:
        return f"{key[:2]}/{key}.wav", f"{key[:2]}/{key}.json"

    def load(self, key: str, sound: bool = True) -> Clip | None:
        """Return the cached clip, or None when absent or damaged (then voiced and stored again);
        without `sound`, checked whole but kept here (see Clip.kept)."""
        wav_path, sidecar_path = self._paths(key)
        try:
            sidecar = json.loads(self.storage.read(sidecar_path))
            data = self.storage.read(wav_path)
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            sidecar, data = {}, b""
        try:
            clip = _clip(key, sidecar, data)
            return clip if sound else clip.kept(self)
        except (ValueError, TypeError, KeyError, AttributeError, EOFError, wave.Error):
            self.corrupt += 1
            return None

    def store(self, key: str, engine: str, spoken: Utterance) -> Clip:
        """Convert a voiced sentence to the track format, cache it and return it."""
        pcm = to_pcm(spoken.audio)
        words = tuple((start, end, min(round(second * RATE), len(pcm) // WIDTH))
                      for start, end, second in spoken.words or ())
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as writer:
            writer.setnchannels(1)
            writer.setsampwidth(WIDTH)
            writer.setframerate(RATE)
            writer.writeframes(pcm)
        data = buffer.getvalue()
        wav_path, sidecar_path = self._paths(key)
        sidecar = {"engine": engine, "sha256": hashlib.sha256(data).hexdigest(),
                   "words": [list(w) for w in words]}
        self.storage.write(wav_path, data)  # an OSError names the file; the build reports it
        self.storage.write(sidecar_path, json.dumps(sidecar, sort_keys=True))
        return Clip(key, engine, pcm, words)


def _clip(key: str, sidecar, data: bytes) -> Clip:
    """Return the clip a sidecar and a WAV's bytes describe; raise if they do not agree."""
    if hashlib.sha256(data).hexdigest() != sidecar.get("sha256"):
        raise ValueError("checksum")
    with wave.open(io.BytesIO(data)) as reader:
        if (reader.getframerate(), reader.getnchannels(), reader.getsampwidth()) != (
                RATE, 1, WIDTH):
            raise ValueError("format")
        pcm = reader.readframes(reader.getnframes())
    words = sidecar.get("words")
    if words is not None:
        words = tuple((int(start), int(end), int(at)) for start, end, at in words)
    engine = sidecar["engine"]
    if not isinstance(engine, str):
        raise TypeError("engine")
    return Clip(key, engine, pcm, words)
