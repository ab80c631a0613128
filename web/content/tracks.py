"""Assemble sentence clips into published tracks: pauses, loudness, MP3, ID3 tags, chapters, WebVTT.

Every clip is 16-bit mono PCM at RATE, so lengths are counted in samples and each sentence's start
and end are exact. Clips are joined in one concatenation (pydub's `append()` would cross-fade
100 ms and shift every later time).

Loudness follows EBU R128 as `loudnorm`'s two passes do, measure then apply, but with ffmpeg's
`ebur128` meter (the same measurement, about four times faster: it does not resample to 192 kHz)
and one constant gain, which is what `loudnorm` applies in linear mode. Synthetic voices have peaks
too high for a linear gain to reach -16 LUFS under -1.5 dBTP (there `loudnorm` falls back to its
dynamic mode, which missed the target by 0.7 LU in our trials), so a look-ahead limiter with its
delay compensated holds the peaks, and the gain is refined until the measured loudness is on
target. Neither step changes the length, so timings stay exact; the published MP3 is measured
again before it is accepted. The MP3 carries a LAME/Xing header with the encoder delay and
padding, so players (and ffmpeg) trim them and the WebVTT cues line up with what plays.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from mutagen.id3 import CHAP, CTOC, ID3, TALB, TIT2, TLAN, TPE1, TPUB, TRCK, CTOCFlags
from mutagen.mp3 import MP3
from pydub import AudioSegment

from .errors import TrackError
from .manifest import Chapter

RATE = 24000  # samples per second of every clip and track
WIDTH = 2  # bytes per sample (16-bit mono)
MP3_FRAME = 576  # samples per MPEG-2 Layer III frame (24 kHz)
BITRATE = "48k"
LAME_QUALITY = "7"  # LAME -q 7: twice as fast as the default, alike for speech at 48 kbps
TARGET_LUFS = -16.0
MAX_TRUE_PEAK = -1.5  # dBTP, as published
# The limiter's sample-peak ceiling: true peaks sit a little above it, and MP3 encoding adds up
# to about 0.5 dB more, which still leaves the published track under MAX_TRUE_PEAK.
LIMIT_DB = -4.0
SILENCE_LUFS = -70.0  # ebur128's floor: a track this quiet is silence and is left as it is
ISO_639_2 = {"en": "eng", "es": "spa", "fr": "fra", "pt": "por", "de": "deu", "it": "ita"}


@dataclass(frozen=True)
class Pauses:
    """Silences between the parts of a track, in milliseconds."""

    sentence: int = 350
    paragraph: int = 700
    heading: int = 600
    section: int = 1200


PAUSES = Pauses()


@dataclass(frozen=True)
class Cue:
    """One sentence on the track's timeline."""

    id: str
    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Tags:
    """The ID3 tags of one track."""

    title: str
    album: str
    artist: str
    languages: tuple[str, ...]  # ISO 639-1, the track's language first
    track: str  # "n/total"
    chapters: tuple[Chapter, ...] = ()


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS
    true_peak: float  # dBTP


@dataclass(frozen=True)
class PublishedTrack:
    """What the manifest needs to know about a written MP3."""

    bytes: int
    sha256: str
    duration_ms: int


def to_pcm(segment: AudioSegment) -> bytes:
    """Return a clip as 16-bit mono PCM at the track rate."""
    return segment.set_channels(1).set_sample_width(WIDTH).set_frame_rate(RATE).raw_data


def ms(frames: int) -> int:
    """Return a sample count in whole milliseconds."""
    return round(frames * 1000 / RATE)


