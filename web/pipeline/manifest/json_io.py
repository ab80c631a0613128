"""manifest.json on disk: written deterministically and atomically, read back into records (the
editions' text with texts.py), a damaged one refused with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..errors import ContentError
from ..files import file_matches, flush_file_system, write_atomic
from ..gc_pause import gc_paused
from .records import (
    MANIFEST_VERSION,
    ArticleEdition,
    Chapter,
    CoverImage,
    FileRecord,
    Manifest,
    ManifestArticle,
    ManifestSection,
    OfflineDownload,
    Picture,
    PictureFile,
    SearchIndex,
    TalkingBook,
    TrackFile,
)
from .texts import block_from_json, deterministic_json, edition_text, read_texts

# The manifests last read without their text, by path, with the identity of the file each was
# read from: a build reads the same manifest in several steps, parsing it once.
_PARSED: dict[str, tuple[tuple, Manifest]] = {}
_KEPT = 8


def _identity(path: Path) -> tuple | None:
    """Return what tells a file from any other and from itself changed, or None if it is not
    there: replaced (a new inode) or written (a new size or time), it is a new file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def _remember(path: Path, identity: tuple | None, manifest: Manifest) -> None:
    if identity is not None:
        _PARSED.pop(str(path), None)
        _PARSED[str(path)] = (identity, manifest)
        for oldest in list(_PARSED)[:-_KEPT]:  # a web worker's threads may read at once
            _PARSED.pop(oldest, None)


def _stored(manifest: Manifest) -> tuple[dict, dict[str, bytes]]:
    """Return the manifest as manifest.json holds it (each edition naming the file of its
    blocks instead of holding them), and the bytes of those files that are made now."""
    texts, articles = {}, []
    for article in manifest.articles:
        editions = {}
        for code, edition in article.editions.items():
            record = edition.text
            if record is None:
                record, texts[record.file] = edition_text(article.slug, edition)
            editions[code] = {**_plain(edition, ("sections", "text")), "text": _plain(record),
                              "sections": [_plain(s, ("blocks",)) for s in edition.sections]}
        articles.append({**_plain(article, ("editions",)), "editions": editions})
    data = {**_plain(manifest, ("articles",)), "articles": articles}
    data["search"] = data["search"] or {}  # no index yet: an empty object, as ever
    return data, texts


_LEAVES = (str, int, float, type(None))  # bool is an int


def _plain(value, leave_out: tuple[str, ...] = ()):
    """Return a record as JSON data, without the fields it should `leave_out`: what asdict
    gives (a thousand articles' manifest in a tenth of its time: nothing is copied). Only its
    fields: not what a record keeps for itself (Manifest's index of its articles)."""
    if isinstance(value, _LEAVES):
        return value
    fields = getattr(value, "__dataclass_fields__", None)
    if fields is not None:
        return {name: _plain(field) for name, field in vars(value).items()
                if name in fields and name not in leave_out}
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


@gc_paused()
def manifest_to_json(manifest: Manifest) -> str:
    """Serialise as manifest.json holds it, deterministically (same manifest, same bytes)."""
    return deterministic_json(_stored(manifest)[0]) + "\n"


def last_good_path(path: Path) -> Path:
    """Return where the copy of the last manifest a build published is kept, beside it: what
    the site serves, and the next build starts from, when the manifest is damaged."""
    return path.with_name("manifest.last-good.json")


@gc_paused()
def write_manifest(manifest: Manifest, path: Path, previous: Path | None = None) -> bool:
    """Write the manifest atomically unless unchanged, then its last good copy; return whether
    the manifest was written.

    With `previous`, the manifest being replaced is kept there first (unless it is damaged), so
    that the files it names can stay servable a while (pages loaded before the swap still play).
    """
    stored, texts = _stored(manifest)
    for name, text in texts.items():  # before the manifest that names them
        if not file_matches(path.parent / name, len(text), hashlib.sha256(text).hexdigest()):
            write_atomic(path.parent / name, text, durable=False)
    data = (deterministic_json(stored) + "\n").encode("utf-8")
    written, good = True, last_good_path(path)
    kept = good.read_bytes() if good.exists() else None
    if path.exists():
        identity, old = _identity(path), path.read_bytes()
        if old == data:
            written = False
        # A manifest that is its last good copy was whole when written: not parsed again.
        elif previous is not None and (old == kept or read_manifest(path, blocks=False)
                                       is not None):
            write_atomic(previous, old)
            parsed = _PARSED.get(str(path))
            if parsed and parsed[0] == identity:  # read already: the same manifest
                _remember(previous, _identity(previous), parsed[1])
    flush_file_system(path.parent)  # every file it names on disk first (none flushed alone)
    if written:
        write_atomic(path, data)
    if kept != data:
        write_atomic(good, data)  # after the swap: it never names files not yet published
    return written


