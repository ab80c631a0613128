"""Run a build's voicing and packaging: one interface, here on both cores or on a cluster.

A `Scheduler` voices the sentences the cache lacks and packages every track from the plan; the
local one (below) keeps this machine's two cores busy, and cluster.py's hands the same
functions and plans to Dask workers. Both return the same `Produced`, so the build is the same.

Locally, a section is packaged the moment its last sentence is voiced, while the engines go on
with the next ones, and a whole-article track follows its last section. The engines use both
cores (Piper runs its network on two threads): while they voice, one track is packaged at a
time; once they are done, packaging has both cores. An error or Ctrl-C stops the work at once.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from typing import Protocol

from .packaging import (
    Known,
    PackagedEdition,
    PackagedSection,
    package_article,
    package_section,
)
from .plans import EditionPlan, LibraryPlan, SectionPlan, SentenceJob
from .progress import TRACK, VOICED
from .settings import Settings
from .voices.clips import Clip, ClipCache
from .voicing import Produced, voice_job, voicing_order

WORKERS = 2  # both cores: engines and ffmpeg run outside the GIL


def steps(plan: LibraryPlan) -> tuple[int, int]:
    """Return how many steps of each kind `produce` reports: sentences voiced, tracks made."""
    return len(plan.to_voice), sum(len(e.sections) + 1 for e in plan.editions)


class Scheduler(Protocol):
    """Where a build voices and packages."""

    def produce(self, settings: Settings, plan: LibraryPlan, cache: ClipCache, known: Known,
                tick: Callable[[str], None]) -> Produced:
        """Voice what the cache lacks and package every track (those `known` to a manifest and
        intact are only described); call `tick(VOICED)` after each sentence, `tick(TRACK)`
        after each track."""


@contextmanager
def open_scheduler(address: str | None) -> Iterator[Scheduler]:
    """Yield this machine's scheduler, or the Dask cluster's at `address` while connected."""
    if not address:
        yield LocalScheduler()
        return
    from .cluster import connect  # Dask loads only for a build that uses it

    with connect(address) as scheduler:
        yield scheduler


class LocalScheduler:
    """Both cores of this machine."""

    def produce(self, settings: Settings, plan: LibraryPlan, cache: ClipCache, known: Known,
                tick: Callable[[str], None] = lambda kind: None) -> Produced:
        """Voice what the cache lacks and package every track; call `tick` after each step."""
        clips: dict[SentenceJob, Clip] = {job: job.cached for job in plan.jobs if job.cached}
        jobs = sorted(plan.to_voice, key=voicing_order(plan).__getitem__)
        waiting = defaultdict(list)  # job -> the sections that wait for it
        needs: dict[int, int] = {}  # id(section) -> how many of its sentences are still unvoiced
        for edition in plan.editions:
            for section in edition.sections:
                missing = {job for job in section.jobs() if job not in clips}
                needs[id(section)] = len(missing)
                for job in missing:
                    waiting[job].append((edition, section))
        packaged: dict[int, dict[int, PackagedSection]] = defaultdict(dict)  # edition -> sections
        articles: dict[int, object] = {}
        lock = threading.Lock()
        cores = threading.Semaphore(WORKERS)
        reserved = [cores.acquire()] if jobs else []  # one core kept for the engines

        def free_the_engines_core() -> None:
            if reserved:
                reserved.pop()
                cores.release()

        def package(edition: EditionPlan, section: SectionPlan) -> None:
            with cores:
                done = package_section(settings, section, {j: clips[j] for j in section.jobs()},
                                       known)
                tick(TRACK)
                with lock:
                    packaged[id(edition)][id(section)] = done
                    last = len(packaged[id(edition)]) == len(edition.sections)
                if last:  # the article track joins the section tracks
                    sections = [packaged[id(edition)][id(s)] for s in edition.sections]
                    articles[id(edition)] = (sections,
                                             package_article(settings, edition, sections, known))
                    tick(TRACK)

        voiced: Counter = Counter()
        with ThreadPoolExecutor(WORKERS) as voicers, ThreadPoolExecutor(WORKERS) as packers:
            try:
                packaging: list[Future] = [packers.submit(package, e, s) for e in plan.editions
                                           for s in e.sections if not needs[id(s)]]
                voicing = {voicers.submit(voice_job, job, cache): job for job in jobs}
                for future in as_completed(voicing):
                    # A done future keeps its result: dropped here, the sound goes with it.
                    job, result = voicing.pop(future), future.result()
                    clips[job] = result.clip.kept(cache)  # its sound is read again when needed
                    if result.fresh:
                        voiced[result.clip.engine] += 1
                    tick(VOICED)
                    for edition, section in waiting[job]:
                        needs[id(section)] -= 1
                        if not needs[id(section)]:
                            packaging.append(packers.submit(package, edition, section))
                free_the_engines_core()  # voicing is done
                for future in packaging:
                    future.result()
            except BaseException:  # an error or Ctrl-C: stop now, not after the queued work
                free_the_engines_core()  # a packer may be waiting for it
                voicers.shutdown(cancel_futures=True)
                packers.shutdown(cancel_futures=True)
                raise
        editions = tuple(PackagedEdition(e, tuple(articles[id(e)][0]), articles[id(e)][1])
                         for e in plan.editions)
        return Produced({job: clip.engine for job, clip in clips.items()}, voiced, editions)

