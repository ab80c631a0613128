"""Files on a faulty disk, for the reliability tests and the builds they start in a process."""

from __future__ import annotations

import errno
import os
import time

NO_SPACE = os.strerror(errno.ENOSPC)
SLOW_STARTED = "writing slowly"  # what a SlowToWrite file prints when its writing starts


class FaultyFile:
    """An open file whose `write` a subclass changes; everything else is the file's own."""

    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def __getattr__(self, name):
        return getattr(self.handle, name)


class FillsUp(FaultyFile):
    """A file on a disk that fills up: half of what is written gets in, then ENOSPC."""

    def write(self, data: bytes):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, NO_SPACE)  # as write() raises it: no file name


class SlowToWrite(FaultyFile):
    """A file on a slow disk: 4 KB at a time, 5 ms each; says on stdout when it starts."""

    def write(self, data):
        print(SLOW_STARTED, flush=True)
        for at in range(0, len(data), 4096):
            self.handle.write(data[at:at + 4096])
            self.handle.flush()
            time.sleep(0.005)
        return len(data)
