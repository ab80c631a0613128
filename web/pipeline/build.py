"""Build the published library: lock, plan, check, voice and package, publish.

A track's name carries the hash of its inputs (clip keys, texts, pauses, tags), so a track that
exists under its name is up to date: an unchanged library voices nothing, encodes nothing and
rewrites nothing. Builds exclude each other with `flock` on `audio/.build.lock`; the kernel drops
the lock when the holder dies. See publish.py for why an interrupted build never breaks the
library being served.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BuildError
from .files import file_matches
from .manifest import (
    Manifest,
    file_records,
    manifest_to_json,
    read_manifest,
    read_published_manifest,
    read_texts,
)
from .settings import Settings
from .stamps import read_inputs, read_stamp, unchanged_editions, write_stamp
from .states import FAILING, is_unreviewed

# The planner, the packager and the publisher are imported where they are used: a build with
# nothing to do (see stamps.py) needs none of them, and importing them took half its time.
if TYPE_CHECKING:
    from .packaging import Known
    from .plans import LibraryPlan
    from .publish import PublishResult
    from .schedule import Produced, Scheduler
    from .voices.clips import ClipCache

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which languages (all when empty), which voices, what to publish."""

    languages: tuple[str, ...] = ()
    engine: str | None = None  # voice every sentence with this engine only
    offline: bool = False  # skip the online voice
    dry_run: bool = False  # say what would change; write nothing
    strict: bool = False  # fail on warnings (fallback voice, unreviewed or failing text)
    publish_drafts: bool = False  # publish machine drafts, marked as such, instead of English
    scheduler: str | None = None  # a Dask scheduler's address (default: [build] scheduler)
    clip_cache: str | None = None  # a folder or storage URL (default: [build] clip_cache)


@dataclass(frozen=True)
class BuildResult:
    """What a build did (or, for a dry run, would do)."""

    languages: tuple[str, ...]
    articles: int
    clips_voiced: int = 0
    clips_cached: int = 0
    tracks_written: int = 0
    tracks_unchanged: int = 0
    files_removed: int = 0
    engines: dict = field(default_factory=dict)  # engine -> clips it voiced in this build
    warnings: tuple[str, ...] = ()
    manifest_written: bool = False
    audio_ms: int = 0  # length of all whole-article tracks
    dry_run: bool = False
    would_voice: tuple[str, ...] = ()  # "[language] speech text", for a dry run
    would_write: tuple[str, ...] = ()  # paths relative to the project, for a dry run


