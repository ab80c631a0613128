"""The audio format every clip and track shares: 16-bit mono PCM at RATE, MP3 at BITRATE (and
at LITE_BITRATE for the data saver, with the same frames, so the same cues fit both).

Everything that counts samples, frames or milliseconds imports them from here, so a change of
format is one change.
"""

from __future__ import annotations

from pydub import AudioSegment

RATE = 24000  # samples per second of every clip and track
WIDTH = 2  # bytes per sample (16-bit mono)
MP3_FRAME = 576  # samples per MPEG-2 Layer III frame (24 kHz)
BITRATE = "48k"
LITE_BITRATE = "16k"  # the data saver: 0.12 MB a minute (a listener on a small plan: at most 0.18)
LAME_QUALITY = "7"  # LAME -q 7: twice as fast as the default, alike for speech at 48 kbps
PCM_INPUT = ("-f", "s16le", "-ar", str(RATE), "-ac", "1", "-i", "pipe:0")  # ffmpeg reading PCM


def to_pcm(segment: AudioSegment) -> bytes:
    """Return a clip as 16-bit mono PCM at the track rate."""
    return segment.set_channels(1).set_sample_width(WIDTH).set_frame_rate(RATE).raw_data


def ms(frames: int) -> int:
    """Return a sample count in whole milliseconds."""
    return round(frames * 1000 / RATE)


def silence(duration_ms: int) -> bytes:
    """Return `duration_ms` of silent PCM."""
    return b"\0" * (duration_ms * RATE // 1000 * WIDTH)


def silence_frames(duration_ms: int) -> int:
    """Return how many samples `silence(duration_ms)` holds."""
    return duration_ms * RATE // 1000
