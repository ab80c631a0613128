"""The manifest as the website serves it: audio/manifest.json, reloaded when it changes."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, g

from .pipeline.errors import ContentError
from .pipeline.manifest import Manifest, load_manifest, read_manifest, served_files

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublishedFile:
    """A file the manifest names: its media type and, when known, its content hash."""

    mimetype: str
    sha256: str | None = None


@dataclass(frozen=True)
class Published:
    """One version of the manifest and the files it names (paths relative to audio/)."""

    manifest: Manifest
    files: dict  # relative path -> PublishedFile
    # Pages rendered from this version, reused until the next one (see page_cache.py).
    pages: dict = field(default_factory=dict, compare=False)


def _files(manifest: Manifest, previous: Manifest | None) -> dict:
    return {name: PublishedFile(*kind) for name, kind in served_files(manifest, previous).items()}


class PublishedLibrary:
    """Holds the last manifest read and reads it again when the file changes.

    A build replaces the manifest by an atomic rename, so a stat per request (inode, size, time)
    is enough to notice a new one.
    """

    def __init__(self, path: Path, previous_path: Path | None = None):
        self.path, self.previous_path = path, previous_path
        self._lock = threading.Lock()
        self._stamp = None
        self._published: Published | None = None

    def current(self) -> Published | None:
        """Return the published library, or None when nothing is built yet."""
        try:
            info = self.path.stat()
        except FileNotFoundError:
            return None
        stamp = (info.st_ino, info.st_size, info.st_mtime_ns)
        with self._lock:
            if stamp != self._stamp:
                try:
                    manifest = load_manifest(self.path)
                except ContentError as error:
                    log.warning("%s; serving the previous manifest", error)
                else:
                    replaced = read_manifest(self.previous_path) if self.previous_path else None
                    self._published = Published(manifest, _files(manifest, replaced))
                self._stamp = stamp
            return self._published


def get_published() -> Published | None:
    """Return the library for this request (read once per request)."""
    if "published" not in g:
        g.published = current_app.extensions["library"].current()
    return g.published
