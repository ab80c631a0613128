"""Running ffmpeg: one place that turns its failures into clear errors."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Sequence

from ..errors import TrackError


def run_ffmpeg(args: Sequence[str], data: bytes | None = None) -> subprocess.CompletedProcess:
    """Run ffmpeg with `args` (and `data` on its input); raise TrackError or OSError on failure."""
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