@gc_paused()
def load_manifest(path: Path, label: str | None = None, *, blocks: bool = True,
                  remember: bool = True) -> Manifest:
    """Read a manifest; raise ContentError (naming it `label`, or its path) if it is missing or
    not one: not JSON, not an object, without the keys and values a manifest holds.

    With `blocks`, every edition's blocks are read from their files too (a missing or damaged
    one is an error); without, each edition names its file (`text`) and its sections hold no
    blocks until `read_texts` or `with_text` reads them; without `remember`, it is not kept.
    """
    where = label or str(path)
    identity = _identity(path)
    parsed = _PARSED.get(str(path))
    if not blocks and parsed and identity is not None and parsed[0] == identity:
        return parsed[1]
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ContentError(f"{where}: no manifest. Run 'manage_content.py build' first.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ContentError(f"{where}: not a valid manifest ({error}). Build again.") from None
    if not isinstance(data, dict):
        kind = "array" if isinstance(data, list) else "null" if data is None else "value"
        raise ContentError(f"{where}: not a valid manifest (a JSON {kind}, not an object). "
                           "Build again.")
    if data.get("version") != MANIFEST_VERSION:
        raise ContentError(f"{where}: manifest version {data.get('version')} is not "
                           f"{MANIFEST_VERSION}. Build again.")
    try:
        search = data.get("search")
        manifest = Manifest(
            library=data["library"],
            languages=tuple(data["languages"]),
            articles=tuple(map(_article, data["articles"])),
            topics=dict(data.get("topics", {})),
            search=SearchIndex(search["folder"], tuple(search["files"])) if search else None,
            formats=dict(data.get("formats", {})),
            books={slug: {code: TalkingBook(**book) for code, book in of.items()}
                   for slug, of in data.get("books", {}).items()},
            covers={code: CoverImage(**c) for code, c in data.get("covers", {}).items()},
            pictures={name: _picture(p) for name, p in data.get("pictures", {}).items()},
            downloads={slug: {code: OfflineDownload(**d) for code, d in of.items()}
                       for slug, of in data.get("downloads", {}).items()},
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ContentError(f"{where}: not a valid manifest ({type(error).__name__}: {error}). "
                           "Build again.") from None
    if blocks:
        return read_texts(manifest, path.parent, str(Path(where).parent))
    if remember:
        _remember(path, identity, manifest)
    return manifest


def read_manifest(path: Path, *, blocks: bool = True, remember: bool = True) -> Manifest | None:
    """Return the manifest at `path` (see load_manifest), or None if there is none or it
    cannot be read."""
    try:
        return load_manifest(path, blocks=blocks, remember=remember)
    except ContentError:
        return None


def read_published_manifest(path: Path) -> Manifest | None:
    """Return the manifest at `path`, or its last good copy when it is missing or damaged,
    without the editions' text (see read_texts)."""
    return read_manifest(path, blocks=False) or read_manifest(last_good_path(path), blocks=False)


def _track(data: dict) -> TrackFile:
    lite = data.get("lite")
    return TrackFile(**{**data, "engines": tuple(data["engines"]),
                        "lite": FileRecord(**lite) if lite else None})


def _picture(data: dict) -> Picture:
    return Picture(data["source"], data["sha256"],
                   tuple(PictureFile(**size) for size in data["sizes"]),
                   PictureFile(**data["lite"]))


def _article(data: dict) -> ManifestArticle:
    """Read an article (its editions' blocks when the manifest holds them, as older ones do)."""
    editions = {}
    for language, e in data["editions"].items():
        sections = tuple(
            ManifestSection(id=s["id"], title=s["title"], track=_track(s["track"]),
                            blocks=tuple(map(block_from_json, s.get("blocks", ()))))
            for s in e["sections"]
        )
        editions[language] = ArticleEdition(**{
            **e, "sections": sections, "text": e.get("text") and FileRecord(**e["text"]),
            "track": _track(e["track"]), "chapters": tuple(Chapter(**c) for c in e["chapters"]),
            "pictures": None if e.get("pictures") is None else tuple(e["pictures"])})
    return ManifestArticle(slug=data["slug"], source=data["source"], editions=editions,
                           topics=tuple(data.get("topics", ())),
                           easy_read_of=data.get("easy_read_of", ""),
                           glossary=data.get("glossary", False),
                           origin=data.get("origin", {}))
