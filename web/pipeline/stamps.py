"""The build stamp: a hash of everything a build reads, kept with what that build reported.

A build whose inputs hash the same as those of the last complete build, and whose published
files are all in place and unchanged, has nothing to do: it reports that build's result
(warnings included, so `--strict` still fails) without planning a sentence. The stamp also
keeps each edition's own hash (its article and catalogs, with every shared input) and
warnings, so after an edit only the editions it touched are planned again; the others are
published as they are. A build that fell back to another voice writes no stamp, so the next
one tries the preferred voice again. When library/ and locales/ hold exactly the files the stamp
recorded, each of the size and time it had, the inputs hash as they did: they are not hashed.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from .article_files import article_files, code_fingerprint, library_slugs
from .files import file_matches, hash_files, write_atomic
from .gc_pause import gc_paused
from .manifest import file_records, manifest_files, read_manifest, served_files
from .notices import Notice, notices_from_json
from .settings import Settings

if TYPE_CHECKING:
    from .build_options import BuildRun
    from .manifest import Manifest

STAMP_NAME = "build-stamp.json"
_SKIPPED = {".mo"}  # compiled from the .po beside them


def _files(folder: Path) -> list[Path]:
    """Return the files under `folder`, sorted (walked as strings: thousands of them)."""
    return sorted(Path(top, name) for top, _, names in os.walk(folder, followlinks=True)
                  for name in names
                  if os.path.splitext(name)[1] not in _SKIPPED)


@dataclass(frozen=True)
class BuildInputs:
    """The hashes of what a build reads: of the whole library, and per edition ("slug/lang")
    of what its plan depends on (its article's files and catalog, and every shared input)."""

    library: str
    editions: dict
    files: dict = field(default_factory=dict)  # path -> [size, st_mtime_ns, sha256]
    code: str = ""  # the hash of the pipeline's code and the options the output depends on


def read_inputs(settings: Settings, run: BuildRun, stamp: dict | None = None) -> BuildInputs:
    """Hash the articles, catalogs, settings, voices, the options the output depends on and
    the pipeline's code: all that a build's output depends on. Taken before the build, so an
    edit made while it runs is new to the next one. A file whose size and time are those the
    last stamp (`stamp`, read here unless given) recorded is not read again; when every file
    under library/ and locales/ is one it recorded, as it was, the inputs are those it kept."""
    stamp = read_stamp_file(settings) if stamp is None else stamp
    code = hashlib.sha256(f"{code_fingerprint()}\0{run.output_key()}".encode()).hexdigest()
    if _sources_as_left(settings, stamp, code):
        return BuildInputs(stamp["inputs"], {key: edition["inputs"] for key, edition
                                             in stamp["editions"].items()},
                           stamp["sources"], code)
    recorded = stamp.get("sources")
    records = {str(settings.root / path): record for path, record in recorded.items()
               if isinstance(record, list) and len(record) == 3} \
        if isinstance(recorded, dict) else {}
    hashed = partial(hash_files, records=records)
    own = [article_files(settings, slug, run.languages) for slug in library_slugs(settings)]
    owned = {path for files in own for path in files.paths}
    shared = hashlib.sha256(code_fingerprint().encode())
    every = [*owned]
    for folder in (settings.library_dir, settings.locales_dir):
        others = [p for p in _files(folder) if p not in owned]
        every += others
        hashed(others, shared, name=lambda path, folder=folder: path.relative_to(folder))
    shared.update(run.output_key().encode())
    editions, library = {}, shared.copy()
    for files in own:
        common = hashed(files.common, shared.copy(), name=lambda path: path.name)
        library.update(common.digest())
        for language, catalog in files.catalogs.items():
            key = f"{files.slug}/{language}"
            editions[key] = hashed([catalog], common.copy(),
                                   name=lambda path: path.name).hexdigest()
            library.update(editions[key].encode())
    return BuildInputs(library.hexdigest(), editions,
                       {settings.relative(path): records[str(path)]
                        for path in every if str(path) in records}, code)


def _sources_as_left(settings: Settings, stamp: dict, code: str) -> bool:
    """Return whether the files under library/ and locales/ are those the `stamp` recorded
    (no file more or less, each of the size and time it had), read with the same code and
    options: then they hash as they did, and are not even listed by article."""
    sources, editions = stamp.get("sources"), stamp.get("editions")
    if stamp.get("code") != code or not isinstance(sources, dict) or not isinstance(
            editions, dict) or not all(isinstance(e, dict) for e in editions.values()):
        return False
    seen = 0
    for folder in (settings.library_dir, settings.locales_dir):
        start, inside = str(folder), settings.relative(folder)
        for top, _, names in os.walk(start, followlinks=True):  # as _files lists them
            for name in names:
                if os.path.splitext(name)[1] in _SKIPPED:
                    continue
                recorded = sources.get(f"{inside}{top[len(start):]}/{name}")
                try:
                    info = os.stat(f"{top}/{name}")
                except OSError:
                    return False
                if not isinstance(recorded, list) or recorded[:2] != [info.st_size,
                                                                      info.st_mtime_ns]:
                    return False
                seen += 1
    return seen == len(sources)


@gc_paused()
def read_stamp_file(settings: Settings) -> dict:
    """Return the stamp as written ({} if there is none or it is not one)."""
    try:
        stamp = json.loads((settings.cache_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def _manifest_hash(settings: Settings) -> str:
    return _file_hash(settings.manifest_path)


def _previous(settings: Settings):
    """Return the manifest the published one replaced, without its text (None if none)."""
    return read_manifest(settings.previous_manifest_path, blocks=False)


def _published_intact(settings: Settings, recorded: dict) -> bool:
    """Return whether every file the site serves is in place, and each file this build
    published is as it left it: the size and time `recorded` when it finished, or else
    (copied, touched) the size and sha256 the manifest records. Cheap: a stat per file, a hash
    only for a file that changed."""
    manifest = read_manifest(settings.manifest_path, blocks=False)
    if manifest is None:
        return False
    records, named = file_records(manifest), manifest_files(manifest)
    audio = settings.audio_dir
    for name in served_files(manifest, _previous(settings)):
        path = audio / name
        try:
            info = path.stat()
        except OSError:
            return False
        if name in named and (name in recorded or name in records):
            if recorded.get(name) != [info.st_size, info.st_mtime_ns] and (
                    name not in records or not file_matches(path, *records[name])):
                return False
    return True


def _built_stats(stamp: dict) -> dict:
    """Return the size and time each file the stamp's build published had when it finished:
    kept apart only when a served file was missing then, else those of the served files."""
    files = stamp.get("files")
    return files if isinstance(files, dict) else stamp.get("served") or {}


def _published_stats(settings: Settings, manifest: Manifest, unchanged: dict | None = None,
                     touched: tuple[str, ...] = ()) -> tuple[dict, dict | None]:
    """Return the size and modification time of each file the published `manifest` names, and
    of each file the site serves (None when one is missing). A file `unchanged` holds (those
    the last build left, found as it left them) keeps its record there, unless it is under a
    folder this build wrote in (`touched`): only the files of what was built are looked at."""
    stats, served, audio = {}, {}, str(settings.audio_dir)
    unchanged = unchanged if isinstance(unchanged, dict) else {}
    for name in served_files(manifest, _previous(settings)):  # those it names among them
        recorded = unchanged.get(name)
        if recorded is not None and not name.startswith(touched):
            stats[name] = recorded
            if served is not None:
                served[name] = recorded
            continue
        try:
            info = os.stat(f"{audio}/{name}")  # thousands of files: no Path for each
        except OSError:
            served = None  # the next build finds it missing
            continue
        stats[name] = [info.st_size, info.st_mtime_ns]
        if served is not None:
            served[name] = stats[name]
    if served is not None:  # those of the files it names among them: not written twice
        return {}, served
    return {n: stats[n] for n in manifest_files(manifest) if n in stats}, served


def _served_as_left(settings: Settings, stamp: dict) -> bool:
    """Return whether the manifests are those the stamp's build left and every file the site
    serves has the size and time it had then: the no-op check that reads no manifest."""
    served = stamp.get("served")
    if not isinstance(served, dict) or not served or \
            stamp.get("previous") != _file_hash(settings.previous_manifest_path):
        return False
    audio = str(settings.audio_dir)
    for name, recorded in served.items():
        try:
            info = os.stat(f"{audio}/{name}")  # thousands of files: no Path for each
        except OSError:
            return False
        if recorded != [info.st_size, info.st_mtime_ns]:
            return False
    return True


@gc_paused()
def last_stamp(settings: Settings, stamp: dict | None = None) -> dict | None:
    """Return the stamp of the last complete build (`stamp`, read here unless given) if the
    published library is still what it left (the same manifest, every served file in place and
    unchanged), else None."""
    stamp = read_stamp_file(settings) if stamp is None else stamp
    if not stamp or stamp.get("manifest") != _manifest_hash(settings):
        return None  # the published library is not what that build left
    if not _served_as_left(settings, stamp) and not _published_intact(
            settings, _built_stats(stamp)):
        return None
    return stamp


def read_stamp(settings: Settings, inputs: BuildInputs, stamp: dict | None = None
               ) -> dict | None:
    """Return the result the last complete build of these inputs reported (its `stamp`, read
    here unless given), or None."""
    stamp = last_stamp(settings) if stamp is None else stamp
    return stamp.get("result") if stamp and stamp.get("inputs") == inputs.library else None


def unchanged_editions(stamp: dict | None, inputs: BuildInputs) -> dict[str, list[Notice]]:
    """Return the editions ("slug/lang") whose inputs are those of the last complete build
    (its `stamp`, see last_stamp), with the warnings it gave them: the published editions a
    build reuses without planning them again."""
    recorded = stamp.get("editions") if stamp else None
    if not isinstance(recorded, dict):
        return {}
    return {key: notices_from_json(recorded[key]["warnings"])
            for key, digest in inputs.editions.items()
            if isinstance(recorded.get(key), dict) and recorded[key].get("inputs") == digest}


@gc_paused()
def trusted_files(settings: Settings, stamp: dict | None, records: dict) -> dict:
    """Return the files the last complete build (its `stamp`) left, each with the size and time
    it had then and the sha256 `records` (name -> (size, sha256), see known_files) give it:
    what files.trusting takes as unchanged while its size and time are."""
    if not stamp:
        return {}
    served, files = stamp.get("served") or {}, stamp.get("files") or {}
    audio = str(settings.audio_dir)
    trusted = {}
    for name, (size, sha256) in records.items():
        stat = files.get(name) or served.get(name)
        if isinstance(stat, list) and len(stat) == 2 and stat[0] == size:
            trusted[f"{audio}/{name}"] = (size, stat[1], sha256)
    return trusted


@gc_paused()
def write_stamp(settings: Settings, inputs: BuildInputs, result,
                warnings: dict[str, list[Notice]], manifest: Manifest,
                last: dict | None = None, built: Collection[str] = ()) -> None:
    """Keep the inputs' hashes of a complete build with what it published (`manifest`: its
    hash, each file's size and time) and reported, and each edition's warnings. The files the
    `last` stamp (see last_stamp) kept are taken as it kept them, but those of the editions
    ("slug/lang") this build `built`."""
    touched = tuple(f"{key.rsplit('/', 1)[1]}/{key.rsplit('/', 1)[0]}/" for key in built)
    files, served = _published_stats(settings, manifest, (last or {}).get("served"), touched)
    files = files if served is None else None
    editions = {key: {"inputs": digest, "warnings": [n.as_json() for n in warnings.get(key, [])]}
                for key, digest in inputs.editions.items()}
    write_atomic(settings.cache_dir / STAMP_NAME, json.dumps(
        {"inputs": inputs.library, "manifest": _manifest_hash(settings),
         "previous": _file_hash(settings.previous_manifest_path), "files": files,
         "served": served, "editions": editions, "result": asdict(result),
         "sources": inputs.files, "code": inputs.code}, sort_keys=True))
