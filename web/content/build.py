"""Build the published library: lock, read, localize, plan, voice, package, publish, clean up.

Safe publishing is a staging area plus one atomic swap. The staging area is the audio folder
itself: every track is written under a new content-hashed name (`01-intro.3f2a9c1b.mp3`), through
a temporary file and a rename, so no file the published manifest names is ever modified.
`audio/manifest.json` is the switch: it is replaced by one atomic rename, and only after every file
it names exists. Only then are files no manifest names removed. A `kill -9` at any moment
therefore leaves the last published manifest and all its files whole (at worst with a few
orphaned new files or temporary files, which the next build removes), and the next build
completes, reusing every clip and track already made. Builds exclude each other with
`flock` on `audio/.build.lock`; the kernel drops the lock when the holder dies.

A track's name carries the hash of its inputs (clip keys, texts, pauses, tags), so a track that
exists under its name is up to date: an unchanged library voices nothing, decodes nothing and
rewrites nothing. A sentence a fallback voiced (gTTS unreachable) asks only the preferred
engine again on the next build: its voice replaces the fallback's once it answers, and the
fallback's clip is kept while it does not (gTTS gives up for the build after a few failures);
`--strict` reports such clips.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .bundles import build_bundles, bundle_name
from .cache import ClipCache, clip_key
from .errors import BuildError, VoiceError
from .manifest import (
    Manifest,
    ManifestArticle,
    manifest_files,
    manifest_to_json,
    read_manifest,
    write_manifest,
)
from .plans import (
    EditionPlan,
    Planner,
    SentenceJob,
    article_key,
    is_unreviewed,
    key_tracks,
    section_key,
)
from .publishing import edition_entry, package_article, package_section
from .settings import Settings
from .sources import read_library
from .voices import voice_sentence

log = logging.getLogger(__name__)
WORKERS = 2  # both cores: engines and ffmpeg run outside the GIL


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


def build_library(settings: Settings, *, languages=None, engine=None, offline=False,
                  dry_run=False, strict=False, publish_drafts=False,
                  progress: Callable[[int, int], None] | None = None) -> BuildResult:
    """Voice and publish the library (or list what would change, for a dry run)."""
    languages = tuple(languages or settings.languages)
    unknown = [code for code in languages if code not in settings.languages]
    if unknown:
        raise BuildError(f"--lang {unknown[0]}: not a language of the library. "
                         f"Use one of {', '.join(settings.languages)}.")
    if dry_run:
        return _build(settings, languages, engine, offline, True, strict, publish_drafts, progress)
    with build_lock(settings):
        return _build(settings, languages, engine, offline, False, strict, publish_drafts,
                      progress)


def _build(settings, languages, engine, offline, dry_run, strict, publish_drafts, progress):
    articles = read_library(settings.library_dir, settings.root)
    cache = ClipCache(settings.cache_dir / "clips")
    planner = Planner(settings, cache, engine=engine, offline=offline,
                      publish_drafts=publish_drafts)
    editions = [planner.plan(a, code) for code in languages for a in articles]
    warnings = _review_warnings(editions, publish_drafts)
    _check_strict(strict, warnings)
    jobs = [job for job in planner.jobs.values() if job.clip is None]
    cached = len(planner.jobs) - len(jobs)
    if dry_run:
        return _dry_run(settings, languages, articles, editions, jobs, cached, warnings)
    done, total = 0, len(jobs) + sum(len(e.sections) + 1 for e in editions)

    lock = threading.Lock()

    def tick() -> None:
        nonlocal done
        with lock:
            done += 1
            if progress:
                progress(done, total)

    try:
        voiced, written, tracks = _voice_and_package(settings, editions, jobs, cache, tick)
    except OSError as error:
        raise _write_error(settings, error) from None
    warnings += _fallback_warnings(planner.jobs.values())
    _check_strict(strict, warnings)  # before anything is published

    manifest = _manifest(settings, articles, editions, languages)
    try:
        missing = [code for code in manifest.languages if code not in manifest.bundles]
        manifest = replace(manifest, bundles={
            **manifest.bundles, **build_bundles(manifest, settings.audio_dir, missing)})
        manifest_written = write_manifest(manifest, settings.manifest_path,
                                          settings.previous_manifest_path)
    except OSError as error:
        raise _write_error(settings, error) from None
    removed = _collect_garbage(settings, manifest)
    return BuildResult(
        languages=languages, articles=len(articles), clips_voiced=sum(voiced.values()),
        clips_cached=cached + len(jobs) - sum(voiced.values()),
        tracks_written=written, tracks_unchanged=tracks - written,
        files_removed=removed, engines=dict(sorted(voiced.items())), warnings=tuple(warnings),
        manifest_written=manifest_written,
        audio_ms=sum(e.track.duration_ms for a in manifest.articles
                     for c, e in a.editions.items() if c in languages),
    )


def _voice_and_package(settings: Settings, editions: list[EditionPlan], jobs: list[SentenceJob],
                       cache: ClipCache, tick) -> tuple[Counter, int, int]:
    """Voice the missing clips, packaging each track as soon as the clips it needs exist.

    Voicing and packaging share the cores: a section is packaged the moment its last sentence
    is voiced while the engines go on with the next ones, and a whole-article track follows
    its last section. Returns the clips voiced per engine, the tracks written and in all.
    """
    pending = {id(job) for job in jobs}
    order = _voicing_order(editions)
    jobs = sorted(jobs, key=lambda job: order[id(job)])
    needs = {}  # section -> how many of its sentences are still to be voiced
    users = defaultdict(list)  # job -> the sections waiting for it
    sections_left = {id(edition): len(edition.sections) for edition in editions}
    lock = threading.Lock()
    for edition in editions:
        for section in edition.sections:
            waiting = {id(job) for b in section.blocks for _, job in b.sentences} & pending
            needs[id(section)] = len(waiting)
            for job_id in waiting:
                users[job_id].append((edition, section))

    def package(edition: EditionPlan, section) -> list[bool]:
        with cores:
            return package_tracks(edition, section)

    def package_tracks(edition: EditionPlan, section) -> list[bool]:
        section.track.key = section_key(section)
        written = [package_section(settings, section)]
        tick()
        with lock:
            sections_left[id(edition)] -= 1
            last = not sections_left[id(edition)]
        if last:  # the article track joins the section tracks
            edition.track.key = article_key(edition)
            written.append(package_article(settings, edition))
            tick()
        return written

    voiced, packaging = Counter(), []
    # The engines use both cores (Piper runs its network on two threads): while they voice, one
    # track is packaged at a time; once they are done, packaging has both cores.
    cores = threading.Semaphore(WORKERS)
    reserved = [cores.acquire()] if jobs else []  # one core kept for the engines

    def free_the_engines_core() -> None:
        if reserved:
            reserved.pop()
            cores.release()

    with ThreadPoolExecutor(WORKERS) as voicers, ThreadPoolExecutor(WORKERS) as packers:
        try:
            ready = [(e, s) for e in editions for s in e.sections if not needs[id(s)]]
            voicing = {voicers.submit(_voice, job, cache): job for job in jobs}
            packaging += [packers.submit(package, e, s) for e, s in ready]
            for future in as_completed(voicing):
                job = voicing[future]
                if future.result():
                    voiced[job.clip.engine] += 1
                tick()
                for edition, section in users[id(job)]:
                    needs[id(section)] -= 1
                    if not needs[id(section)]:
                        packaging.append(packers.submit(package, edition, section))
            free_the_engines_core()  # voicing is done
            written = [flag for future in packaging for flag in future.result()]
        except BaseException:  # an error or Ctrl-C: stop now, not after the queued work
            free_the_engines_core()  # a packer may be waiting for it
            voicers.shutdown(cancel_futures=True)
            packers.shutdown(cancel_futures=True)
            raise
    return voiced, sum(written), len(written)


def _write_error(settings: Settings, error: OSError) -> BuildError:
    where = settings.relative(Path(error.filename)) if error.filename else "audio"
    return BuildError(f"{where}: cannot write ({error.strerror}). Free disk space or fix the "
                      "permissions, then build again; the published library is unchanged.")


def _voicing_order(editions: list[EditionPlan]) -> dict:
    """Rank sentences section by section across editions (first sections of all, then second
    ones…), so every edition's sections become ready to package early and evenly."""
    order: dict = {}
    for number in range(max((len(e.sections) for e in editions), default=0)):
        for edition in editions:
            for block in edition.sections[number].blocks if number < len(edition.sections) else ():
                for _, job in block.sentences:
                    order.setdefault(id(job), len(order))
    return order


