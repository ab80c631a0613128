"""Safe file writing: whole files appear at once, a file can be checked against what it should
hold, and a lock keeps two commands from writing the same files at once."""

from __future__ import annotations

import ctypes
import fcntl
import hashlib
import os
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import cache
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


def write_atomic(path: Path, data: bytes | str, *, durable: bool = True) -> None:
    """Write `data` to `path` through a temporary file and an atomic rename; unless `durable`
    is False, its bytes are on disk before the rename (a file no reader trusts until one
    flush_file_system covers it, or that is checked on every read, need not wait for that)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o644)  # readable by a web server, as any file written normally
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if durable:
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


def write_all_atomic(files: list[tuple[Path, bytes]],
                     before: Callable[[Path, bytes], None] | None = None) -> None:
    """Write each (path, data) as write_atomic does, but flush them to disk together: every new
    content is on disk before any file is replaced (one flush of the file system where Linux
    offers it, so hundreds of files cost about one). `before(path, data)` runs just before
    each file is replaced; if it raises, the files not yet replaced are left as they were."""
    staged: list[tuple[str, Path, bytes]] = []
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((tmp, path, data))
            with os.fdopen(fd, "wb") as handle:
                os.fchmod(handle.fileno(), 0o644)
                try:
                    handle.write(data)
                except OSError as error:  # no file name in write() errors: name the file
                    raise OSError(error.errno, error.strerror, str(path)) from None
        _flush([tmp for tmp, _, _ in staged])
        while staged:
            tmp, path, data = staged[0]
            if before:
                before(path, data)
            os.replace(tmp, path)
            staged.pop(0)
    finally:
        for tmp, _, _ in staged:
            Path(tmp).unlink(missing_ok=True)  # those not replaced


def _flush(paths: list[str]) -> None:
    """Put the bytes of the files at `paths` on disk: one syncfs per file system on Linux,
    else one fsync per file."""
    syncfs = getattr(_libc(), "syncfs", None)
    if syncfs is not None:
        devices = {os.stat(path).st_dev: path for path in paths}
        if all(_call_on(path, syncfs) == 0 for path in devices.values()):
            return
    for path in paths:
        _call_on(path, os.fsync)


def flush_file_system(path: Path) -> None:
    """Put on disk every file written so far on the file system that holds `path`: one syncfs
    on Linux, else a sync of every file system."""
    syncfs = getattr(_libc(), "syncfs", None)
    if syncfs is None or _call_on(str(path), syncfs) != 0:
        os.sync()


def _call_on(path: str, function: Callable[[int], object]) -> object:
    """Return what `function` returns for a descriptor of the file at `path`."""
    fd = os.open(path, os.O_RDONLY)
    try:
        return function(fd)
    finally:
        os.close(fd)


@cache
def _libc():
    """Return the C library (for syncfs, which Python's os module lacks), or None."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
