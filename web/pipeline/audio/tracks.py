"""Tracks: sentence clips joined with pauses, normalized, encoded to MP3, tagged, published
atomically.

Every clip is 16-bit mono PCM at the track rate (see pcm.py), so lengths are counted in samples
and each sentence's start and end are exact. Clips are joined in one concatenation (pydub's
`append()` would cross-fade 100 ms and shift every later time). One ffmpeg run normalizes a
track, measures it and encodes both its MP3s (full and data saver) from the same sound. An MP3
carries a LAME/Xing header with the encoder delay and padding, so
players (and ffmpeg) trim them and the WebVTT cues line up with what plays.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..files import read_checked, write_checked
from .ffmpeg import run_ffmpeg
from .joins import Mp3Part, join_parts, read_part
from .loudness import write_normalized
from .pcm import (
    BITRATE,
    LAME_QUALITY,
    LITE_BITRATE,
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


@dataclass(frozen=True)
class TrackCopy:
    """One MP3 a track is published as: where, with which tags, at which bitrate."""

    path: Path
    tags: Tags
    bitrate: str = BITRATE


def _mp3_options(bitrate: str) -> list[str]:
    """Return ffmpeg's options for a bit-exact CBR mono MP3 with a LAME/Xing header and no
    metadata (the tags are written after)."""
    return ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact", "-c:a",
            "libmp3lame", "-b:a", bitrate, "-compression_level", LAME_QUALITY, "-ar", str(RATE),
            "-ac", "1", "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3"]


def encode_mp3(pcm: bytes, path: Path, bitrate: str = BITRATE) -> None:
    """Encode PCM as it is (no loudness change) into an MP3 at `path`."""
    run_ffmpeg([*PCM_INPUT, *_mp3_options(bitrate), "-y", str(path)], pcm)


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def _publish(copies: Sequence[TrackCopy], make: Callable[[list[Path]], None],
             duration_ms: int) -> list[PublishedTrack]:
    """Make MP3s into temporary files (`make` writes them all), tag them, then rename each to
    its copy's path; return what was published, in the order of `copies`. Nothing is flushed
    to disk here: the manifest that names them is written after one flush of them all."""
    temporaries = [_temporary(copy.path) for copy in copies]
    try:
        for copy in copies:
            copy.path.parent.mkdir(parents=True, exist_ok=True)
        make(temporaries)
        published = []
        for copy, temporary in zip(copies, temporaries, strict=True):
            tag_mp3(temporary, copy.tags)
            data = temporary.read_bytes()  # on disk before a manifest names it: see publish
            published.append(PublishedTrack(len(data), hashlib.sha256(data).hexdigest(),
                                            duration_ms))
        for copy, temporary in zip(copies, temporaries, strict=True):
            os.replace(temporary, copy.path)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(copies[0].path)) from None
    finally:
        for temporary in temporaries:
            temporary.unlink(missing_ok=True)
    return published


def write_mp3(pcm: bytes, tags: Tags, path: Path, lite: Path | None = None) -> PublishedTrack:
    """Normalize a track and encode it, and from the same sound its data saver edition at
    `lite`, in one ffmpeg run; tag both and publish them atomically.

    The loudness is measured on the way to the encoders (see loudness.py), so no MP3 is decoded
    again to check it: the tests measure the published MP3s.
    """
    copies = [TrackCopy(path, tags), *([TrackCopy(lite, tags.without_cover(), LITE_BITRATE)]
                                       if lite else [])]

    def make(temporaries: list[Path]) -> None:
        write_normalized(pcm, [[*_mp3_options(copy.bitrate), str(temporary)]
                               for copy, temporary in zip(copies, temporaries, strict=True)])

    full, *saver = _publish(copies, make, ms(len(pcm) // WIDTH))
    return replace(full, lite=saver[0] if saver else None)


def mp3_frames(path: Path) -> int:
    """Return how many audio frames an MP3 this pipeline wrote holds (the samples a player
    decodes, untrimmed, over MP3_FRAME)."""
    return len(read_part(path).frames)


def join_mp3(parts: Sequence[Sequence[Path | Mp3Part]], copies: Sequence[TrackCopy],
             duration_ms: int) -> list[PublishedTrack]:
    """Join MP3s frame by frame (no re-encoding, and no ffmpeg: see joins.py), `parts[n]`
    into `copies[n]` (the full track and its data saver), then tag and publish each.

    Each part keeps its own encoder delay and padding inside the joined stream, so part k is
    heard after the frames of the parts before it: `start = sum(frames) * MP3_FRAME` samples
    (the first part's delay is trimmed by the new LAME header, and each part starts after its
    own). Callers place chapters and cues with `mp3_frames()`, or by the frames of the parts
    they read already (`read_part`) and pass instead of paths.

    The parts are checked tracks and silence, and joining copies their frames, so the result is
    not decoded and measured again: its loudness is theirs (the tests measure it).
    """
    def make(temporaries: list[Path]) -> None:
        for files, target in zip(parts, temporaries, strict=True):
            target.write_bytes(join_parts([part if isinstance(part, Mp3Part) else read_part(part)
                                           for part in files]))

    return _publish(copies, make, duration_ms)


_GAP_LOCK = threading.Lock()


def write_gap(path: Path, duration_ms: int, bitrate: str = BITRATE) -> Path:
    """Encode `duration_ms` of silence as an MP3 to put between joined parts, once; a gap whose
    bytes differ from the checksum kept beside it (damaged, or never finished) is made again.
    Packaging threads wait for each other here, so the first build encodes each gap once."""
    with _GAP_LOCK:
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