def _voice(job: SentenceJob, cache: ClipCache) -> bool:
    """Voice a sentence, or keep the clip a fallback made before; return whether it voiced.

    With such a clip only the preferred engine is asked: once gTTS is reachable again, its
    voice replaces the fallback's, and while it is not, nothing is voiced twice.
    """
    engines = list(job.engines[:1] if job.fallback else job.engines)
    try:
        audio, name = voice_sentence(engines, job.speech, job.language)
    except VoiceError:
        if job.fallback is None:
            raise
        job.clip = job.fallback
        return False
    engine = next(e for e in job.engines if e.name == name)
    job.clip = cache.store(clip_key(engine.voice_key(job.language), job.language, job.speech),
                           name, audio)
    return True


def _check_strict(strict: bool, warnings: list[str]) -> None:
    if strict and warnings:
        more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
        raise BuildError(f"--strict: {warnings[0]}{more}. Fix this, or build without --strict.")


def _review_warnings(editions: list[EditionPlan], publish_drafts: bool) -> list[str]:
    warnings = []
    for edition in editions:
        states = Counter(b.block.state for s in edition.sections for b in s.blocks
                         if is_unreviewed(b.block))
        if states:
            detail = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
            how = "machine drafts where drafted, English otherwise" if publish_drafts else \
                "in English"
            count = sum(states.values())
            blocks = "1 block is" if count == 1 else f"{count} blocks are"
            warnings.append(f"{edition.language}/{edition.article.slug}: {blocks} not reviewed "
                            f"({detail}); published {how}")
    for warning in warnings:
        log.info(warning)
    return warnings


