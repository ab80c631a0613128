"""Build the published library: lock, plan, check, voice and package, publish.

A track's name carries the hash of its inputs (clip keys, texts, pauses, tags), so a track that
exists under its name is up to date: an unchanged library voices nothing, encodes nothing and
rewrites nothing. Builds exclude each other with `flock` on `audio/.build.lock`; the kernel drops
the lock when the holder dies. See publish.py for why an interrupted build never breaks the
library being served.
"""

from __future__ import annotations

from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .build_options import BuildOptions, BuildRun
from .build_warnings import fallback_warnings, in_plan_order, review_warnings
from .errors import BuildError
from .files import exclusive_lock, file_matches, trusting
from .manifest import (
    Manifest,
    file_records,
    manifest_to_json,
    read_manifest,
    read_published_manifest,
    read_texts,
)
from .notices import Notice, Notices, notices_from_json
from .progress import ProgressCounter, Report
from .settings import Settings
from .stamps import (
    last_stamp,
    read_inputs,
    read_stamp,
    read_stamp_file,
    trusted_files,
    unchanged_editions,
    write_stamp,
)

# The planner, the packager and the publisher are imported where they are used: a build with
# nothing to do (see stamps.py) needs none of them, and importing them took half its time.
if TYPE_CHECKING:
    from .packaging import Known
    from .plans import LibraryPlan
    from .schedule import Produced, Scheduler
    from .voices.clips import ClipCache


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
    warnings: tuple[Notice, ...] = ()
    manifest_written: bool = False
    audio_ms: int = 0  # length of all whole-article tracks
    dry_run: bool = False
    would_voice: tuple[str, ...] = ()  # "[language] speech text", for a dry run
    would_write: tuple[str, ...] = ()  # paths relative to the project, for a dry run


def build_library(settings: Settings, options: BuildOptions | None = None,
                  progress: Report | None = None) -> BuildResult:
    """Voice and publish the library (or list what would change, for a dry run); `progress`
    hears each sentence voiced and track made, then each product phase (see progress.py)."""
    run = (options or BuildOptions()).resolve(settings)
    if run.dry_run:
        plan = _plan(settings, run, _clip_cache(run))
        return dry_run(settings, plan, in_plan_order(plan, review_warnings(
            plan, run.publish_drafts)))
    warnings = Notices(run.strict)
    with build_lock(settings), ExitStack() as stack:
        # Order matters: every check runs before anything is published.
        stamp = read_stamp_file(settings)  # read once: at a thousand articles, megabytes
        inputs, stamp = read_inputs(settings, run, stamp), last_stamp(settings, stamp)
        done = read_stamp(settings, inputs, stamp)
        if done is not None:  # nothing changed since the last complete build
            warnings.add(notices_from_json(done["warnings"]))
            return _unchanged(done, warnings)
        from .products import make_products
        from .publish import next_manifest, publish
        from .schedule import open_scheduler, steps

        cache = _clip_cache(run)
        # A cluster that cannot be reached is reported before the library is planned.
        scheduler = stack.enter_context(open_scheduler(run.scheduler))
        published = read_published_manifest(settings.manifest_path)  # a damaged one: its copy
        known = known_files(published)
        # Files the last build left as they were are not read again to be checked.
        stack.enter_context(trusting(trusted_files(settings, stamp, known)))
        reused = _reusable(stamp, inputs, published)
        previous = _with_texts(settings, published, unread=reused)
        plan = _plan(settings, run, cache, reuse=reused, previous=previous)
        by_edition = {**reused, **review_warnings(plan, run.publish_drafts)}
        warnings.add(in_plan_order(plan, by_edition))
        counter = ProgressCounter(*steps(plan), progress)
        produced = _produce(settings, plan, cache, counter, scheduler, known)
        fallbacks = fallback_warnings(produced)
        warnings.add(fallbacks)
        counted = _counted(plan, produced, [_edition(previous, key) for key in reused])
        manifest = next_manifest(settings, plan.articles, produced.editions, previous)
        del plan, produced  # the products need only the manifest: the plans are let go
        with _writing(settings):
            manifest, problems = make_products(settings, manifest, previous, counter.phase)
            counter.phase("the manifest")
            done = publish(settings, manifest)
        problems = [Notice.parse(problem) for problem in problems]
        result = replace(counted, files_removed=done.removed, manifest_written=done.written,
                         warnings=(*warnings, *problems))
        if not fallbacks and not problems:  # the next build tries those again
            write_stamp(settings, inputs, result, by_edition, done.manifest, stamp,
                        [key for key in by_edition if key not in reused])
    return result


def _with_texts(settings: Settings, manifest: Manifest | None, unread=()) -> Manifest | None:
    """Return the published manifest with its editions' text, but those published again as
    they are (`unread`: the last build's stamp vouches for their files, and what needs their
    text reads it); one whose text file is missing or damaged is left out, so it is planned
    and made again."""
    return manifest and read_texts(manifest, settings.audio_dir, strict=False, unread=unread)