def build_library(settings: Settings, options: BuildOptions = BuildOptions(),
                  progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Voice and publish the library (or list what would change, for a dry run)."""
    languages = settings.check_languages(options.languages) or settings.languages
    if options.dry_run:
        plan = _plan(settings, languages, _clip_cache(settings, options), options)
        return dry_run(settings, plan, _in_order(plan, review_warnings(plan,
                                                                      options.publish_drafts)))
    with build_lock(settings), ExitStack() as stack:
        # Order matters: every check runs before anything is published.
        inputs = read_inputs(settings, languages, options)
        done = read_stamp(settings, inputs)
        if done is not None:  # nothing changed since the last complete build
            check_strict(options.strict, list(done["warnings"]))
            return _unchanged(done)
        from .products import make_products
        from .publish import next_manifest, publish
        from .schedule import open_scheduler

        cache = _clip_cache(settings, options)
        # A cluster that cannot be reached is reported before the library is planned.
        scheduler = stack.enter_context(open_scheduler(options.scheduler or settings.scheduler))
        published = read_published_manifest(settings.manifest_path)  # a damaged one: its copy
        previous = _with_texts(settings, published)
        reused = _reusable(settings, inputs, previous)
        plan = _plan(settings, languages, cache, options, reuse=reused)
        by_edition = {**reused, **review_warnings(plan, options.publish_drafts)}
        warnings = _in_order(plan, by_edition)
        check_strict(options.strict, warnings)
        produced = _produce(settings, plan, cache, progress, scheduler,
                            known_files(settings, published))
        fallbacks = fallback_warnings(produced)
        warnings += fallbacks
        check_strict(options.strict, warnings)
        manifest = next_manifest(settings, plan.articles, produced.editions, previous)
        with _writing(settings):
            manifest, problems = make_products(settings, manifest, previous)
            done = publish(settings, manifest)
        result = _result(plan, produced, done, [*warnings, *problems],
                         [_edition(previous, key) for key in reused])
        if not fallbacks and not problems:  # the next build tries those again
            write_stamp(settings, inputs, result, by_edition)
    return result


def _clip_cache(settings: Settings, options: BuildOptions) -> ClipCache:
    from .voices.clips import ClipCache

    return ClipCache(settings.clip_cache_location(options.clip_cache))


def _with_texts(settings: Settings, manifest: Manifest | None) -> Manifest | None:
    """Return the published manifest with its editions' text; one whose text file is missing
    or damaged is left out, so it is planned and made again."""
    return manifest and read_texts(manifest, settings.audio_dir, strict=False)


def _in_order(plan: LibraryPlan, by_edition: dict[str, list[str]]) -> list[str]:
    """Return the editions' warnings, language by language, article by article."""
    return [warning for code in plan.languages for article in plan.articles
            for warning in by_edition.get(f"{article.slug}/{code}", ())]


def _edition(manifest: Manifest, key: str):
    """Return the edition "slug/lang" of a manifest, or None."""
    slug, code = key.rsplit("/", 1)
    article = manifest.article(slug)
    return article.editions.get(code) if article else None


def _reusable(settings: Settings, inputs, previous: Manifest | None) -> dict[str, list[str]]:
    """Return the editions the published manifest holds as the last complete build made them
    from the same inputs, with their warnings: published again without being planned."""
    if previous is None:
        return {}
    return {key: warnings for key, warnings in unchanged_editions(settings, inputs).items()
            if _edition(previous, key) is not None}


def _unchanged(done: dict) -> BuildResult:
    """Return the result of a build with nothing to do: all clips cached, all tracks as they
    are, the warnings of the build that made them."""
    return BuildResult(
        languages=tuple(done["languages"]), articles=done["articles"],
        clips_cached=done["clips_cached"] + done["clips_voiced"],
        tracks_unchanged=done["tracks_unchanged"] + done["tracks_written"],
        warnings=tuple(done["warnings"]), audio_ms=done["audio_ms"])


def _plan(settings: Settings, languages, cache: ClipCache, options: BuildOptions,
          reuse=()) -> LibraryPlan:
    from .plans import plan_library

    return plan_library(settings, languages, cache, engine=options.engine,
                        offline=options.offline, publish_drafts=options.publish_drafts,
                        reuse=reuse)


def _result(plan: LibraryPlan, produced: Produced, published: PublishResult,
            warnings: list[str], reused: list) -> BuildResult:
    """Say what the build did; the editions it `reused` count as tracks unchanged."""
    written = sum(e.tracks_written for e in produced.editions)
    voiced = sum(produced.voiced.values())
    return BuildResult(
        languages=plan.languages, articles=len(plan.articles), clips_voiced=voiced,
        clips_cached=len(plan.jobs) - voiced, tracks_written=written,
        tracks_unchanged=sum(len(e.sections) + 1 for e in produced.editions) - written
        + sum(len(e.sections) + 1 for e in reused),
        files_removed=published.removed, engines=dict(sorted(produced.voiced.items())),
        warnings=tuple(warnings), manifest_written=published.written,
        audio_ms=sum(e.article.track.duration_ms for e in produced.editions)
        + sum(e.track.duration_ms for e in reused),
    )


@contextmanager
def build_lock(settings: Settings):
    """Hold audio/.build.lock for the build, or raise BuildError if another build holds it."""
    path = settings.audio_dir / ".build.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"{settings.relative(path)}: another build is running. "
                             "Wait for it to finish, then build again.") from None
        yield
    finally:
        os.close(fd)


def known_files(settings: Settings, published: Manifest | None) -> Known:
    """Return the size and sha256 of each track and bundle the published manifest and the one
    it replaced record: a file under one of those names is reused only if it holds them."""
    manifests = (read_manifest(settings.previous_manifest_path, blocks=False), published)
    return {file: record for manifest in manifests if manifest
            for file, record in file_records(manifest).items()}


def _produce(settings: Settings, plan: LibraryPlan, cache: ClipCache, progress,
             scheduler: Scheduler, known: Known) -> Produced:
    """Voice and package, reporting progress; a write failure is a clear BuildError."""
    from .schedule import steps

    total, done, lock = steps(plan), 0, threading.Lock()

    def tick() -> None:
        nonlocal done
        with lock:
            done += 1
            if progress:
                progress(done, total)

    try:
        return scheduler.produce(settings, plan, cache, known, tick)
    except OSError as error:
        raise write_error(settings, error) from None


@contextmanager
def _writing(settings: Settings):
    """Turn a file that cannot be written into a clear BuildError."""
    try:
        yield
    except OSError as error:
        raise write_error(settings, error) from None


