"""The files a manifest names: one listing (manifest_files), and what is derived from it: the
files the site serves, and the size and sha256 each recorded file must have.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ..gc_pause import gc_paused
from .records import FileRecord, Manifest, TrackFile
from .texts import edition_text

BINARY = "application/octet-stream"
SEARCH_TYPES = {"js": "text/javascript", "json": "application/json", "css": "text/css"}


def manifest_tracks(manifest: Manifest) -> Iterator[TrackFile]:
    """Yield every track the manifest names: each edition's sections, then its whole article."""
    for article in manifest.articles:
        for edition in article.editions.values():
            yield from (s.track for s in edition.sections)
            yield edition.track


def text_records(manifest: Manifest) -> Iterator[FileRecord]:
    """Yield the file of each edition's blocks (made from the blocks when they were read)."""
    for article in manifest.articles:
        for edition in article.editions.values():
            yield edition.text or edition_text(article.slug, edition)[0]


def product_records(manifest: Manifest) -> Iterator[FileRecord]:
    """Yield the offline downloads, the talking books, the covers and the pictures' sizes the
    manifest names."""
    for products in (manifest.downloads, manifest.books):
        for of_article in products.values():
            yield from of_article.values()
    yield from manifest.covers.values()
    for picture in manifest.pictures.values():
        yield from (*picture.sizes, picture.lite)


def manifest_files(manifest: Manifest) -> dict[str, tuple[str, str | None, int | None]]:
    """Return every file the manifest names: path -> (media type, sha256, size), the last two
    None where it records none (plain tuples: a large library names thousands)."""
    files = {}
    for track in manifest_tracks(manifest):
        files[track.file] = ("audio/mpeg", track.sha256, track.bytes)
        files[track.vtt] = ("text/vtt", None, None)
        if track.lite:
            files[track.lite.file] = ("audio/mpeg", track.lite.sha256, track.lite.bytes)
    for record in product_records(manifest):
        files[record.file] = (record.media_type, record.sha256, record.bytes)
    for record in text_records(manifest):
        files[record.file] = ("application/json", record.sha256, record.bytes)
    if manifest.search:
        for name in manifest.search.files:
            suffix = name.rsplit(".", 1)[-1]
            files[f"{manifest.search.folder}/{name}"] = (SEARCH_TYPES.get(suffix, BINARY),
                                                         None, None)
    return files


@gc_paused()
def served_files(manifest: Manifest, previous: Manifest | None) -> dict[str, tuple]:
    """Return the files the site serves: those `manifest` names and those of the one it replaced
    (a page loaded before a build still plays), but none of an article it no longer has, nor
    its talking books or downloads."""
    files = {}
    if previous:
        kept = tuple(a for a in previous.articles if manifest.article(a.slug))
        books, downloads = ({slug: of for slug, of in products.items() if manifest.article(slug)}
                            for products in (previous.books, previous.downloads))
        files = manifest_files(replace(previous, articles=kept, books=books,
                                       downloads=downloads))
    files.update(manifest_files(manifest))
    return files


@gc_paused()
def file_records(manifest: Manifest) -> dict[str, tuple[int, str]]:
    """Return the size and sha256 the manifest records for each file it names with them (every
    track, data saver track, download, talking book, cover, picture size and edition text): what
    each of those files must hold."""
    return {name: (size, sha256) for name, (_, sha256, size) in manifest_files(manifest).items()
            if size is not None}
