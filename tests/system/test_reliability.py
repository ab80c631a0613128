"""Proof under faults: a failing online voice, kill -9, two builds at once, a full disk, damaged
files, fuzzing.

Run alone with `python -m pytest tests/system/test_reliability.py` (about four minutes on two
cores).
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import responses
from conftest import Staff
from faulty_files import NO_SPACE, SLOW_STARTED, FillsUp
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from projects import PROJECT, copy_project
from pydub.generators import Sine
from test_build import NEW_TEXT, PARAGRAPH, SLUG, edit_paragraph
from test_gtts_fake import answer, endpoint
from web_support import make_app

from web.pipeline import files
from web.pipeline.audio import loudness, tracks
from web.pipeline.build import BuildOptions, build_library
from web.pipeline.errors import CatalogError, SourceError
from web.pipeline.importer import import_article
from web.pipeline.manifest import file_records, load_manifest, manifest_files
from web.pipeline.settings import Settings, load_settings
from web.pipeline.sources import read_article
from web.pipeline.stamps import read_inputs, read_stamp
from web.pipeline.translation.pofiles import read_catalog
from web.pipeline.voices.clips import ClipCache
from web.pipeline.voices.speech import split_sentences

KILL_TRIALS = 4  # rebuilds, and below cold builds and kills while the manifest is written
COLD_TRIALS = 3
SWAP_TRIALS = 2
KILL_SEED = 5  # the kill moments are random, but the same on every run
SILENT = ("--engine", "silent")
# The published library is voiced by the silent engine; the build under test voices Spanish
# afresh with espeak-ng, so it rewrites every Spanish track and removes the old ones.
REVOICE = ("--engine", "espeak-ng", "--lang", "es")


def start_build(root: Path, *options: str, **popen) -> subprocess.Popen:
    """Start `manage_content.py build` in its own process, as staff would from a terminal."""
    return subprocess.Popen(
        [sys.executable, str(PROJECT / "manage_content.py"), "--root", str(root), "build",
         *options], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def run_build(root: Path, *options: str) -> str:
    """Build to the end; return what it printed."""
    process = start_build(root, *options)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    return out


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def published(root: Path) -> dict[str, str]:
    """Load the published manifest, check every file it names, and return them with hashes.

    What a listener could be served: the manifest loads, and every track and download it names
    has the size and hash the manifest records (so it is whole, not half-written).
    """
    audio = root / "audio"
    manifest = load_manifest(audio / "manifest.json")
    found = {"manifest.json": sha(audio / "manifest.json")}
    for article in manifest.articles:
        for edition in article.editions.values():
            for track in [s.track for s in edition.sections] + [edition.track]:
                found[track.file] = sha(audio / track.file)
                assert (track.bytes, track.sha256) == (
                    (audio / track.file).stat().st_size, found[track.file]), track.file
                found[track.vtt] = sha(audio / track.vtt)
                assert (audio / track.vtt).read_text(encoding="utf-8").startswith("WEBVTT")
    for download in (d for of in manifest.downloads.values() for d in of.values()):
        found[download.file] = sha(audio / download.file)
        assert found[download.file] == download.sha256, download.file
    return found


def output_files(root: Path) -> dict[str, str]:
    """Return every file under audio/ (the build's output) with its sha256."""
    audio = root / "audio"
    return {p.relative_to(audio).as_posix(): sha(p) for p in sorted(audio.rglob("*"))
            if p.is_file() and p.name != ".build.lock"}


def differences(found: dict[str, str], expected: dict[str, str]) -> list[str]:
    return sorted(name for name in found.keys() | expected.keys()
                  if found.get(name) != expected.get(name))


@pytest.fixture(scope="module")
def silent_library(tmp_path_factory) -> Path:
    """The seed article alone published with the silent engine (copy it before changing it):
    the kills below rebuild it a dozen times, so it holds no more than they need."""
    root = copy_project(tmp_path_factory.mktemp("silent") / "project", only=(SLUG,))
    build_library(load_settings(root), BuildOptions(engine="silent"))
    return root


def copy(root: Path, to: Path) -> Path:
    shutil.copytree(root, to)
    return to


# ----------------------------------------------------------------------------- the online voice

GTTS_SETTINGS = """
[voices]
en = ["gtts", "espeak-ng"]
es = ["gtts", "espeak-ng"]

[voices.gtts]
timeout = 2
interval = 0
attempts = 3
backoff = 0.01
give_up_after = 2
en = { tld = "com" }
es = { tld = "com.mx" }

[voices.espeak-ng]
en = { voice = "en-us" }
es = { voice = "es-419" }
"""


class FlakyGoogle:
    """Google's speech endpoint that answers, then rate-limits, then fails for good."""

    def __init__(self, audio: bytes, good: int = 6):
        self.audio, self.good = audio, good
        self.statuses: list[int] = []
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            number = len(self.statuses)
            # A burst of 429 that a retry outlasts, one more answer, then 503 from then on.
            status = 200 if number < self.good or number == self.good + 2 else \
                429 if number < self.good + 2 else 503
            self.statuses.append(status)
        return (status, {}, answer(self.audio)) if status == 200 else (status, {}, "")


@pytest.mark.slow
def test_google_failing_mid_build_hands_over_to_espeak_and_no_sentence_is_lost(seed_project):
    project = seed_project  # the seed alone: Google answers its first sentences
    config = project / "library" / "library.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text[:text.index("[voices]")] + GTTS_SETTINGS, encoding="utf-8")
    settings = load_settings(project)
    tone = Sine(440).to_audio_segment(duration=700).export(format="mp3", bitrate="48k").read()
    google = FlakyGoogle(tone)
    with responses.RequestsMock() as fake:
        fake.add_callback(responses.POST, endpoint("com.mx"), callback=google)
        result = build_library(settings, BuildOptions(languages=("es",)))
        statuses = list(google.statuses)
        # Google still fails: it is asked again, briefly, and the fallback's clips are kept.
        again = build_library(settings, BuildOptions(languages=("es",)))
        assert len(google.statuses) > len(statuses)
        assert again.clips_voiced == 0 and not again.tracks_written
    assert statuses[:9] == [200] * 6 + [429, 429, 200]
    assert set(statuses[9:]) == {503}
    assert result.engines["gtts"] >= 3 and result.engines["espeak-ng"] >= 20
    assert sum(result.engines.values()) == result.clips_voiced
    espeak = result.engines["espeak-ng"]
    assert f"es: {espeak} sentences voiced by espeak-ng instead of gtts" in map(
        str, result.warnings)
    edition = load_manifest(settings.manifest_path).article(SLUG).editions["es"]
    # Every sentence of every block was voiced and placed in its track.
    for section in edition.sections:
        for block in section.blocks:
            expected = split_sentences(block.text, block.language)
            assert [s.text for s in block.sentences] == expected, block.id
            assert all(s.end_ms > s.start_ms for s in block.sentences), block.id
        assert section.track.engines in (("gtts",), ("espeak-ng", "gtts"), ("espeak-ng",))
    assert "gtts" in edition.sections[0].track.engines
    assert edition.sections[-1].track.engines == ("espeak-ng",)
    assert edition.track.engines == ("espeak-ng", "gtts")
    # Google is back: its voice replaces every sentence espeak-ng stood in for.
    with responses.RequestsMock() as fake:
        fake.add_callback(responses.POST, endpoint("com.mx"),
                          callback=lambda request: (200, {}, answer(tone)))
        back = build_library(settings, BuildOptions(languages=("es",)))
    assert back.engines == {"gtts": espeak} and not back.warnings
    edition = load_manifest(settings.manifest_path).article(SLUG).editions["es"]
    assert edition.track.engines == ("gtts",)


# ----------------------------------------------------------------------------- kill -9

DECODED: dict[str, str] = {}  # sha256 -> what ffmpeg said decoding it


def decode_errors(data: bytes) -> str:
    """Return what ffmpeg says decoding an MP3 ("" when it plays to the end), once per file."""
    digest = hashlib.sha256(data).hexdigest()
    if digest not in DECODED:
        run = subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "null", "-"],
                             input=data, capture_output=True, timeout=60)
        DECODED[digest] = run.stderr.decode(errors="replace") or (
            "" if run.returncode == 0 else f"ffmpeg exited with {run.returncode}")
    return DECODED[digest]


