"""Loudness as EBU R128 measures it: tracks at -16 LUFS, true peak at most -1.5 dBTP.

Loudness follows `loudnorm`'s two passes, measure then apply, but with ffmpeg's `ebur128` meter
(the same measurement, about four times faster: it does not resample to 192 kHz) and one constant
gain, which is what `loudnorm` applies in linear mode. Synthetic voices have peaks too high for a
linear gain to reach -16 LUFS under -1.5 dBTP (there `loudnorm` falls back to its dynamic mode,
which missed the target by 0.7 LU in our trials), so a look-ahead limiter with its delay
compensated holds the peaks, and the gain is refined until the measured loudness is on target.
Neither step changes the length, so timings stay exact.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import TrackError
from .ffmpeg import run_ffmpeg
from .pcm import PCM_INPUT, RATE

TARGET_LUFS = -16.0
MAX_TRUE_PEAK = -1.5  # dBTP, as published
# The limiter's sample-peak ceiling: true peaks sit a little above it, and MP3 encoding adds up
# to about 0.5 dB more, which still leaves the published track under MAX_TRUE_PEAK.
LIMIT_DB = -4.0
SILENCE_LUFS = -70.0  # ebur128's floor: a track this quiet is silence and is left as it is


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS
    true_peak: float  # dBTP


class LoudnessError(TrackError):
    """A track measures outside the published loudness range."""

    def __init__(self, message: str, level: Loudness):
        super().__init__(message)
        self.level = level


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
    return _summary(run_ffmpeg([*inputs, "-af", meter, "-f", "null", "-"], data), peak)


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
        result = run_ffmpeg([*PCM_INPUT, "-af", filters, "-f", "s16le", "-ar", str(RATE),
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


def check_loudness(path: Path, name: str) -> None:
    """Raise LoudnessError unless an MP3 is at TARGET_LUFS ±1 LU, true peak ≤ MAX_TRUE_PEAK."""
    level = measure_loudness(path)
    if level.integrated <= SILENCE_LUFS:
        return
    if abs(level.integrated - TARGET_LUFS) > 1 or level.true_peak > MAX_TRUE_PEAK:
        raise LoudnessError(f"{name}: measures {level.integrated} LUFS, true peak "
                            f"{level.true_peak} dBTP, outside the published range. Report this.",
                            level)
