"""Tracks: sentence clips joined with pauses, encoded to MP3, checked, tagged, published atomically.

Every clip is 16-bit mono PCM at the track rate (see pcm.py), so lengths are counted in samples
and each sentence's start and end are exact. Clips are joined in one concatenation (pydub's
`append()` would cross-fade 100 ms and shift every later time). The published MP3 is measured
again before it is accepted. It carries a LAME/Xing header with the encoder delay and padding, so
players (and ffmpeg) trim them and the WebVTT cues line up with what plays.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from mutagen.mp3 import MP3

from ..files import read_checked, write_checked
from .ffmpeg import run_ffmpeg
from .loudness import LIMIT_DB, MAX_TRUE_PEAK, LoudnessError, check_loudness, normalize_loudness
from .pcm import (
    BITRATE,
    LAME_QUALITY,
    LITE_BITRATE,
    MP3_FRAME,
    PCM_INPUT,
    RATE,
    WIDTH,
    ms,
    silence,
    silence_frames,
)
from .tags import Tags, tag_mp3


@dataclass(frozen=True)
class Pauses:
    """Silences between the parts of a track, in milliseconds."""

    sentence: int = 350
    paragraph: int = 700
    heading: int = 600
    section: int = 1200


PAUSES = Pauses()


@dataclass(frozen=True)
class PublishedTrack:
    """What the manifest needs to know about a written MP3 (and its data saver edition)."""

    bytes: int
    sha256: str
    duration_ms: int
    lite: PublishedTrack | None = None


def _layout(blocks: Sequence[tuple[str, int]]) -> Iterator[int | tuple[int, int]]:
    """Yield a section's parts in order: each pause as its length in ms, each sentence as
    (block index, sentence index); `blocks` holds each block's kind and sentence count."""
    previous = None  # the kind of the last block that had sentences (silent blocks: none)
    for index, (kind, count) in enumerate(blocks):
        if not count:
            continue
        if previous:
            yield PAUSES.heading if previous == "heading" else PAUSES.paragraph
        previous = kind
        for number in range(count):
            if number:
                yield PAUSES.sentence
            yield index, number


def section_timings(blocks: Sequence[tuple[str, Sequence[int]]]
                    ) -> tuple[list[list[tuple[int, int]]], int]:
    """Return each sentence's (start, end) ms and the section's length in samples, from each
    block's kind and the length of each of its clips in samples."""
    timings: list[list[tuple[int, int]]] = [[] for _ in blocks]
    position = 0  # samples
    for part in _layout([(kind, len(clips)) for kind, clips in blocks]):
        if isinstance(part, int):
            position += silence_frames(part)
        else:
            block, number = part
            start, position = position, position + blocks[block][1][number]
            timings[block].append((ms(start), ms(position)))
    return timings, position


def join_section(blocks: Sequence[tuple[str, Sequence[bytes]]]) -> bytes:
    """Return a section's PCM: its blocks' clips with the pauses between them."""
    return b"".join(silence(part) if isinstance(part, int) else blocks[part[0]][1][part[1]]
                    for part in _layout([(kind, len(clips)) for kind, clips in blocks]))


def encode_mp3(pcm: bytes, path: Path, bitrate: str = BITRATE) -> None:
    """Encode PCM as a bit-exact CBR mono MP3 with a LAME/Xing header and no metadata."""
    run_ffmpeg([*PCM_INPUT, "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a",
                "+bitexact", "-c:a", "libmp3lame", "-b:a", bitrate, "-compression_level",
                LAME_QUALITY, "-ar", str(RATE), "-ac", "1",
                "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3", "-y", str(path)], pcm)


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def _publish_mp3(path: Path, make, tags: Tags, duration_ms: int,
                 check: bool = True) -> PublishedTrack:
    """Make an MP3 into a temporary file, check and tag it, then rename it to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(path)
    try:
        make(temporary)
        if check:
            check_loudness(temporary, path.name)
        tag_mp3(temporary, tags)
        data = temporary.read_bytes()
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(path)) from None
    finally:
        temporary.unlink(missing_ok=True)
    return PublishedTrack(len(data), hashlib.sha256(data).hexdigest(), duration_ms)


def write_mp3(pcm: bytes, tags: Tags, path: Path, lite: Path | None = None) -> PublishedTrack:
    """Normalize, encode, check and tag a track, published atomically at `path`, and from the
    same sound its data saver edition at `lite`."""
    limit_db, attempts = LIMIT_DB, 3
    duration_ms = ms(len(pcm) // WIDTH)
    while True:
        normalized = normalize_loudness(pcm, limit_db)
        try:
            published = _publish_mp3(path, partial(encode_mp3, normalized), tags, duration_ms)
        except LoudnessError as error:
            attempts -= 1
            # Some voices have inter-sample peaks well over their samples: limit lower.
            if error.level.true_peak <= MAX_TRUE_PEAK or not attempts:
                raise
            limit_db -= error.level.true_peak - MAX_TRUE_PEAK + 0.5
            continue
        if lite is None:
            return published
        encode = partial(encode_mp3, normalized, bitrate=LITE_BITRATE)
        return replace(published, lite=_publish_mp3(lite, encode, tags.without_cover(),
                                                     duration_ms, check=False))


def mp3_frames(path: Path) -> int:
    """Return how many audio frames an MP3 holds (the samples a player decodes, untrimmed)."""
    return round(MP3(path).info.length * RATE / MP3_FRAME)


def join_mp3(parts: Sequence[Path], tags: Tags, path: Path, duration_ms: int) -> PublishedTrack:
    """Join MP3s frame by frame (no re-encoding), then tag and publish at `path`.

    Each part keeps its own encoder delay and padding inside the joined stream, so part k is
    heard after the frames of the parts before it: `start = sum(frames) * MP3_FRAME` samples
    (the first part's delay is trimmed by the new LAME header, and each part starts after its
    own). Callers place chapters and cues with `mp3_frames()`.

    The parts are checked tracks and silence, and joining copies their frames, so the result is
    not decoded and measured again: its loudness is theirs (the tests measure it).
    """
    def make(target: Path) -> None:
        listing = target.with_suffix(".txt")
        quoted = ["file '" + str(p.resolve()).replace("'", "'\\''") + "'" for p in parts]
        listing.write_text("\n".join(quoted) + "\n", encoding="utf-8")
        try:
            run_ffmpeg(["-f", "concat", "-safe", "0", "-i", str(listing), "-map", "0:a", "-c",
                        "copy", "-map_metadata", "-1", "-fflags", "+bitexact", "-write_xing", "1",
                        "-id3v2_version", "0", "-f", "mp3", "-y", str(target)])
        finally:
            listing.unlink(missing_ok=True)

    return _publish_mp3(path, make, tags, duration_ms, check=False)


def write_gap(path: Path, duration_ms: int, bitrate: str = BITRATE) -> Path:
    """Encode `duration_ms` of silence as an MP3 to put between joined parts, once; a gap whose
    bytes differ from the checksum kept beside it (damaged, or never finished) is made again."""
    if read_checked(path) is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = _temporary(path)
        try:
            encode_mp3(silence(duration_ms), temporary, bitrate)
            write_checked(path, temporary.read_bytes())
        finally:
            temporary.unlink(missing_ok=True)
    return path


def gap_name(bitrate: str = BITRATE) -> str:
    """Return the file name of the silence between sections, named after all that shapes it,
    so a change of format never joins an old gap."""
    return f"gap-{PAUSES.section}-{RATE}-{bitrate}-{LAME_QUALITY}.mp3"
