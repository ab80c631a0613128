"""What the talking books and offline downloads are made of: files the manifest names, read only
when they are as it records them, packed into a zip whose bytes depend only on its contents,
and published under the hash of those bytes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TypeVar

from ..errors import TrackError
from ..files import file_matches, write_atomic
from ..manifest import ArticleEdition, FileRecord, Manifest, ManifestArticle, Picture

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no build time leaks in
# Compressed already, so stored as they are (and an EPUB's mimetype, as EPUB requires).
STORED = (".mp3", ".png", ".epub")
Record = TypeVar("Record", bound=FileRecord)


def zip_entries(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """Return a zip of the entries whose bytes depend only on their names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3  # Unix, so the permissions below mean the same everywhere
            info.external_attr = 0o644 << 16
            stored = name == "mimetype" or name.endswith(STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 9)
    return buffer.getvalue()


def write_named(audio_dir: Path, data: bytes, name: Callable[[str], str],
                record: type[Record]) -> Record:
    """Write `data` under `name(its sha256)` unless that file is already whole; return its
    record."""
    digest = hashlib.sha256(data).hexdigest()
    file = name(digest)
    if not file_matches(audio_dir / file, len(data), digest):
        write_atomic(audio_dir / file, data, durable=False)  # flushed before the manifest
    return record(file, len(data), digest)


def published_bytes(audio_dir: Path, file: str, sha256: str | None = None,
                    into: str = "the offline download") -> bytes:
    """Read a file the manifest names to put it `into` a download, refusing one that is
    missing or was changed."""
    try:
        data = (audio_dir / file).read_bytes()
    except FileNotFoundError:
        data = None
    if data is None or (sha256 and hashlib.sha256(data).hexdigest() != sha256):
        state = "is missing" if data is None else "differs from the manifest"
        raise TrackError(f"audio/{file}: {state}, so it cannot go into {into}. "
                         "Build again to publish it afresh.")
    return data


Made = Mapping[tuple[str, str], Record]  # by (slug, language)


def per_edition(manifest: Manifest, kept: Made, make: Callable[[set[tuple[str, str]]], Made]
                ) -> dict[str, dict[str, Record]]:
    """Return the record of every edition the manifest publishes, {slug: {language: record}}:
    the `kept` one where there is one, else one `make` makes now (given every other edition)."""
    made = make({(a.slug, code) for a in manifest.articles for code in a.editions} - set(kept))
    return {a.slug: {code: kept.get((a.slug, code)) or made[(a.slug, code)]
                     for code in a.editions} for a in manifest.articles if a.editions}


def kept_records(audio_dir: Path, manifest: Manifest, previous: Manifest | None,
                 records: Callable[[Manifest], Mapping[str, Mapping[str, Record]]],
                 same: Callable[[ManifestArticle, ManifestArticle], bool] = lambda old, new: True
                 ) -> dict[tuple[str, str], Record]:
    """Return the previous manifest's `records` of the editions this one publishes unchanged
    (the same text and tracks, the same pictures, and articles the `same`), on disk as
    recorded, by (slug, language)."""
    if previous is None:
        return {}
    kept = {}
    for article in manifest.articles:
        old = previous.article(article.slug)
        for code, edition in article.editions.items():
            record = records(previous).get(article.slug, {}).get(code)
            if record and old and old.editions.get(code) == edition and same(old, article) \
                    and shown_pictures(previous, edition) == shown_pictures(manifest, edition) \
                    and record.is_intact(audio_dir):
                kept[(article.slug, code)] = record
    return kept


def shown_pictures(manifest: Manifest, edition: ArticleEdition) -> list[Picture]:
    """Return the records of the pictures an edition shows, in the order it shows them."""
    return [manifest.pictures[name] for name in edition.shown_pictures()
            if name in manifest.pictures]
