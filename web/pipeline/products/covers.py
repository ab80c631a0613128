"""The library's cover in each language (artwork.py draws it): the feed's artwork, the pages'
preview image and the tracks' embedded picture.

Published as `audio/<lang>/cover.<hash8>.png`, named after what it is drawn from (artwork.py's
Cover.key), so an unchanged cover is neither drawn nor written again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from ..artwork import Cover
from ..files import write_atomic
from ..manifest import CoverImage, Manifest
from ..settings import Settings
from ..translation.interface import Interface


def cover_file(language: str, key: str) -> str:
    """Return where a language's cover is published, relative to the audio folder."""
    return f"{language}/cover.{key[:8]}.png"


def make(settings: Settings, manifest: Manifest, previous: Manifest | None,
         words: Mapping[str, Interface]) -> dict[str, CoverImage]:
    """Return the cover of each of the manifest's languages: the previous one where it is
    still good, else drawn now (the library's name in that language's `words`)."""
    covers = {}
    for code in manifest.languages:
        cover = words[code].cover(settings.name)
        file = cover_file(code, cover.key())
        old = previous.covers.get(code) if previous else None
        covers[code] = old if _still_good(settings, old, file) else \
            _draw(settings, file, cover)
    return covers


def _still_good(settings: Settings, old: CoverImage | None, file: str) -> bool:
    """Tell whether the previous cover is the one named `file` (drawn from the same words) and
    on disk as recorded."""
    return old is not None and old.file == file and old.is_intact(settings.audio_dir)


def _draw(settings: Settings, file: str, cover: Cover) -> CoverImage:
    """Draw a cover and write it as `file`; return its record."""
    data = cover.png()
    write_atomic(settings.audio_dir / file, data, durable=False)  # flushed before the manifest
    return CoverImage(file, len(data), hashlib.sha256(data).hexdigest())


def planned_files(library: str, editions: Sequence[tuple[str, str]]) -> list[str]:
    """Return the covers made again when these editions change: none (a cover shows the
    library's name, not its articles)."""
    return []
