"""The manifest's records: the articles, their editions, sections and tracks, and the products
made from them (talking books, offline downloads, covers, the search index).

All file paths in them are relative to the audio folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import ClassVar

from ..files import file_matches
from ..states import SOURCE

MANIFEST_VERSION = 1
ARTWORK_TYPE = "image/png"  # the covers artwork.py draws
BOOK_TYPE = "application/epub+zip"

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
    kind: str  # "em", "strong", "code", "del", "link" or "noteref" (start == end)
    href: str = ""  # a link's target: shown, never spoken
    number: int = 0  # a note reference's number (notes.py)


@dataclass(frozen=True)
class ManifestBlock:
    """A heading or paragraph as published in one language.

    `language` is the language the text is in: the page's language, or the source language when
    the translation is missing or unreviewed (`state` says which).
    """

    id: str
    kind: str  # heading, paragraph, item, cell, caption, quote, attribution, picture or
    # picture-caption (see blocks.py)
    text: str  # plain text, as spoken; `spans` carry its emphasis and links
    language: str
    state: str  # one of states.py
    sentences: tuple[Sentence, ...] = ()
    spans: tuple[Span, ...] = ()
    level: int = 0  # a heading's level, 2 to 4
    group: str = ""  # the list, table or quote the block belongs to
    number: int = 0  # an ordered list item's number, a note's number
    sublist: str = ""  # a list item's: the first item of the list inside a list it is in
    paragraph: int = 0  # a list item's further paragraph: 2 for its second
    row: int = 0  # a table cell's row (0: the header row) and column
    column: int = 0
    picture: str = ""  # a picture's description and caption: its file in the library, the key
    # of its record in Manifest.pictures


@dataclass(frozen=True)
class FileRecord:
    """A file the build wrote, with the size and sha256 it must have: the data saver's edition
    of a track (the same sound at a low bitrate, the same cues), or an edition's text."""

    file: str
    bytes: int
    sha256: str

    def is_intact(self, audio_dir: Path) -> bool:
        """Tell whether the file is under `audio_dir` as recorded (whole, unchanged)."""
        return file_matches(audio_dir / self.file, self.bytes, self.sha256)


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
    credits: dict = field(default_factory=dict)  # translator / reviewer (as the catalog's header
    # or library.toml names them) and the day of review; labels.py says which the text may credit
    title_state: str = SOURCE  # the title's and summary's states (source in older manifests)
    summary_language: str = ""  # "" in older manifests: the title's
    summary_state: str = SOURCE
    # The file its sections' blocks are kept in (None until the build writes it). Read without
    # its text (see load_manifest), an edition's sections hold no blocks.
    text: FileRecord | None = field(default=None, compare=False)
    # The library files of the pictures it shows, in order, kept beside its text so a build
    # knows them without reading it (None in older manifests: see shown_pictures).
    pictures: tuple[str, ...] | None = field(default=None, compare=False)

    def shown_pictures(self) -> tuple[str, ...]:
        """Return the library files of the pictures it shows, in the order it shows them."""
        if self.pictures is not None:
            return self.pictures
        return tuple(dict.fromkeys(b.picture for s in self.sections for b in s.blocks
                                   if b.picture))

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
    origin: dict = field(default_factory=dict)  # the original's address and date, the medical
    # review's date and reviewer, as the front matter gives them (provenance.py)


@dataclass(frozen=True)
class TalkingBook(FileRecord):
    """An edition as an EPUB 3 talking book (products/talking_books.py)."""

    media_type: ClassVar[str] = BOOK_TYPE


@dataclass(frozen=True)
class OfflineDownload(FileRecord):
    """An edition's download for offline listening: a zip of its section tracks, their cues,
    its transcript, a playlist and its pictures (products/offline_downloads.py)."""

    media_type: ClassVar[str] = "application/zip"


@dataclass(frozen=True)
class CoverImage(FileRecord):
    """A language's cover of the library, a square PNG (products/covers.py)."""

    media_type: ClassVar[str] = ARTWORK_TYPE


@dataclass(frozen=True)
class PictureFile(FileRecord):
    """One published size of a picture (products/pictures.py)."""

    width: int = 0
    height: int = 0
    media_type: str = "image/jpeg"


@dataclass(frozen=True)
class Picture:
    """A library picture as the site shows it: its sizes, narrowest first, for the page's
    srcset, and the data saver's small one (products/pictures.py)."""

    source: str  # its file in the library, "pictures/<name>"
    sha256: str  # of that file: a picture changed under the same name is made again
    sizes: tuple[PictureFile, ...]
    lite: PictureFile

    @property
    def largest(self) -> PictureFile:
        return self.sizes[-1]


@dataclass(frozen=True)
class SearchIndex:
    """The Pagefind index of every edition's text (products/search_index.py)."""

    folder: str  # "search/<hash of the pages indexed>"
    files: tuple[str, ...]  # the index's files, relative to its folder


@dataclass(frozen=True)
class Manifest:
    """The published library: its languages, its articles and what is made from them."""

    library: str
    languages: tuple[str, ...]
    articles: tuple[ManifestArticle, ...]
    version: int = MANIFEST_VERSION
    # Per language, what each topic is called: {topic: {"name": ..., "language": ...}}.
    topics: dict = field(default_factory=dict)
    search: SearchIndex | None = None  # None until a build has indexed the library
    # Per language, the CLDR locale of its formats when not the language's own ("es": "es_419").
    formats: dict = field(default_factory=dict)
    books: dict[str, dict[str, TalkingBook]] = field(default_factory=dict)  # slug -> language
    covers: dict[str, CoverImage] = field(default_factory=dict)  # per language
    pictures: dict[str, Picture] = field(default_factory=dict)  # by their file in the library
    # slug -> language (a manifest from before them had one zip per language, "bundles": not
    # read, the next build makes these)
    downloads: dict[str, dict[str, OfflineDownload]] = field(default_factory=dict)

    def article(self, slug: str) -> ManifestArticle | None:
        """Return the article with this slug, or None."""
        return self._by_slug.get(slug)

    def easy_read_for(self, slug: str) -> ManifestArticle | None:
        """Return the easy-read edition of the article `slug`, or None."""
        return self._easy_reads.get(slug)

    @cached_property
    def _by_slug(self) -> dict[str, ManifestArticle]:
        """The articles by slug: a build looks up each of a thousand (the first of a slug)."""
        found: dict[str, ManifestArticle] = {}
        for article in self.articles:
            found.setdefault(article.slug, article)
        return found

    @cached_property
    def _easy_reads(self) -> dict[str, ManifestArticle]:
        """The easy-read editions by the slug of the article they retell (the first of each)."""
        found: dict[str, ManifestArticle] = {}
        for article in self.articles:
            if article.easy_read_of:
                found.setdefault(article.easy_read_of, article)
        return found

    @property
    def glossary(self) -> ManifestArticle | None:
        """Return the library's glossary, or None."""
        return next((a for a in self.articles if a.glossary), None)
