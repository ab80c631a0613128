"""Loudness as EBU R128 measures it: tracks at -16 LUFS, true peak at most -1.5 dBTP.

Loudness follows `loudnorm`'s two passes, measure then apply, but with ffmpeg's `ebur128` meter
(the same measurement, about four times faster: it does not resample to 192 kHz) and one constant
gain, which is what `loudnorm` applies in linear mode. Synthetic voices have peaks too high for a
linear gain to reach -16 LUFS under -1.5 dBTP (there `loudnorm` falls back to its dynamic mode,
which missed the target by 0.7 LU in our trials), so a look-ahead limiter with its delay
compensated holds the peaks, and the gain is refined until the measured loudness is on target.
Neither step changes the length, so timings stay exact.

Trial runs find the gain (and limit) without encoding anything; then one ffmpeg run applies them,
measures what comes out (loudness and true peak) and hands that same sound to every output (both
MP3 editions): no MP3 is decoded to be measured again. MP3 encoding raises true peaks by up to
about 0.5 dB, so the sound going into the encoders stays MP3_HEADROOM under the published limit.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import TrackError
from .ffmpeg import run_ffmpeg
from .pcm import PCM_INPUT, WIDTH

TARGET_LUFS = -16.0
TOLERANCE_LU = 0.3  # how far from its aim a track may measure before it is encoded
# MP3 encoding at 48 kbps cuts the highest frequencies, which the loudness weighting counts most:
# speech measured 0.5 to 0.8 LU quieter once encoded, so the sound is aimed this much above.
ENCODING_LOSS_LU = 0.5
MAX_TRUE_PEAK = -1.5  # dBTP, as published
MP3_HEADROOM = 0.5  # dB: what MP3 encoding may add to the true peak (we measured -0.8 to +0.3)
# The limiter's sample-peak ceiling: true peaks sit a little above it, and MP3 encoding adds up
# to about 0.5 dB more, which still leaves the published track under MAX_TRUE_PEAK.
LIMIT_DB = -4.0
SILENCE_LUFS = -70.0  # ebur128's floor: a track this quiet is silence and is left as it is
AIM_LUFS = TARGET_LUFS + ENCODING_LOSS_LU  # what the sound measures going into the encoders
PASSES = 8  # the most trial runs a track may need (gain refined, peaks limited lower)


@dataclass(frozen=True)
class Loudness:
    integrated: float  # LUFS
    true_peak: float  # dBTP


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


def _run(pcm: bytes, chain: str, outputs: Sequence[Sequence[str]]
         ) -> subprocess.CompletedProcess:
    """Run `pcm` through the filter `chain`, pinned to its own length (no drift), to each of
    `outputs` (ffmpeg output options ending with where to write)."""
    samples = len(pcm) // WIDTH
    labels = [f"[out{number}]" for number in range(len(outputs))]
    graph = (f"[0:a]{chain},atrim=end_sample={samples},apad=whole_len={samples},"
             f"asplit={len(outputs)}{''.join(labels)}")
    mapped = [arg for label, output in zip(labels, outputs, strict=True)
              for arg in ("-map", label, *output)]
    return run_ffmpeg([*PCM_INPUT, "-filter_complex", graph, "-y", *mapped], pcm)


def write_normalized(pcm: bytes, outputs: Sequence[Sequence[str]],
                     limit_db: float = LIMIT_DB) -> Loudness | None:
    """Write `pcm` at AIM_LUFS (so its MP3s measure TARGET_LUFS), with sample peaks held under
    `limit_db` (lower if its true peak needs it), to each of `outputs` in one ffmpeg run, the
    same length; return the loudness measured in that run (None for silence, left as it is)."""
    silent = pcm.count(0) == len(pcm)  # digital silence: nothing to measure
    level = float("-inf") if silent else measure_loudness(pcm, peak=False).integrated
    if level <= SILENCE_LUFS:
        _run(pcm, "anull", outputs)
        return None
    chain = _leveling(pcm, level, limit_db)
    # The meter passes the sound through: what it measures is what the encoders get.
    reached = _summary(_run(pcm, chain, outputs), peak=True)
    if not _published_range(reached):  # the same sound as the trial's: never, unless broken
        raise TrackError(f"loudness: the track measured {reached.integrated} LUFS, true peak "
                         f"{reached.true_peak} dBTP, as it was encoded. Report this.")
    return reached


def _published_range(level: Loudness) -> bool:
    """Tell whether a track measures on target, with room under the true-peak limit for what
    MP3 encoding adds."""
    return abs(level.integrated - AIM_LUFS) <= TOLERANCE_LU \
        and level.true_peak <= MAX_TRUE_PEAK - MP3_HEADROOM


def _leveling(pcm: bytes, level: float, limit_db: float) -> str:
    """Return the filters that bring `pcm` (measuring `level` LUFS) into the published range,
    found by trial runs that measure without encoding."""
    gain, ceiling = AIM_LUFS - level, MAX_TRUE_PEAK - MP3_HEADROOM
    tried: list[tuple[float, float]] = []  # (gain, loudness reached) at the current limit
    for _ in range(PASSES):
        # The limiter only acts on peaks over its limit; its look-ahead delay is compensated.
        chain = (f"volume={gain:.2f}dB,alimiter=limit={10 ** (limit_db / 20):.5f}"
                 ":level=disabled:latency=1,ebur128=peak=true")
        reached = _summary(_run(pcm, chain, [("-f", "null", "-")]), peak=True)
        if _published_range(reached):
            return chain
        if abs(reached.integrated - AIM_LUFS) > TOLERANCE_LU:
            tried.append((gain, reached.integrated))
            # Limited peaks give back less than each added decibel: step along the slope.
            slope = 0.4
            if len(tried) > 1 and tried[-1][0] != tried[-2][0]:
                slope = (tried[-1][1] - tried[-2][1]) / (tried[-1][0] - tried[-2][0])
            gain += (AIM_LUFS - reached.integrated) / min(max(slope, 0.2), 1.0)
        else:  # some voices have inter-sample peaks well over their samples: limit lower
            limit_db -= reached.true_peak - ceiling + 0.5
            tried.clear()
    raise TrackError(f"loudness: cannot reach {TARGET_LUFS} LUFS under {MAX_TRUE_PEAK} dBTP "
                     f"(got {reached.integrated} LUFS, true peak {reached.true_peak} dBTP). "
                     "Check the voice engine's output.")
