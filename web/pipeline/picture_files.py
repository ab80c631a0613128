"""Pictures kept in the library: checked with Pillow and stored under content-hashed names.

An article names a picture as `pictures/<sha16>.<ext>` relative to `library/`; the name is the
hash of the picture's bytes, so the same picture is stored once and a changed one gets a new name.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

from .errors import SourceError
from .files import write_atomic

PICTURES = "pictures"  # the folder under library/
FORMATS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}  # what browsers show
MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000


def picture_name(data: bytes, label: str) -> str:
    """Return the library name of the picture `data` (`pictures/<sha16>.<ext>`), refusing bytes
    that are not a picture a browser shows; `label` names it in messages."""
    if len(data) > MAX_BYTES:
        raise SourceError(f"{label}: the picture is {len(data) // 1_000_000} MB, more than "
                          f"{MAX_BYTES // 1_000_000} MB: save it smaller (a phone needs no more "
                          "than 1600 pixels across) and import again.")
    from PIL import Image, UnidentifiedImageError  # slow to import; the ledger needs none

    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, size = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise SourceError(f"{label}: this is not a picture that can be read ({error}). "
                          "Save it as PNG or JPEG and import again.") from None
    if kind not in FORMATS:
        raise SourceError(f"{label}: a {kind} picture cannot be shown by every browser: "
                          "save it as PNG or JPEG and import again.")
    if size[0] * size[1] > MAX_PIXELS:
        raise SourceError(f"{label}: the picture is {size[0]} x {size[1]} pixels: save it "
                          "smaller (at most 1600 pixels across is plenty) and import again.")
    return f"{PICTURES}/{hashlib.sha256(data).hexdigest()[:16]}.{FORMATS[kind]}"


def store_picture(library_dir: Path, data: bytes, label: str) -> str:
    """Store the picture `data` in the library (once) and return its name for the Markdown."""
    name = picture_name(data, label)
    path = library_dir / name
    if not path.exists():
        write_atomic(path, data)
    return name
