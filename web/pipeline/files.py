"""Safe file writing: whole files appear at once, a file can be checked against what it should
hold, and a lock keeps two commands from writing the same files at once."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

# Files known to hold a sha256 while they keep a size and modification time: path ->
# (size, st_mtime_ns, sha256). See trusting(); a build's worker threads see it too.
_trusted: list[Mapping[str, tuple[int, int, str]]] = [{}]


def hash_files(paths, digest=None, name=str, records=None):
    """Feed `digest` (a new sha256 by default) each file's name, `name(path)`, and the sha256
    of its bytes ("absent" for a file that is not there); return the digest. With `records`
    (path -> [size, st_mtime_ns, sha256]), a file of the size and time recorded is not read
    again, and each file's record is kept there."""
    digest = digest or hashlib.sha256()
    for path in paths:
        digest.update(f"{name(path)}\0".encode())
        try:
            digest.update(bytes.fromhex(_recorded_sha256(path, records)))
        except FileNotFoundError:
            digest.update(b"absent")
    return digest


def _recorded_sha256(path: Path, records: dict | None) -> str:
    """Return a file's sha256: as `records` has it while its size and time are those recorded,
    else read (and recorded)."""
    if records is None:
        return file_sha256(path)
    info = os.stat(path)
    recorded = records.get(str(path))
    if isinstance(recorded, list) and recorded[:2] == [info.st_size, info.st_mtime_ns]:
        return recorded[2]
    sha256 = file_sha256(path)
    records[str(path)] = [info.st_size, info.st_mtime_ns, sha256]
    return sha256


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write `data` to `path` through a temporary file and an atomic rename."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # readable by a web server, as any file written normally
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as error:  # write() errors carry no file name: name the file being written
        Path(tmp).unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def exclusive_lock(path: Path, busy: Exception) -> Iterator[None]:
    """Hold an exclusive lock on `path` while the block runs, or raise `busy` at once if another
    process holds it (the kernel drops a lock when its holder dies, even by kill -9)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise busy from None
        yield
    finally:
        os.close(fd)


@contextmanager
def trusting(records: Mapping[str, tuple[int, int, str]]) -> Iterator[None]:
    """Let file_matches take each file of `records` (path -> size, st_mtime_ns, sha256: what a
    complete build found it held) as holding that sha256 while its size and time are the
    same, instead of reading it again."""
    _trusted.append(records)
    try:
        yield
    finally:
        _trusted.remove(records)


def file_matches(path: Path, size: int, sha256: str) -> bool:
    """Tell whether `path` holds `size` bytes hashing to `sha256` (the size is compared first,
    so a truncated file is found without reading it; a file trusted unchanged is not read)."""
    try:
        info = path.stat()
        if info.st_size != size:
            return False
        if _trusted[-1].get(str(path)) == (size, info.st_mtime_ns, sha256):
            return True
        return file_sha256(path) == sha256
    except OSError:
        return False


def file_sha256(path: Path) -> str:
    """Return the sha256 of a file's bytes, in hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def checksum_path(path: Path) -> Path:
    """Return where the checksum of a file written by write_checked is kept."""
    return path.with_name(f"{path.name}.sha256")


def write_checked(path: Path, data: bytes) -> None:
    """Write `data` atomically, then its size and sha256 beside it: a file whose checksum is
    missing or differs was damaged or never finished (read_checked says so)."""
    write_atomic(path, data)  # on disk (fsync) before its checksum says it is whole
    write_atomic(checksum_path(path), f"{len(data)} {hashlib.sha256(data).hexdigest()}\n")


def read_checked(path: Path) -> bytes | None:
    """Return the bytes of a file written by write_checked, or None if it is missing, damaged
    or has no checksum."""
    try:
        size, digest = checksum_path(path).read_text(encoding="utf-8").split()
        data = path.read_bytes()
    except (OSError, ValueError):
        return None
    return data if (str(len(data)), hashlib.sha256(data).hexdigest()) == (size, digest) else None