def write_error(settings: Settings, error: OSError) -> BuildError:
    """Return the BuildError for a file that cannot be written."""
    where = settings.relative(Path(error.filename)) if error.filename else "audio"
    return BuildError(f"{where}: cannot write ({error.strerror}). Free disk space or fix the "
                      "permissions, then build again; the published library is unchanged.")


def check_strict(strict: bool, warnings: list[str]) -> None:
    """With --strict, raise BuildError for the first warning."""
    if strict and warnings:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        raise BuildError(f"--strict: {warnings[0]}{more}. Fix this, or build without --strict.")


def review_warnings(plan: LibraryPlan, publish_drafts: bool) -> dict[str, list[str]]:
    """Return, per planned edition ("slug/lang"), a warning if it has blocks published without
    a reviewed translation, and one per block whose translation fails a check (named by its
    catalog's file and line)."""
    warnings = {}
    for edition in plan.editions:
        found = []
        states = Counter(b.block.state for s in edition.sections for b in s.blocks
                         if is_unreviewed(b.block.state) and b.block.state != FAILING)
        if states:
            detail = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
            how = "machine drafts where drafted, English otherwise" if publish_drafts else \
                "in English"
            count = sum(states.values())
            blocks = "1 block is" if count == 1 else f"{count} blocks are"
            found.append(f"{edition.language}/{edition.article.slug}: {blocks} not reviewed "
                         f"({detail}); published {how}")
        found += [f"{problem}; published in English" for problem in edition.localized.problems]
        for warning in found:
            log.info(warning)
        warnings[f"{edition.article.slug}/{edition.language}"] = found
    return warnings


def fallback_warnings(produced: Produced) -> list[str]:
    """Return a warning per language whose sentences a fallback engine voiced."""
    fallbacks = Counter((job.language, engine, job.engines[0].name)
                        for job, engine in produced.spoken_by.items()
                        if engine != job.engines[0].name)
    warnings = [f"{language}: {n} sentence{'' if n == 1 else 's'} voiced by {used} instead of "
                f"{preferred}"
                for (language, used, preferred), n in sorted(fallbacks.items())]
    for warning in warnings:
        log.info(warning)
    return warnings


def dry_run(settings: Settings, plan: LibraryPlan, warnings: list[str]) -> BuildResult:
    """Say what a build would voice and write, from the plan and what is on disk."""
    from .plans import predicted_names
    from .products import planned_files

    audio, published = settings.audio_dir, read_published_manifest(settings.manifest_path)
    known, previous = known_files(settings, published), _with_texts(settings, published)
    would_write, changed = [], []
    for edition in plan.editions:
        files = []
        for name in predicted_names(edition):
            intact = [file_matches(audio / file, *known[file])
                      for file in (name.mp3, name.lite) if file in known]
            if intact != [True, True]:  # both MP3s are written again, with their cues
                files += [name.mp3, name.vtt, name.lite]
            elif not (audio / name.vtt).exists():
                files.append(name.vtt)
        if files:  # its products (talking book, offline bundle) are made again too
            changed.append((edition.article.slug, edition.language))
        would_write += [settings.relative(audio / file) for file in files]
    would_write += [settings.relative(audio / file) for file in planned_files(settings.name,
                                                                               changed)]
    if would_write or plan.to_voice or _manifest_changes(settings, plan, previous, known):
        would_write.append(settings.relative(settings.manifest_path))
    to_voice = plan.to_voice
    return BuildResult(languages=plan.languages, articles=len(plan.articles),
                       clips_voiced=len(to_voice), clips_cached=len(plan.jobs) - len(to_voice),
                       warnings=tuple(warnings), dry_run=True,
                       would_voice=tuple(job.label for job in to_voice),
                       would_write=tuple(would_write))


def _manifest_changes(settings: Settings, plan: LibraryPlan, previous: Manifest | None,
                      known: Known) -> bool:
    """Tell whether the manifest would change, when every clip and track already exists.

    Every track is intact, so describing them only reads their files: nothing is packaged.
    """
    from .packaging import PackagedEdition, package_article, package_section
    from .publish import next_manifest

    if previous is None or read_manifest(settings.manifest_path) is None:
        return True  # none yet, or a damaged one: the build writes it again
    clips = {job: job.cached for job in plan.jobs}
    editions = []
    for edition in plan.editions:
        sections = [package_section(settings, s, clips, known, write=False)
                    for s in edition.sections]
        editions.append(PackagedEdition(edition, tuple(sections), package_article(
            settings, edition, sections, known, write=False)))
    manifest = next_manifest(settings, plan.articles, editions, previous)
    # Without the products: they change only where an edition does, which changes it already.
    return manifest_to_json(manifest) != manifest_to_json(
        replace(previous, books={}, bundles={}, covers={}, search=None))
