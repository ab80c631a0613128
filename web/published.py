"""The manifest as the website serves it: audio/manifest.json, reloaded when it changes, and its
last good copy while it is damaged.

A worker holds the manifest without the editions' text, and reads an edition's text from its
file when one of its pages is asked for, keeping the last MAX_TEXTS read: its memory does not
grow with the library.
"""

from __future__ import annotations

import logging
import stat
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flask import current_app, g

from .pipeline.errors import ContentError
from .pipeline.manifest import (
    ArticleEdition,
    FileRecord,
    Manifest,
    ManifestArticle,
    last_good_path,
    load_manifest,
    read_manifest,
    read_text,
    served_files,
    with_text,
)

log = logging.getLogger(__name__)
MAX_TEXTS = 64  # editions whose text a worker keeps: the pages of a few dozen articles


@dataclass(frozen=True)
class PublishedFile:
    """A file the manifest names: its media type and, when known, its content hash and size."""

    mimetype: str
    sha256: str | None = None
    size: int | None = None

    def problem(self, path: Path) -> str | None:
        """Say why the file at `path` is not this one (missing, a link, another size), or None.
        A stat, no read: it runs for every file sent."""
        try:
            info = path.lstat()
        except OSError:
            return "is missing"
        if not stat.S_ISREG(info.st_mode):
            return "is not a plain file (a link or a folder)"
        if self.size is not None and info.st_size != self.size:
            return f"has {info.st_size} bytes where the manifest records {self.size}"
        return None


@dataclass(frozen=True)
class Published:
    """One version of the manifest and the files it names (paths relative to audio/)."""

    manifest: Manifest  # without the editions' text: see edition()
    files: dict  # relative path -> PublishedFile
    audio: Path  # the folder the paths are relative to
    # Pages rendered from this version, reused until the next one (see page_cache.py).
    pages: dict = field(default_factory=dict, compare=False)

    def edition(self, article: ManifestArticle, language: str) -> ArticleEdition:
        """Return an article's edition in `language` with its text (its sections' blocks)."""
        edition = article.editions[language]
        if edition.text is None:  # an older manifest holds the text itself
            return edition
        return with_text(edition, _text(self.audio, edition.text))

    def damaged(self) -> list[str]:
        """Return what is wrong with each file the manifest names that is not as it records
        it ("audio/en/x.mp3 has 1000 bytes where …"): a stat per file."""
        found = []
        for name, file in self.files.items():
            problem = file.problem(self.audio / name)
            if problem:
                found.append(f"{self.audio.name}/{name} {problem}")
        return found


@lru_cache(maxsize=MAX_TEXTS)
def _text(audio: Path, record: FileRecord) -> tuple:
    """Read an edition's text file (named by its content, so it never changes under a name)."""
    return read_text(audio, record, audio.name)


def _files(manifest: Manifest, previous: Manifest | None) -> dict:
    return {name: PublishedFile(mimetype, sha256, size)
            for name, (mimetype, sha256, size) in served_files(manifest, previous).items()}


class PublishedLibrary:
    """Holds the last manifest read and reads it again when the file changes.

    A build replaces the manifest by an atomic rename, so a stat per request (inode, size, time)
    is enough to notice a new one. A manifest that is missing or damaged (truncated, not an
    object, without its keys) while a build has published before is served from the last good
    copy the build keeps beside it, so every worker serves the same whole library, and
    `problem` says what is wrong until a build repairs it.
    """

    def __init__(self, path: Path, previous_path: Path | None = None):
        self.path, self.previous_path = path, previous_path
        self.last_good_path = last_good_path(path)
        self._lock = threading.Lock()
        self._stamp: tuple | None = ()  # () until the first read; None while there is no file
        self._published: Published | None = None
        self.problem: str | None = None  # why the last good library is served, if it is

    def current(self) -> Published | None:
        """Return the published library, or None when nothing is built yet."""
        try:
            info = self.path.stat()
            stamp = (info.st_ino, info.st_size, info.st_mtime_ns)
        except FileNotFoundError:
            stamp = None
        with self._lock:
            if stamp != self._stamp:
                self._load()
                self._stamp = stamp
            return self._published

    def _load(self) -> None:
        """Read the manifest, or the last good copy when it is missing or damaged."""
        try:
            manifest = load_manifest(self.path, label=_label(self.path), blocks=False)
            self.problem = None
        except ContentError as error:
            if not self.path.exists() and not self.last_good_path.exists():
                self._published, self.problem = None, None  # nothing built yet
                return
            manifest = read_manifest(self.last_good_path, blocks=False)
            name = _label(self.last_good_path)
            self.problem = f"{error} Serving the last good library ({name})" if manifest else \
                f"{error} There is no last good copy ({name}) to serve"
            log.warning("%s", self.problem)
            if manifest is None:  # keep what this worker served before, if anything
                return
        # Read for its file list only: not kept, so a worker holds one library, not two.
        replaced = read_manifest(self.previous_path, blocks=False, remember=False) \
            if self.previous_path else None
        self._published = Published(manifest, _files(manifest, replaced), self.path.parent)


def _label(path: Path) -> str:
    """Name a file of the audio folder as staff see it (audio/manifest.json)."""
    return f"{path.parent.name}/{path.name}"


def get_published() -> Published | None:
    """Return the library for this request (read once per request)."""
    if "published" not in g:
        g.published = current_app.extensions["library"].current()
    return g.published


def get_problem() -> str | None:
    """Return why the site serves its last good library (or cannot serve one), or None."""
    get_published()
    return current_app.extensions["library"].problem