def silence(duration_ms: int) -> bytes:
    """Return `duration_ms` of silent PCM."""
    return b"\0" * (duration_ms * RATE // 1000 * WIDTH)


def assemble_section(blocks: Sequence[tuple[str, Sequence[bytes]]]):
    """Join a section's (kind, clips) blocks; return PCM and each sentence's (start, end) ms."""
    parts: list[bytes] = []
    timings: list[list[tuple[int, int]]] = []
    position = 0  # bytes
    for index, (_, clips) in enumerate(blocks):
        if index:
            gap = PAUSES.heading if blocks[index - 1][0] == "heading" else PAUSES.paragraph
            parts.append(silence(gap))
            position += len(parts[-1])
        spans = []
        for number, clip in enumerate(clips):
            if number:
                parts.append(silence(PAUSES.sentence))
                position += len(parts[-1])
            start = position // WIDTH
            parts.append(clip)
            position += len(clip)
            spans.append((ms(start), ms(position // WIDTH)))
        timings.append(spans)
    return b"".join(parts), timings


def _ffmpeg(args: Sequence[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    command = ["ffmpeg", "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", *args]
    try:
        result = subprocess.run(command, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise TrackError("ffmpeg: not found. Install it (Debian package ffmpeg).") from None
    if os.strerror(errno.ENOSPC) in result.stderr.decode("utf-8", "replace"):
        # ffmpeg exits 0 when its output hits a full disk, leaving a short or missing file.
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise TrackError(f"ffmpeg: failed ({' '.join(tail)}). Check the ffmpeg installation.")
    return result


PCM_INPUT = ("-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0")


def _summary(result: subprocess.CompletedProcess, peak: bool) -> Loudness:
    log = result.stderr.decode("utf-8", "replace")
    summary = log[log.rfind("Summary:"):]
    found_i = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    found_peak = re.search(r"Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not found_i or (peak and not found_peak):
        raise TrackError("ffmpeg ebur128: no loudness summary. Check the ffmpeg installation.")
    return Loudness(float(found_i.group(1)), float(found_peak.group(1)) if peak else 0.0)


def measure_loudness(source: bytes | Path, *, peak: bool = True) -> Loudness:
    """Measure integrated loudness (and true peak) of PCM bytes or an audio file (EBU R128)."""
    inputs = PCM_INPUT if isinstance(source, bytes) else ("-i", str(source))
    data = source if isinstance(source, bytes) else None
    meter = "ebur128=peak=true" if peak else "ebur128"
    return _summary(_ffmpeg([*inputs, "-af", meter, "-f", "null", "-"], data), peak)


class LoudnessError(TrackError):
    """A track measures outside the published loudness range."""

    def __init__(self, message: str, level: Loudness):
        super().__init__(message)
        self.level = level


def normalize_loudness(pcm: bytes, limit_db: float = LIMIT_DB) -> bytes:
    """Return PCM at TARGET_LUFS with sample peaks held under `limit_db`, the same length."""
    level = measure_loudness(pcm, peak=False).integrated
    if level <= SILENCE_LUFS:
        return pcm
    gain = TARGET_LUFS - level
    tried: list[tuple[float, float]] = []  # (gain, loudness reached)
    for _ in range(5):
        # The limiter only acts on peaks over its limit; its look-ahead delay is compensated. The
        # meter passes the audio through, measuring what comes out.
        filters = (f"volume={gain:.2f}dB,alimiter=limit={10 ** (limit_db / 20):.5f}"
                   ":level=disabled:latency=1,ebur128")
        result = _ffmpeg([*PCM_INPUT, "-af", filters, "-f", "s16le", "-ar", str(RATE),
                          "-ac", "1", "pipe:1"], pcm)
        out = result.stdout[: len(pcm)].ljust(len(pcm), b"\0")  # pin the length: no drift
        reached = _summary(result, peak=False).integrated
        if abs(reached - TARGET_LUFS) <= 0.3:
            return out
        tried.append((gain, reached))
        # Limited peaks give back less than each added decibel: step along the measured slope.
        slope = 0.4
        if len(tried) > 1 and tried[-1][0] != tried[-2][0]:
            slope = (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0])
        gain += (TARGET_LUFS - reached) / min(max(slope, 0.2), 1.0)
    raise TrackError(f"loudness: cannot reach {TARGET_LUFS} LUFS (got {reached}). "
                     "Check the voice engine's output.")


def encode_mp3(pcm: bytes, path: Path) -> None:
    """Encode PCM as a bit-exact CBR mono MP3 with a LAME/Xing header and no metadata."""
    _ffmpeg([*PCM_INPUT, "-map_metadata", "-1", "-fflags", "+bitexact", "-flags:a", "+bitexact",
             "-c:a", "libmp3lame", "-b:a", BITRATE, "-compression_level", LAME_QUALITY,
             "-ar", str(RATE), "-ac", "1",
             "-write_xing", "1", "-id3v2_version", "0", "-f", "mp3", "-y", str(path)], pcm)


def tag_mp3(path: Path, tags: Tags) -> None:
    """Write ID3v2.3 tags, and for a whole-article track a chapter per section with a CTOC."""
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TPUB(encoding=3, text=tags.artist))
    id3.add(TLAN(encoding=3, text=[ISO_639_2.get(code, "und") for code in tags.languages]))
    id3.add(TRCK(encoding=3, text=tags.track))
    if tags.chapters:
        ids = [f"chp{number}" for number in range(1, len(tags.chapters) + 1)]
        id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                     child_element_ids=ids, sub_frames=[TIT2(encoding=3, text=tags.album)]))
        for element_id, chapter in zip(ids, tags.chapters, strict=True):
            title = TIT2(encoding=3, text=chapter.title)
            id3.add(CHAP(element_id=element_id, start_time=chapter.start_ms,
                         end_time=chapter.end_ms, sub_frames=[title]))
    id3.save(path, v2_version=3, padding=lambda info: 0)


def _timestamp(milliseconds: int) -> str:
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}.{millis:03d}"


def render_vtt(cues: Sequence[Cue]) -> str:
    """Return WebVTT with one cue per sentence."""
    lines = ["WEBVTT", ""]
    for cue in cues:
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        lines += [cue.id, f"{_timestamp(cue.start_ms)} --> {_timestamp(cue.end_ms)}", text, ""]
    return "\n".join(lines)


def check_loudness(path: Path, name: str) -> None:
    """Raise LoudnessError unless an MP3 is at TARGET_LUFS ±1 LU, true peak ≤ MAX_TRUE_PEAK."""
    level = measure_loudness(path)
    if level.integrated <= SILENCE_LUFS:
        return
    if abs(level.integrated - TARGET_LUFS) > 1 or level.true_peak > MAX_TRUE_PEAK:
        raise LoudnessError(f"{name}: measures {level.integrated} LUFS, true peak "
                            f"{level.true_peak} dBTP, outside the published range. Report this.",
                            level)


def _publish_mp3(path: Path, make, tags: Tags, duration_ms: int,
                 check: bool = True) -> PublishedTrack:
    """Make an MP3 into a temporary file, check and tag it, then rename it to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
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


def write_mp3(pcm: bytes, tags: Tags, path: Path) -> PublishedTrack:
    """Normalize, encode, check and tag a track, published atomically at `path`."""
    limit_db, attempts = LIMIT_DB, 3
    while True:
        normalized = normalize_loudness(pcm, limit_db)
        try:
            return _publish_mp3(path, partial(encode_mp3, normalized), tags,
                                ms(len(pcm) // WIDTH))
        except LoudnessError as error:
            attempts -= 1
            # Some voices have inter-sample peaks well over their samples: limit lower.
            if error.level.true_peak <= MAX_TRUE_PEAK or not attempts:
                raise
            limit_db -= error.level.true_peak - MAX_TRUE_PEAK + 0.5


def mp3_frames(path: Path) -> int:
    """Return how many audio frames an MP3 holds (the samples a player decodes, untrimmed)."""
    return round(MP3(path).info.length * RATE / MP3_FRAME)


def join_mp3(parts: Sequence[Path], tags: Tags, path: Path, duration_ms: int) -> PublishedTrack:
    """Join MP3s frame by frame (no re-encoding), then check, tag and publish at `path`.

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
            _ffmpeg(["-f", "concat", "-safe", "0", "-i", str(listing), "-map", "0:a", "-c", "copy",
                     "-map_metadata", "-1", "-fflags", "+bitexact", "-write_xing", "1",
                     "-id3v2_version", "0", "-f", "mp3", "-y", str(target)])
        finally:
            listing.unlink(missing_ok=True)

    return _publish_mp3(path, make, tags, duration_ms, check=False)


def write_gap(path: Path, duration_ms: int) -> Path:
    """Encode `duration_ms` of silence as an MP3 to put between joined parts (once)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
        encode_mp3(silence(duration_ms), temporary)
        os.replace(temporary, path)
    return path
