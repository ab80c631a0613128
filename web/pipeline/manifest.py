"""audio/manifest.json: the contract between the build and the website.

The build writes it last and atomically; the website reads only it and the files it names.
All file paths in it are relative to the audio folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .errors import ContentError
from .files import write_atomic
from .states import SOURCE

MANIFEST_VERSION = 1
ARTWORK_TYPE = "image/png"  # the covers artwork.py draws
BINARY = "application/octet-stream"
SEARCH_TYPES = {"js": "text/javascript", "json": "application/json", "css": "text/css"}


@dataclass(frozen=True)
class Sentence:
    """One spoken sentence and where it sits in its section track (milliseconds)."""

    text: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class Span:
    """Emphasis, code or a link over characters [start, end) of a block's plain text."""

    start: int
    end: int
    kind: str  # "em", "strong", "code", "del" or "link"
    href: str = ""  # a link's target: shown, never spoken


@dataclass(frozen=True)
class ManifestBlock:
    """A heading or paragraph as published in one language.

    `language` is the language the text is in: the page's language, or the source language when
    the translation is missing or unreviewed (`state` says which).
    """

    id: str
    kind: str  # heading, paragraph, item, cell, caption, quote or attribution (see sources.py)
    text: str  # plain text, as spoken; `spans` carry its emphasis and links
    language: str
    state: str  # one of states.py
    sentences: tuple[Sentence, ...] = ()
    spans: tuple[Span, ...] = ()
    level: int = 0  # a heading's level, 2 to 4
    group: str = ""  # the list, table or quote the block belongs to
    number: int = 0  # an ordered list item's number
    row: int = 0  # a table cell's row (0: the header row) and column
    column: int = 0


@dataclass(frozen=True)
class LiteFile:
    """The data saver's edition of a track: the same sound at a low bitrate, the same cues."""

    file: str
    bytes: int
    sha256: str


@dataclass(frozen=True)
class TrackFile:
    """One published MP3 with its WebVTT cues."""

    file: str  # e.g. "en/heroin-and-the-brain/01-intro.3f2a9c1b.mp3"
    vtt: str
    duration_ms: int
    bytes: int
    sha256: str
    engines: tuple[str, ...]  # the engines that voiced its sentences
    lite: LiteFile | None = None  # None in manifests from before the data saver
    words: bool = False  # its cues time the shown words (<00:00:01.234> before each one)


@dataclass(frozen=True)
class Chapter:
    """A chapter of the whole-article track: one per section."""

    section: str
    title: str
    start_ms: int
    end_ms: int


@dataclass(frozen=True)
class ManifestSection:
    id: str
    title: str  # the heading text, or the interface's "Introduction" for the intro
    blocks: tuple[ManifestBlock, ...]
    track: TrackFile


@dataclass(frozen=True)
class ArticleEdition:
    """An article in one language."""

    language: str
    title: str
    summary: str
    title_language: str
    duration_ms: int
    sections: tuple[ManifestSection, ...]
    track: TrackFile  # the whole article, with ID3 chapters
    chapters: tuple[Chapter, ...]
    counts: dict = field(default_factory=dict)  # blocks per state
    credits: dict = field(default_factory=dict)  # translator / reviewer, as library.toml names
    # them; labels.py says which of them the edition's text may credit
    title_state: str = SOURCE  # the title's and summary's states (source in older manifests)
    summary_language: str = ""  # "" in older manifests: the title's
    summary_state: str = SOURCE

    @property
    def title_block(self) -> ManifestBlock:
        """The title as a block: its text, language and state."""
        return ManifestBlock("title", "title", self.title, self.title_language, self.title_state)

    @property
    def summary_block(self) -> ManifestBlock:
        """The summary as a block: its text, language and state."""
        return ManifestBlock("summary", "summary", self.summary,
                             self.summary_language or self.title_language, self.summary_state)


@dataclass(frozen=True)
class ManifestArticle:
    slug: str
    source: str
    editions: dict  # language -> ArticleEdition
    topics: tuple[str, ...] = ()  # topic slugs, as the front matter lists them
    easy_read_of: str = ""  # the article this one is the easy read of (editions.py)
    glossary: bool = False  # the library's spoken glossary (editions.py)


@dataclass(frozen=True)
class Manifest:
    library: str
    languages: tuple[str, ...]
    articles: tuple[ManifestArticle, ...]
    version: int = MANIFEST_VERSION
    # Per language, a download of everything for offline listening: a zip of the MP3s, an M3U
    # playlist and the transcripts ({"file": ..., "bytes": ..., "sha256": ...}).
    bundles: dict = field(default_factory=dict)
    # Per language, what each topic is called: {topic: {"name": ..., "language": ...}}.
    topics: dict = field(default_factory=dict)
    # The search index (see search.py): {"folder": "search/<hash>", "files": [names in it]}.
    search: dict = field(default_factory=dict)
    # Per language, the CLDR locale of its formats when not the language's own ("es": "es_419").
    formats: dict = field(default_factory=dict)
    # Per language, the library's cover (artwork.py): {"file": ..., "bytes": ..., "sha256": ...}.
    covers: dict = field(default_factory=dict)

    def article(self, slug: str) -> ManifestArticle | None:
        """Return the article with this slug, or None."""
        return next((a for a in self.articles if a.slug == slug), None)

    def easy_read_for(self, slug: str) -> ManifestArticle | None:
        """Return the easy-read edition of the article `slug`, or None."""
        return next((a for a in self.articles if a.easy_read_of == slug), None)

    @property
    def glossary(self) -> ManifestArticle | None:
        """Return the library's glossary, or None."""
        return next((a for a in self.articles if a.glossary), None)


