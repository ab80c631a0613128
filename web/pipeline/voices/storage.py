"""Where the clip cache keeps its files: a local folder, or shared storage by URL through fsspec.

A plain path (or `file://`) is a folder on this machine; `s3://bucket/clips`, `gs://…` or any
other fsspec URL is storage every build machine and cluster worker can share (its fsspec
package, such as s3fs or gcsfs, installed). A local file appears whole, through a rename; an
object store writes an object whole by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fsspec
from fsspec.implementations.local import LocalFileSystem

from ..files import write_atomic


@dataclass(frozen=True)
class Storage:
    """Files named by relative, `/`-separated names under `root` on one filesystem."""

    fs: fsspec.AbstractFileSystem
    root: str

    @classmethod
    def at(cls, location: Path | str) -> Storage:
        """Open the storage at a folder or fsspec URL."""
        fs, root = fsspec.core.url_to_fs(str(location))
        return cls(fs, root.rstrip("/"))

    def path(self, name: str) -> str:
        """Return where `name` is on the filesystem."""
        return f"{self.root}/{name}"

    def read(self, name: str) -> bytes:
        """Return the bytes of `name`; raise FileNotFoundError if there is none."""
        return self.fs.cat_file(self.path(name))

    def write(self, name: str, data: bytes | str) -> None:
        """Write `name` whole: readers see the old file or the new one, never a part."""
        if isinstance(self.fs, LocalFileSystem):
            # Every read checks a clip against its sidecar's checksum: no flush to disk here.
            write_atomic(Path(self.path(name)), data, durable=False)
        else:
            self.fs.pipe_file(self.path(name), data.encode("utf-8") if isinstance(data, str)
                              else data)
