"""ID3v2.3 tags of a track, and for a whole-article track a chapter per section (CHAP, CTOC)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from mutagen.id3 import CHAP, COMM, CTOC, ID3, TALB, TIT2, TLAN, TPE1, TPUB, TRCK, CTOCFlags

from ..languages import iso_639_2
from ..manifest import Chapter


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

    def with_chapters(self, chapters: tuple[Chapter, ...]) -> Tags:
        """Return these tags with a chapter per section (for a whole-article track)."""
        return replace(self, chapters=chapters)


def tag_mp3(path: Path, tags: Tags) -> None:
    """Write ID3v2.3 tags, and for a whole-article track a chapter per section with a CTOC."""
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TPUB(encoding=3, text=tags.artist))
    id3.add(TLAN(encoding=3, text=[iso_639_2(code) for code in tags.languages]))
    id3.add(TRCK(encoding=3, text=tags.track))
    if tags.comment:
        id3.add(COMM(encoding=3, lang=iso_639_2(tags.languages[0]), desc="",
                     text=tags.comment))
    if tags.chapters:
        ids = [f"chp{number}" for number in range(1, len(tags.chapters) + 1)]
        id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                     child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=tags.album)]))
        for element_id, chapter in zip(ids, tags.chapters, strict=True):
            title = TIT2(encoding=3, text=chapter.title)
            id3.add(CHAP(element_id=element_id, start_time=chapter.start_ms,
                         end_time=chapter.end_ms, sub_frames=[title]))
    id3.save(path, v2_version=3, padding=lambda info: 0)
