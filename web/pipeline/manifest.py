"""audio/manifest.json: the contract between the build and the website.

The build writes it last and atomically; the website reads only it and the files it names.
All file paths in it are relative to the audio folder. Each edition's blocks (its text, with
every sentence's timing) are kept in a file of their own that the manifest names, so a web
worker reads the text of an article only when a page of it is asked for, and the manifest it
holds stays small however large the library grows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from .errors import ContentError
from .files import file_matches, write_atomic
from .states import SOURCE

MANIFEST_VERSION = 1
ARTWORK_TYPE = "image/png"  # the covers artwork.py draws
BINARY = "application/octet-stream"
BOOK_TYPE = "application/epub+zip"
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
class FileRecord:
    """A file the build wrote, with the size and sha256 it must have: the data saver's edition
    of a track (the same sound at a low bitrate, the same cues), or an edition's text."""

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
    lite: FileRecord | None = None  # None in manifests from before the data saver
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
    # The file its sections' blocks are kept in (None until the build writes it). Read without
    # its text (see load_manifest), an edition's sections hold no blocks.
    text: FileRecord | None = field(default=None, compare=False)

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
    # Per article and language, its talking book (talking_books.py):
    # {slug: {language: {"file": ..., "bytes": ..., "sha256": ...}}}.
    books: dict = field(default_factory=dict)
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


def manifest_books(manifest: Manifest) -> Iterator[dict]:
    """Yield the entry of every talking book the manifest names."""
    for books in manifest.books.values():
        yield from books.values()


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
    for book in manifest_books(manifest):
        files[book["file"]] = (BOOK_TYPE, book["sha256"])
    for cover in manifest.covers.values():
        files[cover["file"]] = (ARTWORK_TYPE, cover["sha256"])
    for record in text_records(manifest):
        files[record.file] = ("application/json", record.sha256)
    for name in manifest.search.get("files", ()):
        suffix = name.rsplit(".", 1)[-1]
        files[f"{manifest.search['folder']}/{name}"] = (SEARCH_TYPES.get(suffix, BINARY), None)
    return files


def served_files(manifest: Manifest, previous: Manifest | None) -> dict[str, tuple]:
    """Return the files the site serves: those `manifest` names and those of the one it replaced
    (a page loaded before a build still plays), but none of an article it no longer has, nor
    its talking books or the bundles that held one."""
    files = {}
    if previous:
        kept = tuple(a for a in previous.articles if manifest.article(a.slug))
        bundles = previous.bundles if len(kept) == len(previous.articles) else {}
        books = {slug: b for slug, b in previous.books.items() if manifest.article(slug)}
        files = manifest_files(replace(previous, articles=kept, bundles=bundles, books=books))
    files.update(manifest_files(manifest))
    return files


def _dumps(data, *, indent: int | None = None) -> str:
    """Serialise deterministically (same data, same text)."""
    return json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=True,
                      separators=None if indent else (",", ":"))


def _block_data(block: ManifestBlock) -> dict:
    """Return a block as its edition's text file holds it (what asdict gives, made faster)."""
    return {**vars(block), "sentences": [vars(s) for s in block.sentences],
            "spans": [vars(span) for span in block.spans]}


def edition_text(slug: str, edition: ArticleEdition) -> tuple[FileRecord, bytes]:
    """Return the file that holds an edition's blocks (named by its content) and its bytes."""
    data = _dumps([[_block_data(b) for b in s.blocks] for s in edition.sections]
                  ).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return FileRecord(f"{edition.language}/{slug}/text.{digest[:12]}.json", len(data),
                      digest), data


def text_records(manifest: Manifest) -> Iterator[FileRecord]:
    """Yield the file of each edition's blocks (made from the blocks when they were read)."""
    for article in manifest.articles:
        for edition in article.editions.values():
            yield edition.text or edition_text(article.slug, edition)[0]


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
            editions[code] = replace(edition, text=record, sections=tuple(
                replace(s, blocks=()) for s in edition.sections))
        articles.append(replace(article, editions=editions))
    data = asdict(replace(manifest, articles=tuple(articles)))
    for article in data["articles"]:
        for edition in article["editions"].values():
            for section in edition["sections"]:
                del section["blocks"]
    return data, texts


def manifest_to_json(manifest: Manifest) -> str:
    """Serialise as manifest.json holds it, deterministically (same manifest, same bytes)."""
    return _dumps(_stored(manifest)[0], indent=1) + "\n"


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
    stored, texts = _stored(manifest)
    for name, text in texts.items():  # before the manifest that names them
        target = path.parent / name
        if not file_matches(target, len(text), hashlib.sha256(text).hexdigest()):
            write_atomic(target, text)
    data = (_dumps(stored, indent=1) + "\n").encode("utf-8")
    written = True
    if path.exists():
        old = path.read_bytes()
        if old == data:
            written = False
        elif previous is not None and read_manifest(path, blocks=False) is not None:
            write_atomic(previous, old)
    if written:
        write_atomic(path, data)
    good = last_good_path(path)
    if not good.exists() or good.read_bytes() != data:
        write_atomic(good, data)  # after the swap: it never names files not yet published
    return written


