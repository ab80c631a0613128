"""The export's text files (pages, scripts, styles, feeds, JSON, cues) written beside their gzip
and brotli copies, the same bytes on every export, for a web server to send as they are
(deploy/nginx.conf: gzip_static, brotli_static) instead of compressing each answer."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import brotli

# Text the export holds; pictures, audio, books, zips and the search index's fragments are
# compressed already.
TEXT_SUFFIXES = frozenset({".html", ".css", ".js", ".mjs", ".json", ".webmanifest", ".xml",
                           ".vtt", ".txt", ".svg"})


def gzipped(data: bytes) -> bytes:
    """Return `data` gzipped at the best level, with no time or name in its header."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def brotli_compressed(data: bytes) -> bytes:
    """Return `data` compressed with brotli at its best quality, as text."""
    return brotli.compress(data, mode=brotli.MODE_TEXT, quality=11)


# Each copy's suffix, how it is made, and how it is read back.
ENCODINGS = {".gz": (gzipped, gzip.decompress), ".br": (brotli_compressed, brotli.decompress)}


def is_text(path: Path) -> bool:
    """Say whether the export's file `path` is text that a server should send compressed."""
    return path.suffix.lower() in TEXT_SUFFIXES


def compress_text_files(folder: Path, previous: Path | None = None) -> int:
    """Write `name.gz` and `name.br` beside each text file under `folder`, taking the copy of
    the `previous` export where it gives back the same bytes (brotli at its best is slow: an
    unchanged file is not compressed again); return how many text files there were."""
    texts = sorted(path for path in folder.rglob("*") if is_text(path) and path.is_file())
    for path in texts:
        data = path.read_bytes()
        for suffix, (compress, decompress) in ENCODINGS.items():
            kept = previous_copy(previous / path.relative_to(folder), suffix, data, decompress) \
                if previous else None
            path.with_name(path.name + suffix).write_bytes(kept or compress(data))
    return len(texts)


def previous_copy(file: Path, suffix: str, data: bytes, decompress) -> bytes | None:
    """Return the copy beside `file` (a previous export's) if it decompresses to `data`."""
    try:
        kept = file.with_name(file.name + suffix).read_bytes()
        return kept if decompress(kept) == data else None
    except (OSError, EOFError, zlib.error, brotli.error):  # none, or damaged: made again
        return None
