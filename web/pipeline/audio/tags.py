"""ID3v2.3 tags of a track: its titles in the edition's language, the library's cover (APIC),
and for a whole-article track a chapter per section (CHAP, CTOC), in time order."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TIPL,
    TIT2,
    TLAN,
    TPE1,
    TPUB,
    TRCK,
    CTOCFlags,
    PictureType,
)
from mutagen.id3._tags import save_frame

from ..artwork import Cover
from ..languages import iso_639_2
from ..manifest import ARTWORK_TYPE, Chapter

EMBEDDED_COVER = 600  # pixels: what players show beside a track, at a few KB a file


@dataclass(frozen=True)
class Tags:
    """The ID3 tags of one track."""

    title: str
    album: str
    artist: str
    languages: tuple[str, ...]  # CLDR codes, the track's language first
    track: str  # "n/total"
    chapters: tuple[Chapter, ...] = ()
    comment: str = ""  # what listeners should know of the text spoken ("Machine translation…")
    cover: Cover | None = None  # the library's cover in the edition's language
    voice: tuple[str, ...] = ()  # who reads it: ("Narrator", "computer-generated voice")

    def with_chapters(self, chapters: tuple[Chapter, ...]) -> Tags:
        """Return these tags with a chapter per section (for a whole-article track)."""
        return replace(self, chapters=chapters)

    def without_cover(self) -> Tags:
        """Return these tags with no picture (the data saver's tracks spare its bytes)."""
        return replace(self, cover=None)


class _OrderedID3(ID3):
    """ID3 tags written in the order they were added: mutagen sorts frames by their size,
    which put a chapter with a long title after the chapters that follow it."""

    def _write(self, config):
        return bytearray().join(save_frame(frame, config=config) for frame in self.values())


def tag_mp3(path: Path, tags: Tags) -> None:
    """Write ID3v2.3 tags, the cover, and for a whole-article track a chapter per section with
    a CTOC, each frame where players look for it: chapters in time order."""
    id3 = _OrderedID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TPUB(encoding=3, text=tags.artist))
    id3.add(TLAN(encoding=3, text=[iso_639_2(code) for code in tags.languages]))
    id3.add(TRCK(encoding=3, text=tags.track))
    if tags.comment:
        id3.add(COMM(encoding=3, lang=iso_639_2(tags.languages[0]), desc="",
                     text=tags.comment))
    if tags.voice:  # the credits (IPLS in ID3v2.3): say the voice is not a person's
        id3.add(TIPL(encoding=3, people=[list(tags.voice)]))
    if tags.chapters:
        ids = [f"chp{number}" for number in range(1, len(tags.chapters) + 1)]
        id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                     child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=tags.album)]))
        for element_id, chapter in zip(ids, tags.chapters, strict=True):
            title = TIT2(encoding=3, text=chapter.title)
            id3.add(CHAP(element_id=element_id, start_time=chapter.start_ms,
                         end_time=chapter.end_ms, sub_frames=[title]))
    if tags.cover:
        id3.add(APIC(encoding=3, mime=ARTWORK_TYPE, type=PictureType.COVER_FRONT,
                     desc=tags.cover.title, data=tags.cover.png(EMBEDDED_COVER)))
    id3.save(path, v2_version=3, padding=lambda info: 0)
