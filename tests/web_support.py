"""Shared fixtures of the website tests: a library built once per session, the app on it, a
small hand-made library for edge cases, and the app served on 127.0.0.1 for the browser.

pytest loads it as a plugin (`-p web_support` in pyproject.toml), so every test can use them.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from front_support import FrontServer
from playwright.sync_api import sync_playwright
from projects import copy_project
from werkzeug.serving import make_server

from web import create_app
from web.pipeline.build import BuildOptions, build_library
from web.pipeline.manifest import (
    ArticleEdition,
    Chapter,
    Manifest,
    ManifestArticle,
    ManifestBlock,
    ManifestSection,
    OfflineDownload,
    Sentence,
    TrackFile,
    write_manifest,
)
from web.pipeline.settings import load_settings

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SLUG = "heroin-and-the-brain"


def make_app(root: Path):
    """Return the website for the library in `root`, in testing mode."""
    return create_app({"TESTING": True, "LIBRARY_ROOT": str(root)})


def open_folder() -> Path:
    """Make a temporary folder that nginx's workers can read when `make run`'s server is
    started by root (they run as www-data; pytest's own folders are closed to other users)."""
    folder = Path(tempfile.mkdtemp(prefix="health-library-test-"))
    os.chmod(folder, 0o755)
    return folder


@pytest.fixture(scope="session")
def built_root() -> Path:
    """A copy of the project with the library built by the silent engine (once a session), in
    a folder the front's workers can read."""
    folder = open_folder()
    root = copy_project(folder / "project")
    build_library(load_settings(root), BuildOptions(engine="silent"))
    yield root
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app(built_root: Path):
    return make_app(built_root)


@pytest.fixture
def client(app):
    return app.test_client()


def _track(name: str, data: bytes, root: Path) -> TrackFile:
    path = root / "audio" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.with_suffix(".vtt").write_text("WEBVTT\n", encoding="utf-8")
    return TrackFile(name, name[:-4] + ".vtt", 65_000, len(data), "0" * 64, ("silent",))


def write_tiny_library(root: Path) -> Manifest:
    """Publish a one-article library by hand: hostile text, a machine draft, a missing block."""
    block = ManifestBlock("intro-1", "paragraph", "<script>alert(1)</script> Drink water.", "en",
                          "source", (Sentence("<script>alert(1)</script> Drink water.", 0, 900),))
    heading = ManifestBlock("care", "heading", "Care", "en", "source", (Sentence("Care", 0, 500),))
    section = ManifestSection("intro", "Tiny <b>", (block,), _track("en/tiny/01-intro.1a2b3c4d.mp3",
                                                                   b"\xff" * 2048, root))
    care = ManifestSection("care", "Care", (heading,), _track("en/tiny/02-care.5e6f7a8b.mp3",
                                                             b"\xfe" * 1024, root))
    whole = _track("en/tiny/article.9c0d1e2f.mp3", b"\xfd" * 3072, root)
    english = ArticleEdition("en", "Tiny <b>bold</b>", "A summary & more.", "en", 65_000,
                             (section, care), whole,
                             (Chapter("intro", "Tiny", 0, 1000), Chapter("care", "Care", 1000,
                                                                          2000)),
                             {"source": 2})
    draft = replace(block, text="Beba agua.", language="es", state="draft",
                    sentences=(Sentence("Beba agua.", 0, 900),))
    missing = replace(heading, state="missing")
    spanish = replace(english, language="es", title="Diminuto", summary="Un resumen.",
                      title_language="es",
                      sections=(replace(section, blocks=(draft,)),
                                replace(care, blocks=(missing,))),
                      counts={"draft": 1, "missing": 1},
                      credits={"translator": "Equipo A", "reviewer": "Equipo B"})
    manifest = Manifest("Health Library", ("en", "es"),
                        (ManifestArticle("tiny", "Somewhere", {"en": english, "es": spanish}),))
    write_manifest(manifest, root / "audio" / "manifest.json")
    return manifest


TOPIC_NAMES = {"en": {"sleep": "Sleep", "water": "Water"}, "es": {"sleep": "Sueño",
                                                                   "water": "Agua"}}


SUMMARY = {"en": "the signs to watch for, what to do at home, and when to call for help or go "
                  "to a clinic near you.",
           "es": "las señales de alarma, qué hacer en casa y cuándo pedir ayuda o ir a una "
                 "clínica cercana."}


def _download(root: Path, code: str, slug: str) -> OfflineDownload:
    """Write a small stand-in for an edition's offline download and return its record."""
    data = f"PK download of {slug} in {code}".encode()
    name = f"{code}/{slug}/{slug}.{hashlib.sha256(data).hexdigest()[:8]}.zip"
    path = root / "audio" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return OfflineDownload(name, len(data), hashlib.sha256(data).hexdigest())


def write_paged_library(root: Path, count: int) -> Manifest:
    """Publish `count` articles by hand ("topic-001"..., the tiny library's retitled "Health
    Topic 1"... and "Tema de salud 1"...), every third about sleep, the others about water,
    each edition with its offline download."""
    tiny = write_tiny_library(root)
    model = tiny.articles[0]
    titles = {"en": "Health Topic", "es": "Tema de salud"}
    articles = tuple(
        replace(model, slug=f"topic-{number:03}",
                topics=("sleep",) if number % 3 == 0 else ("water",),
                editions={code: replace(edition, title=f"{titles[code]} {number}",
                                        summary=f"{titles[code]} {number}: {SUMMARY[code]}")
                          for code, edition in model.editions.items()})
        for number in range(1, count + 1))
    topics = {code: {slug: {"name": name, "language": code} for slug, name in names.items()}
              for code, names in TOPIC_NAMES.items()}
    downloads = {a.slug: {code: _download(root, code, a.slug) for code in a.editions}
                 for a in articles}
    manifest = replace(tiny, articles=articles, topics=topics, downloads=downloads)
    write_manifest(manifest, root / "audio" / "manifest.json")
    return manifest


@pytest.fixture(scope="session")
def paged_root(tmp_path_factory) -> Path:
    """A project whose library is write_paged_library's 60 articles (three pages of cards)."""
    root = copy_project(tmp_path_factory.mktemp("paged") / "project")
    write_paged_library(root, 60)
    return root


@pytest.fixture
def tiny_root(tmp_path: Path) -> Path:
    """A project whose library is the hand-made one of write_tiny_library."""
    root = copy_project(tmp_path / "project")
    write_tiny_library(root)
    return root


@pytest.fixture
def served_tiny_root() -> Path:
    """tiny_root in a folder the front's workers can read."""
    folder = open_folder()
    root = copy_project(folder / "project")
    write_tiny_library(root)
    yield root
    shutil.rmtree(folder, ignore_errors=True)


class LiveServer:
    """The app served by Werkzeug on 127.0.0.1 and a free port, in a thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        app.config["BASE_URL"] = self.url + "/"  # its absolute URLs and redirects come here
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join()


@pytest.fixture(scope="session")
def live_server(built_root: Path):
    """The built library served for the browser tests."""
    server = LiveServer(make_app(built_root))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def worded_server(built_root, tmp_path_factory):
    """The built library with word times in the English whole-article cues (as a build with an
    engine that gives them writes): each word after the first of a cue, evenly in its time."""
    root = tmp_path_factory.mktemp("worded") / "project"
    shutil.copytree(built_root, root)
    for vtt in (root / "audio" / "en" / SLUG).glob("article.*.vtt"):
        vtt.write_text(re.sub(r"(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\n(.+)",
                              add_word_times, vtt.read_text(encoding="utf-8")), encoding="utf-8")
    server = LiveServer(make_app(root))
    yield server
    server.stop()


def eventually(page, script: str, seconds: float = 15) -> None:
    """Wait until the async `script` resolves to true in the page (wait_for_function takes the
    promise an async function returns for a true value at once)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(script) is True:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"still not true after {seconds} s: {script}")


def seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def stamp(value: float) -> str:
    minutes, millis = divmod(round(value * 1000), 60_000)
    return f"{minutes // 60:02d}:{minutes % 60:02d}:{millis // 1000:02d}.{millis % 1000:03d}"


def add_word_times(match) -> str:
    start, end, words = seconds(match[1]), seconds(match[2]), match[3].split()
    step = (end - start) / len(words)
    timed = [words[0]] + [f"<{stamp(start + i * step)}>{w}" for i, w in enumerate(words) if i]
    return f"{match[1]} --> {match[2]}\n{' '.join(timed)}"


LIT_WORD = """() => { const a = document.getElementById('a-whole'), t = a.currentTime;
  const w = document.querySelector('.s.now .w.now');
  if (!w) { return {t, at: null}; }
  const words = [...w.closest('.s').querySelectorAll('.w')];
  const next = words.find((x) => +x.dataset.at > +w.dataset.at);
  return {t, at: +w.dataset.at, next: next ? +next.dataset.at : null, text: w.textContent,
          index: words.indexOf(w), paused: a.paused}; }"""


def lit_words(page, samples: int = 30) -> list[dict]:
    """Watch the lit word while the article plays: each began before now and the next one has
    not begun (within 100 ms). Return what was seen each time a word was lit."""
    seen = []
    for _ in range(samples):
        state = page.evaluate(LIT_WORD)
        if state["at"] is not None:
            seen.append(state)
            assert state["at"] <= state["t"] + 0.1, state
            assert state["next"] is None or state["t"] < state["next"] + 0.1, state
        page.wait_for_timeout(80)
    return seen


@pytest.fixture
def support():
    """This module's helpers (test modules load it as a plugin, so they do not import it)."""
    import web_support

    return web_support


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def front(built_root: Path, tmp_path_factory):
    """The built library served as `make run` serves it: nginx in front of gunicorn, its limit
    on requests per address lifted (the fuzzers send thousands from one address; test_flood
    checks the limit on a server of its own)."""
    server = FrontServer(built_root, tmp_path_factory.mktemp("front") / "serve.log",
                         {"LIBRARY_RATE_LIMIT": "100000"}).start()
    yield server
    assert server.stop() == 0, server.output()
