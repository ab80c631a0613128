"""Catalog writes that never lose a translator's word.

A command that rewrites catalogs (`extract`, `translate`, `history --restore`) holds one lock
for the whole run, so two such commands never interleave. Translators' editors take no lock,
so each catalog is written only if it is still byte for byte what the command read: a file
saved in the meantime is left as saved, and the command stops and says so. Before a catalog
is replaced its previous version is kept in `.history/` (the newest few per catalog), where
`history` lists them and `history --restore N` brings one back.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..errors import CatalogError
from ..files import exclusive_lock, write_atomic
from ..settings import Settings
from ..slugs import slug_problem
from .pofiles import read_catalog

HISTORY_FOLDER = ".history"
KEPT_VERSIONS = 20  # per catalog: weeks of daily work, a few megabytes at most


def _digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class CatalogGuard:
    """The catalogs as one command read them: each is written only if still as read."""

    def __init__(self, settings: Settings, command: str) -> None:
        self.settings, self.command = settings, command
        self.seen: dict[Path, str | None] = {}

    def saw(self, path: Path) -> None:
        """Note the content of `path` as the command reads it (call it before reading)."""
        self.seen.setdefault(path, _digest(_read(path)))

    def write(self, path: Path, data: bytes) -> None:
        """Replace `path` with `data`, keeping its previous version; raise CatalogError if
        someone changed it since the command read it."""
        self.replacing(path, data)
        write_atomic(path, data)

    def replacing(self, path: Path, data: bytes) -> None:
        """Keep the previous version of `path`, about to be replaced with `data`; raise
        CatalogError if someone changed it since the command read it."""
        current = _read(path)
        if path in self.seen and _digest(current) != self.seen[path]:
            label = self.settings.relative(path)
            raise CatalogError(
                f"{label}: changed on disk while {self.command} was running (saved by a "
                f"translator or an editor?). It was left exactly as saved; run {self.command} "
                "again to bring it in line")
        if current is not None and current != data:
            keep_version(self.settings, path, current)
        self.seen[path] = _digest(data)


@contextmanager
def guarded_catalogs(settings: Settings, command: str) -> Iterator[CatalogGuard]:
    """Hold the catalogs' lock for one command; raise CatalogError if another command has it."""
    busy = CatalogError("locales: another command (extract, translate or a restore) is "
                        f"rewriting the catalogs. Wait for it to finish, then run {command} "
                        "again")
    with exclusive_lock(settings.cache_dir / "catalogs.lock", busy):
        yield CatalogGuard(settings, command)


@dataclass(frozen=True)
class CatalogVersion:
    """One kept version of a catalog: its number (1 = newest), when it was replaced, its file."""

    number: int
    replaced: datetime
    path: Path


def kept_catalogs(settings: Settings, slug: str, languages=()) -> list[Path]:
    """Return the catalogs of article `slug` in `languages` (default: every translated one)
    whose history is asked for; raise ContentError for a language the library lacks, and
    CatalogError for a name that is not a slug (never a path) or a catalog never kept."""
    codes = settings.check_languages(languages, translated=True) or settings.target_languages
    paths = [settings.catalog_path(code, slug) for code in codes]
    if slug_problem(slug) or not any(
            path.exists() or history_folder(settings, path).is_dir() for path in paths):
        raise CatalogError(f"{slug}: no article has this name (its URL name, as in "
                           "library/<name>.md). Run status to list the articles")
    return paths


def catalog_history(settings: Settings, slug: str,
                    languages=()) -> list[tuple[Path, list[CatalogVersion]]]:
    """Return each catalog of article `slug` (see kept_catalogs) with its kept versions."""
    return [(path, catalog_versions(settings, path))
            for path in kept_catalogs(settings, slug, languages)]


def history_folder(settings: Settings, path: Path) -> Path:
    """Return where the kept versions of the catalog at `path` are."""
    return settings.root / HISTORY_FOLDER / path.relative_to(settings.root).with_suffix("")


def keep_version(settings: Settings, path: Path, data: bytes) -> None:
    """Keep `data` as the newest previous version of `path`, dropping the oldest past the limit."""
    folder = history_folder(settings, path)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    write_atomic(folder / f"{stamp}.po", data)
    for old in sorted(folder.glob("*.po"), reverse=True)[KEPT_VERSIONS:]:
        old.unlink(missing_ok=True)


def catalog_versions(settings: Settings, path: Path) -> list[CatalogVersion]:
    """Return the kept versions of the catalog at `path`, newest first."""
    files = sorted(history_folder(settings, path).glob("*.po"), reverse=True)
    return [CatalogVersion(number, datetime.strptime(file.stem, "%Y%m%dT%H%M%S.%fZ")
                           .replace(tzinfo=UTC), file)
            for number, file in enumerate(files, start=1)]


def restore_version(settings: Settings, slug: str, languages, number: int
                    ) -> tuple[Path, CatalogVersion]:
    """Put kept version `number` of article `slug`'s catalog in the one language given back
    (the current one is kept in turn, so a restore can be undone); raise CatalogError if there
    is no such version or it is not a PO file."""
    if len(languages) != 1:
        raise CatalogError(f"{slug}: name the catalog to restore by its language, once (e.g. "
                           "--lang es)")
    path, = kept_catalogs(settings, slug, languages)
    versions = catalog_versions(settings, path)
    label = settings.relative(path)
    if not versions:
        raise CatalogError(f"{label}: no earlier version is kept (they are kept from the first "
                           "time extract, translate or a restore rewrites it)")
    if not 1 <= number <= len(versions):
        raise CatalogError(f"{label}: there is no version {number}; versions 1 (newest) to "
                           f"{len(versions)} are kept. Run history to list them")
    version = versions[number - 1]
    read_catalog(version.path, settings)  # a damaged copy is refused with its line
    with guarded_catalogs(settings, "history --restore") as guard:
        guard.write(path, version.path.read_bytes())
    return path, version