def manifest_tracks(manifest: Manifest) -> Iterator[TrackFile]:
    """Yield every track the manifest names: each edition's sections, then its whole article."""
    for article in manifest.articles:
        for edition in article.editions.values():
            yield from (s.track for s in edition.sections)
            yield edition.track


def manifest_files(manifest: Manifest) -> dict[str, tuple[str, str | None]]:
    """Return every file the manifest names: path -> (media type, sha256 when known)."""
    files = {}
    for track in manifest_tracks(manifest):
        files[track.file] = ("audio/mpeg", track.sha256)
        files[track.vtt] = ("text/vtt", None)
        if track.lite:
            files[track.lite.file] = ("audio/mpeg", track.lite.sha256)
    for bundle in manifest.bundles.values():
        files[bundle["file"]] = ("application/zip", bundle.get("sha256"))
    for cover in manifest.covers.values():
        files[cover["file"]] = (ARTWORK_TYPE, cover["sha256"])
    for name in manifest.search.get("files", ()):
        suffix = name.rsplit(".", 1)[-1]
        files[f"{manifest.search['folder']}/{name}"] = (SEARCH_TYPES.get(suffix, BINARY), None)
    return files


def served_files(manifest: Manifest, previous: Manifest | None) -> dict[str, tuple]:
    """Return the files the site serves: those `manifest` names and those of the one it replaced
    (a page loaded before a build still plays), but none of an article it no longer has, nor
    the bundles that held one."""
    files = {}
    if previous:
        kept = tuple(a for a in previous.articles if manifest.article(a.slug))
        bundles = previous.bundles if len(kept) == len(previous.articles) else {}
        files = manifest_files(replace(previous, articles=kept, bundles=bundles))
    files.update(manifest_files(manifest))
    return files


def manifest_to_json(manifest: Manifest) -> str:
    """Serialise deterministically (same manifest, same bytes)."""
    return json.dumps(asdict(manifest), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def last_good_path(path: Path) -> Path:
    """Return where the copy of the last manifest a build published is kept, beside it: what
    the site serves, and the next build starts from, when the manifest is damaged."""
    return path.with_name("manifest.last-good.json")


def write_manifest(manifest: Manifest, path: Path, previous: Path | None = None) -> bool:
    """Write the manifest atomically unless unchanged, then its last good copy; return whether
    the manifest was written.

    With `previous`, the manifest being replaced is kept there first (unless it is damaged), so
    that the files it names can stay servable a while (pages loaded before the swap still play).
    """
    data = manifest_to_json(manifest).encode("utf-8")
    written = True
    if path.exists():
        old = path.read_bytes()
        if old == data:
            written = False
        elif previous is not None and read_manifest(path) is not None:
            write_atomic(previous, old)
    if written:
        write_atomic(path, data)
    good = last_good_path(path)
    if not good.exists() or good.read_bytes() != data:
        write_atomic(good, data)  # after the swap: it never names files not yet published
    return written


def load_manifest(path: Path, label: str | None = None) -> Manifest:
    """Read a manifest; raise ContentError (naming it `label`, or its path) if it is missing or
    not one: not JSON, not an object, without the keys and values a manifest holds."""
    where = label or str(path)
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
        return Manifest(
            library=data["library"],
            languages=tuple(data["languages"]),
            articles=tuple(_article(a) for a in data["articles"]),
            bundles=dict(data.get("bundles", {})),
            topics=dict(data.get("topics", {})),
            search=dict(data.get("search", {})),
            formats=dict(data.get("formats", {})),
            covers=dict(data.get("covers", {})),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ContentError(f"{where}: not a valid manifest ({type(error).__name__}: {error}). "
                           "Build again.") from None


def read_manifest(path: Path) -> Manifest | None:
    """Return the manifest at `path`, or None if there is none or it cannot be read."""
    try:
        return load_manifest(path)
    except ContentError:
        return None


def read_published_manifest(path: Path) -> Manifest | None:
    """Return the manifest at `path`, or its last good copy when it is missing or damaged."""
    return read_manifest(path) or read_manifest(last_good_path(path))


def file_records(manifest: Manifest) -> dict[str, tuple[int, str]]:
    """Return the size and sha256 the manifest records for each track, data saver track,
    bundle and cover it names: what each of those files must hold."""
    records = {}
    for track in manifest_tracks(manifest):
        records[track.file] = (track.bytes, track.sha256)
        if track.lite:
            records[track.lite.file] = (track.lite.bytes, track.lite.sha256)
    for entry in (*manifest.bundles.values(), *manifest.covers.values()):
        records[entry["file"]] = (entry["bytes"], entry["sha256"])
    return records


def _sentence(data: dict) -> Sentence:
    return Sentence(**data)


def _track(data: dict) -> TrackFile:
    lite = data.get("lite")
    return TrackFile(**{**data, "engines": tuple(data["engines"]),
                        "lite": LiteFile(**lite) if lite else None})


def _article(data: dict) -> ManifestArticle:
    editions = {}
    for language, e in data["editions"].items():
        sections = tuple(
            ManifestSection(
                id=s["id"],
                title=s["title"],
                track=_track(s["track"]),
                blocks=tuple(
                    ManifestBlock(**{**b, "sentences": tuple(map(_sentence, b["sentences"])),
                                     "spans": tuple(Span(**x) for x in b.get("spans", ()))})
                    for b in s["blocks"]
                ),
            )
            for s in e["sections"]
        )
        editions[language] = ArticleEdition(
            **{
                **e,
                "sections": sections,
                "track": _track(e["track"]),
                "chapters": tuple(Chapter(**c) for c in e["chapters"]),
            }
        )
    return ManifestArticle(slug=data["slug"], source=data["source"], editions=editions,
                           topics=tuple(data.get("topics", ())),
                           easy_read_of=data.get("easy_read_of", ""),
                           glossary=data.get("glossary", False))
