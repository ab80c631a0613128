"""Running ffmpeg: one binary, the static build imageio-ffmpeg ships, its failures turned into
clear errors.

A distribution's ffmpeg links about 200 shared libraries and takes about 80 ms to start, which
was most of a short track's run; the static build starts in about 10 ms and gives the same
frames, encoder delay and padding, and loudness (docs/performance.md has the comparison). The
tests check the published MP3s with the system's ffmpeg and ffprobe, independently.
"""

from __future__ import annotations

import errno
import functools
import os
import subprocess
from collections.abc import Sequence

from ..errors import TrackError

INSTALL = "Install it: pip install imageio-ffmpeg (it is in requirements.lock)."


@functools.cache
def ffmpeg_exe() -> str:
    """Return the path of the ffmpeg the pipeline runs: the one IMAGEIO_FFMPEG_EXE names, else
    imageio-ffmpeg's static build, else the system's; raise TrackError if there is none."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise TrackError(f"ffmpeg: the package imageio-ffmpeg is not installed. {INSTALL}") \
            from None
    try:
        return imageio_ffmpeg.get_ffmpeg_exe()
    except RuntimeError as error:
        raise TrackError(f"ffmpeg: imageio-ffmpeg has no ffmpeg ({error}). {INSTALL}") from None


def run_ffmpeg(args: Sequence[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ffmpeg with `args` (and `data` on its input); raise TrackError or OSError on failure."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "info", *args]
    try:
        result = subprocess.run(command, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise TrackError(f"ffmpeg: {command[0]} not found. {INSTALL}") from None
    if os.strerror(errno.ENOSPC) in result.stderr.decode("utf-8", "replace"):
        # ffmpeg exits 0 when its output hits a full disk, leaving a short or missing file.
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    if result.returncode != 0:
        tail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:]
        raise TrackError(f"ffmpeg: failed ({' '.join(tail)}). Check the ffmpeg installation.")
    return result
