"""Publishing: the previous manifest → the next manifest → one atomic swap → old files removed.

The build makes every file the next manifest names first (its tracks, then its products: see
products/), so publishing only swaps the manifest in and sweeps what no manifest names.

The staging area is the audio folder itself: every track is written under a new content-hashed
name, so no file the published manifest names is ever modified. `audio/manifest.json` is the
switch: it is replaced by one atomic rename, and only after every file it names exists. Only then
are files that neither it nor the manifest it replaced names removed (listeners may still be
playing those). The files are not flushed to disk one by one: one flush of the file system puts
them all there just before the manifest is written (see write_manifest). A `kill -9` or a power
cut at any moment therefore leaves the last published manifest and all its files whole, and
the next build completes, reusing every clip and track already made.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .manifest import Manifest, ManifestArticle, read_manifest, served_files, write_manifest
from .packaging import PackagedEdition
from .products.pictures import FOLDER as PICTURES_FOLDER
from .products.search_index import SEARCH_FOLDER
from .settings import Settings
from .sources import Article
from .topics import topic_names


@dataclass(frozen=True)
class PublishResult:
    """The manifest now served, whether it changed, and how many old files were removed."""

    manifest: Manifest
    written: bool
    removed: int


def next_manifest(settings: Settings, articles: Sequence[Article],
                  editions: Sequence[PackagedEdition], previous: Manifest | None) -> Manifest:
    """Return the manifest to publish, without its products: the editions built now, and those
    of languages not built now carried over from `previous`; a language is listed once it has
    a published edition."""
    built = {(e.plan.article.slug, e.plan.language):
             e.manifest_entry(settings.credits.get(e.plan.language, {})) for e in editions}
    entries = []
    for article in articles:
        old = previous.article(article.slug) if previous else None
        editions_of = {}
        for code in settings.languages:
            if (article.slug, code) in built:
                editions_of[code] = built[(article.slug, code)]
            elif old and code in old.editions:
                editions_of[code] = old.editions[code]
        entries.append(ManifestArticle(article.slug, article.source, editions_of,
                                       article.topics, article.easy_read_of,
                                       article.glossary, article.origin.as_record()))
    published = {code for _, code in built} | {c for entry in entries for c in entry.editions}
    published |= set(previous.languages) if previous else set()
    languages = tuple(code for code in settings.languages if code in published)
    # The products (pictures, books, downloads, covers, search) are made for it next: see products/.
    return Manifest(settings.name, languages, tuple(entries),
                    topics=topic_names(settings, articles, languages),
                    formats={code: settings.formats[code] for code in languages
                             if code in settings.formats})


def publish(settings: Settings, manifest: Manifest) -> PublishResult:
    """Swap the manifest in (every file it names is made already), then remove the files no
    manifest names."""
    written = write_manifest(manifest, settings.manifest_path, settings.previous_manifest_path)
    return PublishResult(manifest, written, collect_garbage(settings, manifest))


def collect_garbage(settings: Settings, manifest: Manifest) -> int:
    """Remove the files under audio/<language>/, audio/search/ and audio/pictures/ that the
    site no longer serves (see served_files); return how many were removed."""
    previous = read_manifest(settings.previous_manifest_path, blocks=False)
    keep = set(served_files(manifest, previous))
    removed = 0
    audio = settings.audio_dir
    for stray in audio.glob(".manifest*.json.*.tmp"):
        stray.unlink(missing_ok=True)
        removed += 1
    for code in (*settings.languages, SEARCH_FOLDER, PICTURES_FOLDER):
        # Thousands of files: walked as strings, deepest folders first (emptied, then removed).
        for folder, _, names in os.walk(audio / code, topdown=False):
            inside = os.path.relpath(folder, audio).replace(os.sep, "/")
            for name in names:
                if f"{inside}/{name}" not in keep:
                    Path(folder, name).unlink(missing_ok=True)
                    removed += 1
            if not os.listdir(folder) and folder != str(audio / code):
                os.rmdir(folder)
    return removed
