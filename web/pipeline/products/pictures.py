"""The article pictures as the site shows them: sizes for phones and wider screens, never
larger than the picture itself, and a small one for the data saver, drawn with Pillow.

Published as `audio/pictures/<name>-<width>w.<hash8>.<ext>` (a JPEG stays a JPEG; anything
else becomes a PNG, which keeps sharp lines and transparency) and the data saver's as
`<name>-lite.<hash8>.<ext>`: a low-quality JPEG, or a PNG where that is smaller still (a
drawing of a few flat colours). A picture whose library file is unchanged (same
sha256) and whose sizes are on disk as recorded is not drawn again.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from functools import partial
from pathlib import PurePosixPath

from PIL import Image, ImageOps, UnidentifiedImageError

from ..errors import SourceError
from ..manifest import Manifest, Picture, PictureFile
from ..settings import Settings
from ..translation.interface import Interface
from .archives import write_named

WIDTHS = (480, 960)  # a phone's screen, and a wide one or a sharp phone's
LITE_WIDTH, LITE_QUALITY = 480, 35  # the data saver's: a few tens of kilobytes
QUALITY = 82
PNG_SIGNATURE = b"\x89PNG"
FOLDER = "pictures"  # under the audio folder


def shown_pictures(manifest: Manifest) -> list[str]:
    """Return the library files of the pictures the manifest's editions show, sorted."""
    return sorted({name for a in manifest.articles for e in a.editions.values()
                   for name in e.shown_pictures()})


def make(settings: Settings, manifest: Manifest, previous: Manifest | None,
         words: Mapping[str, Interface]) -> dict[str, Picture]:
    """Return every shown picture's record: the previous one where still good, else drawn now."""
    pictures = {}
    for name in shown_pictures(manifest):
        path = settings.library_dir / name
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SourceError(f"{settings.relative(path)}: the picture is missing. Copy it back, "
                              "or take it out of the articles that show it.") from None
        digest = hashlib.sha256(data).hexdigest()
        old = previous.pictures.get(name) if previous else None
        still_good = old is not None and old.sha256 == digest and all(
            f.is_intact(settings.audio_dir) for f in (*old.sizes, old.lite))
        pictures[name] = old if still_good else \
            _draw(settings, name, data, digest, str(settings.relative(path)))
    return pictures


def _draw(settings: Settings, name: str, data: bytes, digest: str, label: str) -> Picture:
    """Draw and write a picture's sizes and its data saver's; return its record."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = ImageOps.exif_transpose(opened)
            image.load()
            kind = opened.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise SourceError(f"{label}: this is not a picture that can be read ({error}). Save "
                          "it as PNG or JPEG.") from None
    stem = PurePosixPath(name).stem
    jpeg = kind == "JPEG"
    sizes = []
    for width in sorted({min(width, image.width) for width in WIDTHS}):
        scaled = _scaled(image, width)
        sizes.append(_write(settings, scaled, stem, f"{width}w",
                            _encoded(scaled, jpeg, QUALITY)))
    small = _scaled(image, min(LITE_WIDTH, image.width))
    lite = min((_encoded(small, True, LITE_QUALITY), _encoded(small, False, 0)), key=len)
    lite = _write(settings, small, stem, "lite", lite)
    return Picture(name, digest, tuple(sizes), lite)


def _scaled(image: Image.Image, width: int) -> Image.Image:
    """Return `image` `width` pixels wide (never wider than it is), its proportions kept."""
    if width >= image.width:
        return image
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def _encoded(image: Image.Image, jpeg: bool, quality: int) -> bytes:
    """Return `image` as a JPEG of `quality` (on white, where it was transparent) or a PNG."""
    buffer = io.BytesIO()
    if jpeg:
        flat = image.convert("RGBA")
        background = Image.new("RGBA", flat.size, "white")
        Image.alpha_composite(background, flat).convert("RGB").save(
            buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _write(settings: Settings, image: Image.Image, stem: str, size: str, data: bytes
           ) -> PictureFile:
    """Write the encoded `image` under its content name; return its record."""
    suffix, media_type = ("png", "image/png") if data.startswith(PNG_SIGNATURE) else \
        ("jpg", "image/jpeg")
    record = write_named(settings.audio_dir, data, partial(_file, stem, size, suffix),
                         PictureFile)
    return PictureFile(record.file, record.bytes, record.sha256, image.width, image.height,
                       media_type)


def _file(stem: str, size: str, suffix: str, digest: str) -> str:
    return f"{FOLDER}/{stem}-{size}.{digest[:8]}.{suffix}"


def planned_files(library: str, editions: Sequence[tuple[str, str]]) -> list[str]:
    """Return the pictures drawn again when these editions change: none (a picture is drawn
    again when its own file changes, not its articles)."""
    return []
