"""Pausing Python's cycle collector while a large tree of records is built or walked.

A manifest or a build stamp of a thousand articles is hundreds of thousands of small objects
holding no reference cycles. Building them, the allocations set off collection after collection,
each walking every object already made: that took about half the time of reading and writing
them. Reference counting still frees all of it; only the search for cycles waits.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_LOCK = threading.Lock()
_paused = 0  # how many paused blocks are running (threads may overlap)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector for the block (or, as `@gc_paused()`, the function); it resumes
    when the last paused block ends."""
    global _paused
    with _LOCK:
        _paused += 1
        gc.disable()
    try:
        yield
    finally:
        with _LOCK:
            _paused -= 1
            if not _paused:
                gc.enable()
