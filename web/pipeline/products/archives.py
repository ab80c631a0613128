"""What the talking books and offline downloads are made of: files the manifest names, read only
when they are as it records them, packed into a zip whose bytes depend only on its contents,
and published under the hash of those bytes.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from ..errors import TrackError
from ..files import file_matches, write_atomic
from ..manifest import FileRecord

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
        write_atomic(audio_dir / file, data)
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
