"""The folder an export goes to: checked before anything is written (an empty folder or a
previous export, never inside a folder the site serves), and the new export swapped into it in
one step."""

from __future__ import annotations

import ctypes
import os
import shutil
from pathlib import Path

from .pipeline.errors import ContentError

MARKER = ".library-export"  # the file that tells a previous export from any other folder


class ExportError(ContentError):
    """The site cannot be exported (no built library, a bad base URL or target folder, a
    broken link)."""


def check_target(out_dir: Path) -> None:
    """Refuse a target that is a file, or a folder with content that no export wrote."""
    if out_dir.exists() and not out_dir.is_dir():
        raise ExportError(f"{out_dir}: is a file, not a folder. Choose a new or empty folder.")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).is_file():
        raise ExportError(f"{out_dir}: the folder is not empty and holds no previous export. "
                          "Choose a new or empty folder, so nothing else is replaced.")


def check_outside(out_dir: Path, app) -> None:
    """Refuse a target inside a folder the site serves (its static files, the audio): the
    copy would be served, and copied into the next export, which would grow each time."""
    for served in (Path(app.static_folder), Path(app.config["AUDIO_DIR"])):
        served = served.resolve()
        if out_dir.resolve().is_relative_to(served):
            raise ExportError(f"{out_dir}: is inside {served.name}/, which the site serves, so "
                              "each export would hold the one before. Export to a folder "
                              "outside the project's web/ and audio/ folders.")


def swap_into_place(staging: Path, out_dir: Path) -> None:
    """Put the new export where the old one was, in one step where the system allows it."""
    if not out_dir.exists() or not any(out_dir.iterdir()):
        os.replace(staging, out_dir)  # rename() replaces an empty folder atomically
    elif exchange(staging, out_dir):
        shutil.rmtree(staging)  # it now holds the previous export
    else:
        old = out_dir.with_name(staging.name + ".old")
        os.replace(out_dir, old)
        os.replace(staging, out_dir)
        shutil.rmtree(old)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically with Linux renameat2(RENAME_EXCHANGE); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second),
                     rename_exchange) == 0