def served_over_http(root: Path) -> dict:
    """Ask the website for what a listener gets: its health, each edition's page and every file
    the manifest names, each as the manifest records it, every MP3 decoded; return the health.
    """
    client = make_app(root).test_client()
    health = client.get("/healthz")
    assert (health.status_code, health.json["status"]) == (200, "ok"), health.json
    if not health.json["built"]:
        return health.json
    manifest = load_manifest(root / "audio" / "manifest.json")
    for article in manifest.articles:
        for code in article.editions:
            assert client.get(f"/{code}/{article.slug}/").status_code == 200, (code, article)
    records = file_records(manifest)
    for name in manifest_files(manifest):
        response = client.get(f"/audio/{name}")
        assert response.status_code == 200, name
        data = response.get_data()
        if name in records:
            assert (len(data), hashlib.sha256(data).hexdigest()) == records[name], name
        if name.endswith(".mp3"):
            assert decode_errors(data) == "", name
    return health.json


def library_served(root: Path) -> dict[str, str] | None:
    """Return the library the site serves whole (see `published`), or None if none is built
    yet, having checked it over HTTP as a listener gets it."""
    return published(root) if served_over_http(root)["built"] else None


# Writes the manifest 4 KB at a time, as a slow disk would, and says when it starts, so a kill
# can land while it is written; everything else is the build staff run.
SLOW_MANIFEST_BUILD = """
import builtins, io, os, runpy, sys

sys.path.insert(0, "tests")
from faulty_files import SlowToWrite

real_fdopen, real_open = os.fdopen, io.open

def slow(handle, name):
    writing = "w" in getattr(handle, "mode", "")
    return SlowToWrite(handle) if writing and "manifest.json" in os.path.basename(name) \\
        else handle

def fdopen(fd, *args, **kwargs):
    return slow(real_fdopen(fd, *args, **kwargs), os.readlink(f"/proc/self/fd/{fd}"))

def open_(file, *args, **kwargs):
    return slow(real_open(file, *args, **kwargs), str(file))

os.fdopen, io.open, builtins.open = fdopen, open_, open_
sys.argv = sys.argv[1:]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def start_slow_manifest_build(root: Path, *options: str) -> subprocess.Popen:
    """Start a build whose manifest is written slowly; return once it starts writing it."""
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_MANIFEST_BUILD, str(PROJECT / "manage_content.py"),
         "--root", str(root), "build", *options], cwd=PROJECT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True)
    for line in process.stdout:
        if line == f"{SLOW_STARTED}\n":
            return process
    raise AssertionError(f"the build never wrote its manifest: {process.stderr.read()}")


def kill_trials(start, trials: int, moments: random.Random, duration: float, libraries: dict,
                expected: dict[str, str], *options: str) -> list[str]:
    """Kill `trials` builds that `start(trial)` starts on copies, each at a random moment
    within `duration` seconds of its start returning (for the swap trials, once the manifest
    is being written); check the site serves one of `libraries` (name -> library) whole over
    HTTP, and that the next build writes exactly `expected`. Return what each kill left."""
    seen = []
    for trial in range(trials):
        root, process = start(trial)
        delay = moments.uniform(0, duration)
        time.sleep(delay)
        process.kill()
        process.wait(timeout=60)
        served = library_served(root)
        found = [name for name, library in libraries.items() if library == served]
        assert found, f"trial {trial}: after a kill at {delay:.2f} s the site serves neither " \
                      f"{' nor '.join(libraries)}: {served and differences(served, {})}"
        seen.append(f"{delay:.2f} s: {found[0]}")
        run_build(root, *options)
        assert differences(output_files(root), expected) == [], \
            f"trial {trial}: after a kill at {delay:.2f} s, the next build differs"
        served_over_http(root)
    return seen


@pytest.mark.slow
def test_kill_9_at_random_moments_never_breaks_the_library_and_the_next_build_is_exact(
        silent_library, tmp_path):
    moments = random.Random(KILL_SEED)
    # A cold build: nothing published yet, or the whole new library.
    cold = copy_project(tmp_path / "cold-reference", only=(SLUG,))
    started = time.monotonic()
    run_build(cold, *SILENT)
    duration = time.monotonic() - started

    def cold_copy(trial: int):
        root = copy_project(tmp_path / f"cold-{trial}", only=(SLUG,))
        return root, start_build(root, *SILENT)

    report = kill_trials(cold_copy, COLD_TRIALS, moments, duration,
                         {"nothing served yet": None, "new library": published(cold)},
                         output_files(cold), *SILENT)
    print(f"\nkill -9 of a cold build ({duration:.1f} s): {', '.join(report)}")
    # A rebuild that revoices Spanish: the old library or the new one, whole.
    reference = copy(silent_library, tmp_path / "reference")
    started = time.monotonic()
    run_build(reference, *REVOICE)
    duration = time.monotonic() - started
    libraries = {"old library": published(silent_library), "new library": published(reference)}

    def rebuild(trial: int):
        root = copy(silent_library, tmp_path / f"trial-{trial}")
        return root, start_build(root, *REVOICE)

    report = kill_trials(rebuild, KILL_TRIALS, moments, duration, libraries,
                         output_files(reference), *REVOICE)
    print(f"kill -9 of a rebuild ({duration:.1f} s): {', '.join(report)}")

    # While the manifest is being written: only an atomic swap leaves a whole one.
    def swap(trial: int):
        root = copy(silent_library, tmp_path / f"swap-{trial}")
        return root, start_slow_manifest_build(root, *REVOICE)

    report = kill_trials(swap, SWAP_TRIALS, moments, 0.03, libraries, output_files(reference),
                         *REVOICE)
    print(f"kill -9 while the manifest is written: {', '.join(report)}; every next build "
          "byte-identical to an uninterrupted one")


# ----------------------------------------------------------------------------- two builds

HOLD_BUILD = """
import sys
from web.pipeline.build import BuildOptions, build_library
from web.pipeline.settings import load_settings