def load_manifest(path: Path, label: str | None = None, *, blocks: bool = True) -> Manifest:
    """Read a manifest; raise ContentError (naming it `label`, or its path) if it is missing or
    not one: not JSON, not an object, without the keys and values a manifest holds.

    With `blocks`, every edition's blocks are read from their files too (a missing or damaged
    one is an error); without, each edition names its file (`text`) and its sections hold no
    blocks until `read_texts` or `with_text` reads them.
    """
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
        manifest = Manifest(
            library=data["library"],
            languages=tuple(data["languages"]),
            articles=tuple(map(_article, data["articles"])),
            bundles=dict(data.get("bundles", {})),
            topics=dict(data.get("topics", {})),
            search=dict(data.get("search", {})),
            formats=dict(data.get("formats", {})),
            books=dict(data.get("books", {})),
            covers=dict(data.get("covers", {})),
        )
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise ContentError(f"{where}: not a valid manifest ({type(error).__name__}: {error}). "
                           "Build again.") from None
    return read_texts(manifest, path.parent, str(Path(where).parent)) if blocks else manifest


def read_manifest(path: Path, *, blocks: bool = True) -> Manifest | None:
    """Return the manifest at `path` (see load_manifest), or None if there is none or it
    cannot be read."""
    try:
        return load_manifest(path, blocks=blocks)
    except ContentError:
        return None


def read_published_manifest(path: Path) -> Manifest | None:
    """Return the manifest at `path`, or its last good copy when it is missing or damaged,
    without the editions' text (see read_texts)."""
    return read_manifest(path, blocks=False) or read_manifest(last_good_path(path), blocks=False)


def read_text(audio: Path, record: FileRecord, label: str = "") -> tuple[tuple, ...]:
    """Return the blocks of each section from an edition's text file under `audio`; raise
    ContentError if it is missing or not what the manifest recorded."""
    path = audio / record.file
    if not file_matches(path, record.bytes, record.sha256):
        raise ContentError(f"{label or audio.name}/{record.file}: missing or damaged. "
                           "Build again.")
    return tuple(tuple(map(_block, section)) for section in json.loads(path.read_bytes()))


def read_texts(manifest: Manifest, audio: Path, label: str = "", *,
               strict: bool = True) -> Manifest:
    """Return the manifest with every edition's blocks read from its file under `audio`; a
    missing or damaged one raises ContentError, or, not `strict`, its edition is left out."""
    articles = []
    for article in manifest.articles:
        editions = {}
        for code, edition in article.editions.items():
            try:
                editions[code] = edition if edition.text is None else \
                    with_text(edition, read_text(audio, edition.text, label))
            except ContentError:
                if strict:
                    raise
        articles.append(replace(article, editions=editions))
    return replace(manifest, articles=tuple(articles))


def with_text(edition: ArticleEdition, sections_blocks: tuple[tuple, ...]) -> ArticleEdition:
    """Return the edition holding these blocks (read by read_text) in its sections."""
    return replace(edition, sections=tuple(
        replace(s, blocks=b) for s, b in zip(edition.sections, sections_blocks, strict=True)))


def file_records(manifest: Manifest) -> dict[str, tuple[int, str]]:
    """Return the size and sha256 the manifest records for each track, data saver track,
    bundle, talking book, cover and edition text it names: what each of those files must
    hold."""
    records = {}
    for track in manifest_tracks(manifest):
        records[track.file] = (track.bytes, track.sha256)
        if track.lite:
            records[track.lite.file] = (track.lite.bytes, track.lite.sha256)
    for entry in (*manifest.bundles.values(), *manifest_books(manifest),
                  *manifest.covers.values()):
        records[entry["file"]] = (entry["bytes"], entry["sha256"])
    for record in text_records(manifest):
        records[record.file] = (record.bytes, record.sha256)
    return records


def _sentence(data: dict) -> Sentence:
    return Sentence(**data)


def _track(data: dict) -> TrackFile:
    lite = data.get("lite")
    return TrackFile(**{**data, "engines": tuple(data["engines"]),
                        "lite": FileRecord(**lite) if lite else None})


def _block(data: dict) -> ManifestBlock:
    return ManifestBlock(**{**data, "sentences": tuple(map(_sentence, data["sentences"])),
                            "spans": tuple(Span(**x) for x in data.get("spans", ()))})


def _article(data: dict) -> ManifestArticle:
    """Read an article (its editions' blocks when the manifest holds them, as older ones do)."""
    editions = {}
    for language, e in data["editions"].items():
        sections = tuple(
            ManifestSection(id=s["id"], title=s["title"], track=_track(s["track"]),
                            blocks=tuple(map(_block, s.get("blocks", ()))))
            for s in e["sections"]
        )
        editions[language] = ArticleEdition(**{
            **e, "sections": sections, "text": e.get("text") and FileRecord(**e["text"]),
            "track": _track(e["track"]), "chapters": tuple(Chapter(**c) for c in e["chapters"])})
    return ManifestArticle(slug=data["slug"], source=data["source"], editions=editions,
                           topics=tuple(data.get("topics", ())),
                           easy_read_of=data.get("easy_read_of", ""),
                           glossary=data.get("glossary", False))
