"""The published library as the website sees it: audio/manifest.json, reloaded when it changes."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app, g

from .content.errors import ContentError
from .content.manifest import Manifest, load_manifest

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
    # Pages rendered from this version, reused until the next one (see web/pages.py).
    pages: dict = field(default_factory=dict, compare=False)


def _files(manifest: Manifest) -> dict:
    files = {}
    for article in manifest.articles:
        for edition in article.editions.values():
            for track in [s.track for s in edition.sections] + [edition.track]:
                files[track.file] = PublishedFile("audio/mpeg", track.sha256)
                files[track.vtt] = PublishedFile("text/vtt")
    for bundle in manifest.bundles.values():
        files[bundle["file"]] = PublishedFile("application/zip", bundle.get("sha256"))
    return files


class Library:
    """Holds the last manifest read and reads it again when the file changes.

    A build replaces the manifest by an atomic rename, so a stat per request (inode, size, time)
    is enough to notice a new one.
    """

    def __init__(self, path: Path):
        self.path = path
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
                except (ContentError, KeyError, TypeError) as error:
                    log.warning("%s; serving the previous manifest", error)
                else:
                    self._published = Published(manifest, _files(manifest))
                self._stamp = stamp
            return self._published


def get_published() -> Published | None:
    """Return the library for this request (read once per request)."""
    if "published" not in g:
        g.published = current_app.extensions["library"].current()
    return g.published
