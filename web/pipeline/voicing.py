"""Voice planned sentences into the clip cache, keeping a fallback's clip when it must.

Both schedulers (schedule.py on this machine, cluster.py on Dask) voice in `voicing_order` and
return what voicing and packaging made as one `Produced`.

A sentence a fallback voiced before (gTTS unreachable) asks only the preferred engine again:
its voice replaces the fallback's once it answers, and the fallback's clip is kept while it does
not, so nothing is voiced twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .errors import VoiceError
from .packaging import PackagedEdition
from .plans import LibraryPlan, SentenceJob
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


@dataclass(frozen=True)
class Produced:
    """What voicing and packaging made: who spoke every sentence, and every edition's tracks."""

    spoken_by: dict  # SentenceJob -> the engine whose clip speaks it
    voiced: Counter  # engine -> clips it voiced in this build
    editions: tuple[PackagedEdition, ...]  # in the plan's order


def voicing_order(plan: LibraryPlan) -> dict[SentenceJob, int]:
    """Rank sentences section by section across editions (first sections of all, then second
    ones…), so every edition's sections become ready to package early and evenly."""
    order: dict[SentenceJob, int] = {}
    for number in range(max((len(e.sections) for e in plan.editions), default=0)):
        for edition in plan.editions:
            if number < len(edition.sections):
                for job in edition.sections[number].jobs():
                    order.setdefault(job, len(order))
    return order