def _fallback_warnings(jobs) -> list[str]:
    fallbacks = Counter((j.language, j.clip.engine, j.engines[0].name) for j in jobs
                        if j.clip.engine != j.engines[0].name)
    warnings = [f"{language}: {n} sentence{'' if n == 1 else 's'} voiced by {used} instead of "
                f"{preferred}"
                for (language, used, preferred), n in sorted(fallbacks.items())]
    for warning in warnings:
        log.info(warning)
    return warnings


def _dry_run(settings, languages, articles, editions, jobs, cached, warnings) -> BuildResult:
    would_write = []
    key_tracks(editions)
    for edition in editions:
        for track in [s.track for s in edition.sections] + [edition.track]:
            for name in (track.mp3, track.vtt):
                if not (settings.audio_dir / name).exists():
                    would_write.append(settings.relative(settings.audio_dir / name))
    changed = sorted({e.language for e in editions
                      if any(f"/{e.language}/" in f"/{path}" for path in would_write)})
    for code in changed:  # its offline bundle is made again; its name hashes its content
        name = f"{bundle_name(settings.name, code)}.*.zip"
        would_write.append(settings.relative(settings.audio_dir / code / name))
    if would_write or jobs or not settings.manifest_path.exists():
        would_write.append(settings.relative(settings.manifest_path))
    else:
        # Every track exists, so packaging only reads them to place sentences and chapters.
        for edition in editions:
            for section in edition.sections:
                package_section(settings, section)
            package_article(settings, edition)
        manifest = _manifest(settings, articles, editions, languages)
        if settings.manifest_path.read_text(encoding="utf-8") != manifest_to_json(manifest):
            would_write.append(settings.relative(settings.manifest_path))
    return BuildResult(languages=languages, articles=len(articles), clips_voiced=len(jobs),
                       clips_cached=cached, warnings=tuple(warnings), dry_run=True,
                       would_voice=tuple(j.label for j in jobs), would_write=tuple(would_write))


def _manifest(settings, articles, editions, languages) -> Manifest:
    """Return the new manifest; editions of languages not built now are carried over."""
    previous = read_manifest(settings.manifest_path)
    built = {(e.article.slug, e.language): edition_entry(settings, e) for e in editions}
    entries = []
    for article in articles:
        old = previous.article(article.slug) if previous else None
        editions_of = {}
        for code in settings.languages:
            if (article.slug, code) in built:
                editions_of[code] = built[(article.slug, code)]
            elif old and code in old.editions:
                editions_of[code] = old.editions[code]
        entries.append(ManifestArticle(article.slug, article.source, editions_of))
    bundles = {}
    if previous:  # a bundle stays only while its language's editions are what it was made of

        def editions_in(code: str, articles_of) -> list:
            return [(a.slug, a.editions.get(code)) for a in articles_of]

        bundles = {code: bundle for code, bundle in previous.bundles.items()
                   if editions_in(code, entries) == editions_in(code, previous.articles)}
    return Manifest(settings.name, tuple(settings.languages), tuple(entries), bundles=bundles)


def _collect_garbage(settings: Settings, manifest: Manifest) -> int:
    """Remove files under audio/<language>/ that neither the published manifest nor the one it
    replaced names (listeners may still be playing those)."""
    keep = set(manifest_files(manifest))
    replaced = read_manifest(settings.previous_manifest_path)
    if replaced:
        keep.update(manifest_files(replaced))
    removed = 0
    audio = settings.audio_dir
    for stray in audio.glob(".manifest*.json.*.tmp"):
        stray.unlink(missing_ok=True)
        removed += 1
    for code in settings.languages:
        folder = audio / code
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path.relative_to(audio).as_posix() not in keep:
                path.unlink(missing_ok=True)
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return removed