def pause_once(progress, paused=[]):  # the first step the build reports
    if not paused:
        paused.append(True)
        print("building", flush=True)
        sys.stdin.readline()

build_library(load_settings(sys.argv[1]), BuildOptions(engine="silent"), pause_once)
print("built", flush=True)
"""


def test_a_second_build_while_one_runs_is_refused_and_the_first_completes(
        silent_library, tmp_path):
    root = copy(silent_library, tmp_path / "project")
    edit_paragraph(root, PARAGRAPH, NEW_TEXT)
    before = published(root)
    first = subprocess.Popen([sys.executable, "-c", HOLD_BUILD, str(root)], cwd=PROJECT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert first.stdout.readline() == "building\n"  # it holds the lock, mid-build
        second = start_build(root, "--engine", "silent")
        out, err = second.communicate(timeout=120)
        assert (second.returncode, out, err) == (1, "", (
            "Error: audio/.build.lock: another build is running. "
            "Wait for it to finish, then build again.\n"))
        assert published(root) == before
        first.stdin.write("\n")
        first.stdin.flush()
        assert first.stdout.read() == "built\n"
    finally:
        first.stdin.close()
        assert first.wait(timeout=120) == 0
    assert published(root) != before
    # Once the first is done, a build runs again, and finds the library up to date.
    assert "(unchanged)" in run_build(root, "--engine", "silent")


# ----------------------------------------------------------------------------- a full disk

def temporary_of(path: str, marker: str) -> bool:
    """Tell whether `path` is a temporary file for a file whose name holds `marker`."""
    name = Path(path).name
    return marker in name and name.endswith(".tmp")


def fill_disk_at(monkeypatch, marker: str) -> None:
    """Make atomic writes of files whose name holds `marker` fail part-way."""
    real_fdopen = os.fdopen

    def fdopen(fd, *args, **kwargs):
        handle = real_fdopen(fd, *args, **kwargs)
        if temporary_of(os.readlink(f"/proc/self/fd/{fd}"), marker):
            return FillsUp(handle)
        return handle

    monkeypatch.setattr(files.os, "fdopen", fdopen)


def fill_disk_for_mp3(monkeypatch, marker: str) -> None:
    """Make ffmpeg write tracks onto a full device, as on a full disk (a section's MP3s are
    written by the loudness pass, a whole article's by the join)."""
    real_ffmpeg = tracks.run_ffmpeg

    def ffmpeg(args, data=None):
        return real_ffmpeg(["/dev/full" if temporary_of(arg, marker) else arg for arg in args],
                           data)

    monkeypatch.setattr(tracks, "run_ffmpeg", ffmpeg)
    monkeypatch.setattr(loudness, "run_ffmpeg", ffmpeg)


@pytest.fixture(scope="module")
def edited_reference(silent_library, tmp_path_factory) -> dict[str, str]:
    """What a build of the edited library writes when nothing goes wrong."""
    root = copy(silent_library, tmp_path_factory.mktemp("edited") / "project")
    edit_paragraph(root, PARAGRAPH, NEW_TEXT)
    build_library(load_settings(root), BuildOptions(engine="silent"))
    return output_files(root)


@pytest.mark.parametrize(("fill", "marker", "where"), [
    (fill_disk_at, ".wav.", r"\.cache/clips/\S+\.wav"),
    (fill_disk_at, ".vtt.", rf"audio/(en|es)/{SLUG}/04-\S+\.vtt"),
    (fill_disk_for_mp3, ".mp3.", rf"audio/(en|es)/{SLUG}/04-\S+\.mp3"),
    (fill_disk_at, "manifest.json.", r"audio/manifest\.json"),
], ids=["clip cache", "cues", "track", "manifest"])
def test_a_full_disk_is_a_clear_error_and_the_library_stays_whole(
        silent_library, edited_reference, tmp_path, monkeypatch, fill, marker, where):
    root = copy(silent_library, tmp_path / "project")
    edit_paragraph(root, PARAGRAPH, NEW_TEXT)
    before = published(root)
    staff = Staff(root)
    with monkeypatch.context() as patch:
        fill(patch, marker)
        result = staff.run("build", "--engine", "silent", expect=1)
    # One clear line and nothing else (a long build may have shown its progress first).
    error = re.sub(r"(?m)^Building: \d+ of \d+ steps.*\n", "", result.output)
    assert re.fullmatch(rf"Error: {where}: cannot write[^(\n]*\({NO_SPACE}\)\. Free [^\n]*"
                        r"disk space[^\n]*\n", error), result.output
    assert published(root) == before
    # With space again, the next build completes as if nothing had happened.
    staff.run("build", "--engine", "silent")
    assert differences(output_files(root), edited_reference) == []


# ----------------------------------------------------------------------------- damaged files

def half(path: Path) -> Path:
    """Truncate a file to half its size, as an interrupted copy or a failing disk leaves it."""
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


@pytest.mark.parametrize("damage", [b"[]", b"null", b'{"version": 1}', None, "lost"],
                         ids=["array", "null", "missing keys", "truncated", "lost"])
def test_a_damaged_manifest_is_served_from_its_last_good_copy_and_the_next_build_repairs_it(
        silent_library, tmp_path, damage):
    root = copy(silent_library, tmp_path / "project")
    before, files = published(root), output_files(root)
    manifest = root / "audio" / "manifest.json"
    running = make_app(root).test_client()  # a worker that loaded the library before
    assert running.get("/healthz").json["status"] == "ok"
    if damage == "lost":
        manifest.unlink()
    else:
        half(manifest) if damage is None else manifest.write_bytes(damage)
    good = load_manifest(root / "audio" / "manifest.last-good.json").article(SLUG).editions["es"]
    for client in (running, make_app(root).test_client()):  # and one that starts after
        health = client.get("/healthz")
        assert (health.status_code, health.json["status"], health.json["articles"]) == (
            200, "degraded", len(list((root / "library").glob("*.md"))))
        assert re.fullmatch(r"audio/manifest\.json: (not a valid manifest \(.+\)\. Build again|"
                            r"manifest version None is not 1\. Build again|no manifest\. Run "
                            r"'manage_content\.py build' first)\. Serving the last good library "
                            r"\(audio/manifest\.last-good\.json\)", health.json["problem"]), \
            health.json
        page = client.get(f"/es/{SLUG}/")
        assert page.status_code == 200 and good.title in page.text
        assert sha256_of(client.get(f"/audio/{good.track.file}").data) == good.track.sha256
    build_library(load_settings(root), BuildOptions(engine="silent"))
    assert published(root) == before and differences(output_files(root), files) == []
    assert running.get("/healthz").json == {"status": "ok", "built": True,
                                            "articles": len(list((root / "library").glob("*.md")))}
    served_over_http(root)


def test_a_damaged_manifest_without_a_last_good_copy_is_a_503_and_a_build_repairs_it(
        silent_library, tmp_path):
    root = copy(silent_library, tmp_path / "project")
    (root / "audio" / "manifest.last-good.json").unlink()
    (root / "audio" / "manifest.json").write_bytes(b"[]")
    client = make_app(root).test_client()
    health = client.get("/healthz")
    assert (health.status_code, health.json) == (503, {
        "status": "degraded", "built": False, "articles": 0,
        "problem": "audio/manifest.json: not a valid manifest (a JSON array, not an object). "
                   "Build again. There is no last good copy (audio/manifest.last-good.json) to "
                   "serve"})
    assert client.get("/").status_code < 500
    build_library(load_settings(root), BuildOptions(engine="silent"))
    assert served_over_http(root)["articles"] == len(list((root / "library").glob("*.md")))


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_damaged_clips_and_gaps_in_the_cache_are_made_again(silent_library, edited_reference,
                                                          tmp_path):
    root = copy(silent_library, tmp_path / "project")
    edit_paragraph(root, PARAGRAPH, NEW_TEXT)  # its section and article tracks are made again
    clips = root / ".cache" / "clips"
    wavs = sorted(clips.rglob("*.wav"))
    for number, wav in enumerate(wavs):  # every clip damaged, in one of three ways
        sidecar = wav.with_suffix(".json")
        if number % 3 == 0:
            half(wav)
        elif number % 3 == 1:
            sidecar.write_text("[]", encoding="utf-8")
        else:
            sidecar.write_text(f'{{"sha256": "{sha256_of(wav.read_bytes())}"}}',
                               encoding="utf-8")
    gaps = sorted((root / ".cache").glob("gap-*.mp3"))
    assert len(gaps) == 2
    for gap in gaps:
        half(gap)
    result = build_library(load_settings(root), BuildOptions(engine="silent"))
    assert result.clips_cached == 0  # no damaged clip was used: each was voiced again
    assert differences(output_files(root), edited_reference) == []
    cache = ClipCache(clips)
    whole = [wav for wav in clips.rglob("*.wav") if cache.load(wav.stem)]
    assert len(whole) == result.clips_voiced  # stored whole; those no longer spoken stay as found
    served_over_http(root)


def first_track(root: Path, language: str, part: str) -> Path:
    """Return a published file of the seed article: its first section's, or the article's."""
    edition = load_manifest(root / "audio" / "manifest.json").article(SLUG).editions[language]
    track = edition.sections[0].track if part.startswith("section") else edition.track
    return root / "audio" / {"section": track.file, "section cues": track.vtt,
                             "article lite": track.lite.file}[part]


def flip_middle_byte(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def empty_cues(path: Path) -> Path:
    path.write_text("WEBVTT\n", encoding="utf-8")
    return path


def download(root: Path, language: str) -> Path:
    """Return the file of the first article's offline download in `language`."""
    manifest = load_manifest(root / "audio" / "manifest.json")
    return root / "audio" / manifest.downloads[manifest.articles[0].slug][language].file


@pytest.mark.parametrize(("damage", "tracks"), [
    (lambda root: half(first_track(root, "en", "section")), 1),
    (lambda root: flip_middle_byte(first_track(root, "es", "article lite")), 1),
    (lambda root: empty_cues(first_track(root, "en", "section cues")), 1),
    (lambda root: download(root, "es").unlink(), 0),
    (lambda root: half(download(root, "en")), 0),
], ids=["truncated MP3", "changed data saver MP3 of the same size", "damaged cues",
        "lost download", "truncated download"])
def test_a_damaged_published_file_is_made_again_even_by_an_unchanged_build(
        silent_library, tmp_path, damage, tracks):
    root = copy(silent_library, tmp_path / "project")
    expected = output_files(root)
    damaged, before = damage(root), output_files(root)
    dry = build_library(load_settings(root), BuildOptions(engine="silent", dry_run=True))
    assert output_files(root) == before  # a dry run writes nothing, and says what it would
    if damaged and damaged.suffix == ".mp3":
        assert damaged.relative_to(root).as_posix() in dry.would_write
    result = build_library(load_settings(root), BuildOptions(engine="silent"))
    assert (result.tracks_written, result.clips_voiced) == (tracks, 0)
    assert differences(output_files(root), expected) == []
    served_over_http(root)
    # Repaired, the library is as the last complete build left it: the next build does nothing.
    settings_ = load_settings(root)
    run = BuildOptions(engine="silent").resolve(settings_)
    assert read_stamp(settings_, read_inputs(settings_, run)) is not None


# ----------------------------------------------------------------------------- fuzzing

LINES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "# Title", "## Why it matters", "### Deep", "{#intro-1}", "{#x y}",
                     "---", "title: Sleep", "title: 12", "title:", "summary: [", "Short heading",
                     "Sleep well.",
                     "Duerme bien, ¿sí?", "- a list item", "1. first", "> a quote", "```",
                     "    code", "<div>", "***", "=====", "\ufeff", "Text with a\x00nul.",
                     "A very long paragraph that goes on. " * 5]),
)
FUZZ = settings(max_examples=150, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(lines=st.lists(LINES, max_size=20), suffix=st.sampled_from([".txt", ".md"]),
       title=st.sampled_from([None, "Sleep well"]))
def test_importing_any_text_gives_a_clear_error_or_an_article_that_reads_back(lines, suffix,
                                                                            title):
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"article{suffix}"
        source.write_text("\n".join(lines), encoding="utf-8")
        try:
            result = import_article(source, Path(folder) / "library", language="en", slug="fuzz",
                                    title=title, label=f"article{suffix}")
        except SourceError as error:
            assert re.match(rf"(article{re.escape(suffix)}|--slug)", str(error)), error
            assert not (Path(folder) / "library" / "fuzz.md").exists()
            return
        article = read_article(result.path, "library/fuzz.md")
        # What the import said it wrote is what the library reads.
        assert len(article.sections) == result.sections
        kinds = Counter(b.kind for s in article.sections for b in s.body)
        assert kinds["paragraph"] + kinds["quote"] == result.paragraphs
        assert kinds["item"] == result.items
        assert article.title


def first_entries(path: Path, size: int) -> bytes:
    """Return the entries of a PO file that fit in about `size` bytes (a valid PO file)."""
    data = path.read_bytes()
    return data[: data.rindex(b"\n\n", 0, size) + 1]


VALID_PO = first_entries(PROJECT / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po", 2500)


@st.composite
def damaged_po(draw) -> bytes:
    """A valid PO file with a few bytes inserted, deleted or replaced."""
    data = bytearray(VALID_PO)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        junk = draw(st.binary(min_size=1, max_size=4) | st.sampled_from(
            [b'"', b"\\", b"\n", b"msgid ", b"msgstr[0] ", b"#~ ", b"msgctxt ", b"\xff"]))
        if action == "insert":
            data[at:at] = junk
        elif action == "delete":
            del data[at:at + len(junk)]
        else:
            data[at:at + len(junk)] = junk
    return bytes(data)


@FUZZ
@given(data=st.binary(max_size=300) | damaged_po())
# Cases found by fuzzing at more examples: a stray byte that is not UTF-8, in a comment, in the
# header's charset, and in a catalog that declares another charset.
@example(data=VALID_PO.replace(b"# Spanish", b"# \x96Spanish", 1))
@example(data=VALID_PO.replace(b'charset=utf-8\\n"\n"Content', b"charset=utf-8\xe2Content", 1))
@example(data=b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=latin-1\\n"\n\n'
         b'msgid "a"\nmsgstr "\xe9"\n')
def test_reading_any_bytes_as_a_po_file_gives_a_catalog_or_an_error_with_file_and_line(data):
    with tempfile.TemporaryDirectory() as folder:
        settings_ = Settings(root=Path(folder))
        path = settings_.catalog_path("es", "fuzz")
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        try:
            read_catalog(path, settings_, "es")
        except CatalogError as error:
            assert re.match(r"locales/es/LC_MESSAGES/fuzz\.po:\d+: \S", str(error)), error
