"""Voice one planned sentence into the clip cache, keeping a fallback's clip when it must.

A sentence a fallback voiced before (gTTS unreachable) asks only the preferred engine again:
its voice replaces the fallback's once it answers, and the fallback's clip is kept while it does
not, so nothing is voiced twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import VoiceError
from .plans import SentenceJob
from .voices.clips import Clip, ClipCache, clip_key
from .voices.registry import voice_sentence


@dataclass(frozen=True)
class Voiced:
    """The clip a sentence is spoken with, and whether an engine voiced it in this build."""

    clip: Clip
    fresh: bool


def voice_job(job: SentenceJob, cache: ClipCache) -> Voiced:
    """Return the clip of a job: its cached one, a new one, or the fallback's kept."""
    if job.cached:
        return Voiced(job.cached, False)
    engines = list(job.engines[:1] if job.fallback else job.engines)
    try:
        spoken, name = voice_sentence(engines, job.speech, job.language)
    except VoiceError:
        if job.fallback is None:
            raise
        return Voiced(job.fallback, False)
    engine = next(e for e in job.engines if e.name == name)
    key = clip_key(engine.voice_key(job.language), job.language, job.speech)
    return Voiced(cache.store(key, name, spoken), True)