def _edition(manifest: Manifest, key: str):
    """Return the edition "slug/lang" of a manifest, or None."""
    slug, code = key.rsplit("/", 1)
    article = manifest.article(slug)
    return article.editions.get(code) if article else None


def _reusable(stamp: dict | None, inputs, previous: Manifest | None
              ) -> dict[str, list[Notice]]:
    """Return the editions the published manifest holds as the last complete build made them
    from the same inputs, with their warnings: published again without being planned."""
    if previous is None:
        return {}
    return {key: warnings for key, warnings in unchanged_editions(stamp, inputs).items()
            if _edition(previous, key) is not None}


def _unchanged(done: dict, warnings: list[Notice]) -> BuildResult:
    """Return the result of a build with nothing to do: all clips cached, all tracks as they
    are, the warnings of the build that made them."""
    return BuildResult(
        languages=tuple(done["languages"]), articles=done["articles"],
        clips_cached=done["clips_cached"] + done["clips_voiced"],
        tracks_unchanged=done["tracks_unchanged"] + done["tracks_written"],
        warnings=tuple(warnings), audio_ms=done["audio_ms"])


def _clip_cache(run: BuildRun) -> ClipCache:
    from .voices.clips import ClipCache

    return ClipCache(run.clip_cache)


def _plan(settings: Settings, run: BuildRun, cache: ClipCache, reuse=(),
          previous: Manifest | None = None) -> LibraryPlan:
    from .plans import plan_library

    return plan_library(settings, run.languages, cache, engines=run.engines,
                        publish_drafts=run.publish_drafts, reuse=reuse, previous=previous)


def _counted(plan: LibraryPlan, produced: Produced, reused: list) -> BuildResult:
    """Say what the build voiced and packaged; the editions it `reused` count as tracks
    unchanged (what it published is added once it has)."""
    written = sum(e.tracks_written for e in produced.editions)
    voiced = sum(produced.voiced.values())
    return BuildResult(
        languages=plan.languages, articles=len(plan.articles), clips_voiced=voiced,
        clips_cached=len(plan.jobs) - voiced, tracks_written=written,
        tracks_unchanged=sum(len(e.sections) + 1 for e in produced.editions) - written
        + sum(len(e.sections) + 1 for e in reused),
        engines=dict(sorted(produced.voiced.items())),
        audio_ms=sum(e.article.track.duration_ms for e in produced.editions)
        + sum(e.track.duration_ms for e in reused),
    )


def build_lock(settings: Settings):
    """Hold audio/.build.lock for the build, or raise BuildError if another build holds it."""
    path = settings.audio_dir / ".build.lock"
    return exclusive_lock(path, BuildError(f"{settings.relative(path)}: another build is "
                                           "running. Wait for it to finish, then build again."))


def known_files(published: Manifest | None) -> Known:
    """Return the size and sha256 of each track and download the published manifest records: a
    file under one of those names is reused only if it holds them. (The files only the manifest
    it replaced names, a build makes again if it needs them: that one is not read.)"""
    return file_records(published) if published else {}


def _produce(settings: Settings, plan: LibraryPlan, cache: ClipCache,
             counter: ProgressCounter, scheduler: Scheduler, known: Known) -> Produced:
    """Voice and package, counting each step; a write failure is a clear BuildError."""
    try:
        return scheduler.produce(settings, plan, cache, known, counter.tick)
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


def dry_run(settings: Settings, plan: LibraryPlan, warnings: list[Notice]) -> BuildResult:
    """Say what a build would voice and write, from the plan and what is on disk."""
    from .products import planned_files
    from .track_names import predicted_names

    audio, published = settings.audio_dir, read_published_manifest(settings.manifest_path)
    known, previous = known_files(published), _with_texts(settings, published)
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
        if files:  # its products (talking book, offline download) are made again too
            changed.append((edition.article.slug, edition.language))
        would_write += [settings.relative(audio / file) for file in files]
    would_write += [settings.relative(audio / file) for file in planned_files(settings.name,
                                                                               changed)]
    if would_write or plan.to_voice or _manifest_changes(settings, plan, previous, known):
        would_write.append(settings.relative(settings.manifest_path))
    to_voice, said = plan.to_voice, {}
    for sentence in (s for e in plan.editions for section in e.sections
                     for block in section.blocks for s in block.sentences):
        said.setdefault(sentence.job, sentence.marked_speech)
    return BuildResult(languages=plan.languages, articles=len(plan.articles),
                       clips_voiced=len(to_voice), clips_cached=len(plan.jobs) - len(to_voice),
                       warnings=tuple(warnings), dry_run=True,
                       would_voice=tuple(job.label(said.get(job)) for job in to_voice),
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
        replace(previous, books={}, downloads={}, covers={}, pictures={}, search=None))
