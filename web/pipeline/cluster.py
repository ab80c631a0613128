"""Hand voicing and packaging to a Dask cluster: the same functions, on the same plans.

The client submits a task per sentence to voice (`voice_job`), per section track
(`package_section`) and per whole-article track (`package_article`), each depending on the ones
it needs, so the cluster packages a section once its sentences are voiced, on a worker that
holds their clips. Plans travel as they are (frozen dataclasses pickle), except that a clip in
a plan (cached by an earlier build) travels as its key and the worker reads it from the shared
clip cache: a plan's sound would otherwise go through the scheduler with every task. A clip
voiced in this build goes from the worker that voiced it to the one that packages its section,
never to the client, which gets back only who voiced each sentence and the tracks'
descriptions.

Tasks write where a local build writes: clips into the clip cache (shared storage, see
voices/storage.py), tracks into the project's audio folder, which every worker mounts at the
same path. Returning tracks as bytes for the client to write was the alternative; writing in
place keeps one code path: a track already published under its name is only described, on a
worker as here, so an edit packages only what changed; the whole-article track is joined from
the section files where they lie, so no MP3 crosses the network twice; and nothing the workers
write is served until the client, which holds the build lock, replaces the manifest (every
file is new, content-hashed and written whole).
"""

from __future__ import annotations

import io
import pickle
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING

from .errors import BuildError
from .packaging import (
    Known,
    PackagedArticle,
    PackagedEdition,
    PackagedSection,
    package_article,
    package_section,
)
from .plans import EditionPlan, LibraryPlan, SectionPlan
from .progress import TRACK, VOICED
from .settings import Settings
from .voices.clips import Clip, ClipCache
from .voicing import Produced, Voiced, voice_job, voicing_order

if TYPE_CHECKING:
    from distributed import Client

CONNECT_TIMEOUT = "10s"
PACKAGE_FIRST = 1  # above every sentence (0 and below): a ready track is packaged at once


@contextmanager
def connect(address: str) -> Iterator[DaskScheduler]:
    """Yield the scheduler of the Dask cluster at `address`; raise BuildError if unreachable."""
    from distributed import Client  # only a cluster build loads Dask (it brings a web server)

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise BuildError(f"--scheduler {address}: cannot reach the Dask scheduler ({error}). "
                         "Start it and its workers (see the README), or build without "
                         "--scheduler.") from None
    try:
        yield DaskScheduler(client)
    finally:
        client.close()


@dataclass(frozen=True)
class DaskScheduler:
    """The workers of a Dask cluster, through a connected client."""

    client: Client  # a distributed.Client

    def produce(self, settings: Settings, plan: LibraryPlan, cache: ClipCache, known: Known,
                tick: Callable[[str], None] = lambda kind: None) -> Produced:
        """Voice what the cache lacks and package every track; call `tick` after each step."""
        from distributed import as_completed

        submit, order = self.client.submit, voicing_order(plan)
        folders = defaultdict(dict)  # each task carries the records of its edition's files only
        for file, record in known.items():
            folders[file.rpartition("/")[0]][file] = record
        known_of = [folders.get(e.stem.rpartition("/")[0], {}) for e in plan.editions]
        voicing = {job: submit(_run, _pack(voice_job, job), cache, cache,
                               priority=-order[job], pure=False) for job in plan.to_voice}
        heard = {job: submit(_heard, future, pure=False) for job, future in voicing.items()}
        sections = [[submit(_run, _pack(_package_section, settings, section, records), cache,
                            [voicing.get(job) for job in section.jobs()],
                            priority=PACKAGE_FIRST, pure=False)
                     for section in edition.sections]
                    for edition, records in zip(plan.editions, known_of, strict=True)]
        articles = [submit(_run, _pack(_package_article, settings, edition, records), cache,
                           done, priority=PACKAGE_FIRST, pure=False)
                    for edition, records, done in zip(plan.editions, known_of, sections,
                                                      strict=True)]
        steps = [*voicing.values(), *(f for done in sections for f in done), *articles]
        spoken_keys = {future.key for future in voicing.values()}
        try:
            for future in as_completed(steps, loop=self.client.loop):
                if future.status == "error":
                    future.result()  # raises the task's error here
                tick(VOICED if future.key in spoken_keys else TRACK)
            spoken, packaged, joined = self.client.gather([heard, sections, articles])
        except BaseException:  # an error or Ctrl-C: stop the cluster's work for this build
            self.client.cancel([*steps, *heard.values()])
            raise
        spoken_by = {job: job.cached.engine for job in plan.jobs if job.cached}
        spoken_by.update({job: engine for job, (engine, _) in spoken.items()})
        voiced = Counter(engine for engine, fresh in spoken.values() if fresh)
        editions = tuple(
            PackagedEdition(edition, _own_plans(edition.sections, done), article)
            for edition, done, article in zip(plan.editions, packaged, joined, strict=True))
        return Produced(spoken_by, voiced, editions)


class _ClipsByKey(pickle.Pickler):
    """Pickles plans with each clip named by its key (see `_run`)."""

    def persistent_id(self, obj):
        return obj.key if isinstance(obj, Clip) else None


def _pack(*call) -> bytes:
    """Pickle a function and its first arguments, clips by key."""
    buffer = io.BytesIO()
    _ClipsByKey(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(call)
    return buffer.getvalue()


def _run(packed: bytes, cache: ClipCache, *more):
    """Call a packed function on a worker, with `more` arguments, its clips read from `cache`."""
    unpickler = pickle.Unpickler(io.BytesIO(packed))
    unpickler.persistent_load = partial(_cached_clip, cache)
    function, *arguments = unpickler.load()
    return function(*arguments, *more)


def _cached_clip(cache: ClipCache, key: str) -> Clip:
    clip = cache.load(key)
    if clip is None:
        raise BuildError(f"clip {key}: gone from the clip cache since the build planned. "
                         "Build again, and check that every worker reads the same clip cache.")
    return clip


def _heard(voiced: Voiced) -> tuple[str, bool]:
    """Return who voiced a sentence and whether in this build: all the client needs of it."""
    return voiced.clip.engine, voiced.fresh


def _package_section(settings: Settings, section: SectionPlan, known: Known,
                     voiced: Sequence[Voiced | None]) -> PackagedSection:
    """Package a section from its sentences' clips: those voiced in this build, in the order of
    `section.jobs()` (None for a cached clip, which the job carries). The result travels
    without its plan, which the client and the article's task have."""
    done = package_section(settings, section, {
        job: job.cached if fresh is None else fresh.clip
        for job, fresh in zip(section.jobs(), voiced, strict=True)}, known)
    return replace(done, plan=None)


def _package_article(settings: Settings, edition: EditionPlan, known: Known,
                     sections: Sequence[PackagedSection]) -> PackagedArticle:
    """Package the whole-article track from its sections' results."""
    return package_article(settings, edition, _own_plans(edition.sections, sections), known)


def _own_plans(plans: Sequence[SectionPlan], packaged: Sequence[PackagedSection]
               ) -> tuple[PackagedSection, ...]:
    """Give packaged sections their plans back (they travel without them)."""
    return tuple(replace(done, plan=own) for own, done in zip(plans, packaged, strict=True))
