"""Per-language downloads for offline listening: a zip sized for a phone.

Each language gets `audio/<lang>/<library>-<lang>.<hash8>.zip` holding one folder with every
section track of that language, their WebVTT cues, one plain-text transcript, one talking
book (EPUB, talking_books.py) and the pictures (their largest size) per article and an M3U8
playlist that plays the whole library in
order. Whole-article tracks are left out: they
repeat the section audio, so they would double the download for no new listening. The playlist
and transcripts are in the language's words: the library's name as the interface catalog gives
it, and the labels of machine drafts and of English shown in place of a translation.

The bytes are deterministic (fixed timestamps and permissions, entries in library order, MP3s
stored since they are already compressed, text deflated), so an unchanged library gives the same
zip under the same name and nothing is rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path, PurePosixPath

from babel import Locale

from ..labels import Labels
from ..manifest import (
    ArticleEdition,
    Manifest,
    ManifestArticle,
    ManifestSection,
    OfflineBundle,
    Picture,
)
from ..notes import plain_with_notes
from ..settings import Settings
from ..slugs import slugify
from ..translation.interface import PICTURE, Interface
from .archives import published_bytes, write_named, zip_entries

_HASHED_NAME = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{8}(?P<suffix>\.[a-z0-9]+)$")


def bundle_name(library: str, language: str) -> str:
    """Return the bundle's folder name (and file name, without its hash): `<library>-<lang>`."""
    return f"{slugify(library) or 'library'}-{language}"


def bundle_file(library: str, language: str, digest: str) -> str:
    """Return where a language's bundle is published, relative to the audio folder."""
    return f"{language}/{bundle_name(library, language)}.{digest[:8]}.zip"


def plain_name(file: str) -> str:
    """Return a published file's name without its content hash (`01-intro.mp3`)."""
    name = PurePosixPath(file).name
    found = _HASHED_NAME.match(name)
    return f"{found['stem']}{found['suffix']}" if found else name


def render_playlist(title: str, items: Iterable[tuple[str, int, str]]) -> str:
    """Return an M3U8 playlist of (relative path, duration ms, title) items."""
    lines = ["#EXTM3U", f"#PLAYLIST:{_one_line(title)}"]
    for path, duration_ms, name in items:
        lines += [f"#EXTINF:{(duration_ms + 500) // 1000},{_one_line(name)}", path]
    return "\n".join(lines) + "\n"


def render_transcript(edition: ArticleEdition, labels: Labels, picture: str = PICTURE) -> str:
    """Return an article's text as plain text: the title, then each heading and paragraph,
    each with its label, if any (notes and their references numbered "[1]"); a picture's
    description after `picture` ("Picture: …"), a decorative picture not at all."""
    title = labels.labelled(edition.title, [edition.title_block])
    lines = [title, "=" * len(title), ""]
    for section in edition.sections:
        for block in section.blocks:
            if not block.text:
                continue
            text = labels.labelled(plain_with_notes(block), [block])
            text = f"{picture}: {text}" if block.kind == "picture" else text
            lines += [text, "-" * len(text)] if block.kind == "heading" else [text]
            lines.append("")
    return "\n".join(lines)


def bundle_entries(manifest: Manifest, audio_dir: Path, interface: Interface
                   ) -> Iterator[tuple[str, bytes]]:
    """Yield (name in the zip, bytes) for the language of `interface` (its words), playlist
    first, then article by article."""
    language, labels = interface.language, Labels.of(interface)
    folder = bundle_name(manifest.library, language)
    editions = [(a, a.editions[language]) for a in manifest.articles if language in a.editions]
    playlist = [(f"{article.slug}/{plain_name(s.track.file)}", s.track.duration_ms,
                 _track_title(edition, s, labels))
                for article, edition in editions for s in edition.sections]
    title = f"{interface.gettext(manifest.library)} ({Locale.parse(language).language_name})"
    yield f"{folder}/{folder}.m3u8", render_playlist(title, playlist).encode("utf-8")
    for article, edition in editions:
        yield from _article_entries(f"{folder}/{article.slug}", article, edition, audio_dir,
                                    labels, interface.gettext(PICTURE))
        for picture in shown_pictures(manifest, edition):
            yield (f"{folder}/{article.slug}/pictures/{plain_name(picture.largest.file)}",
                   published_bytes(audio_dir, picture.largest.file, picture.largest.sha256))
        book = manifest.books.get(article.slug, {}).get(language)
        if book:
            yield (f"{folder}/{article.slug}/{article.slug}.epub",
                   published_bytes(audio_dir, book.file, book.sha256))


def make(settings: Settings, manifest: Manifest, previous: Manifest | None,
         words: Mapping[str, Interface]) -> dict[str, OfflineBundle]:
    """Return the offline bundle of each language that has articles: the previous one where it
    is still good, else made now (in that language's `words`)."""
    kept = _still_good(settings, manifest, previous)
    return {**kept, **make_bundles(manifest, settings.audio_dir, {
        code: words[code] for code in manifest.languages if code not in kept})}


def _still_good(settings: Settings, manifest: Manifest, previous: Manifest | None
                ) -> dict[str, OfflineBundle]:
    """Return the previous manifest's bundles that hold what this one publishes in their
    language (the same editions, the same talking books) and are on disk as recorded."""
    if previous is None:
        return {}

    def contents(of: Manifest, code: str) -> list:
        return [(a.slug, a.editions.get(code), of.books.get(a.slug, {}).get(code),
                 shown_pictures(of, a.editions[code]) if code in a.editions else [])
                for a in of.articles]

    return {code: bundle for code, bundle in previous.bundles.items()
            if code in manifest.languages and contents(manifest, code) == contents(previous, code)
            and bundle.is_intact(settings.audio_dir)}


def make_bundles(manifest: Manifest, audio_dir: Path,
                 interfaces: Mapping[str, Interface]) -> dict[str, OfflineBundle]:
    """Write the offline bundle of each language of `interfaces` (its interface catalog) that
    has articles; return their records.

    A bundle already on disk under its content name, whole, is not written again.
    """
    bundles = {}
    for language, interface in interfaces.items():
        if any(language in a.editions for a in manifest.articles):
            data = zip_entries(bundle_entries(manifest, audio_dir, interface))
            bundles[language] = write_named(audio_dir, data, partial(
                bundle_file, manifest.library, language), OfflineBundle)
    return bundles


def planned_files(library: str, editions: Sequence[tuple[str, str]]) -> list[str]:
    """Return the bundles made again when these editions ((slug, language)) change, their
    content hash unknown (`*`)."""
    return [bundle_file(library, code, "*") for code in sorted({code for _, code in editions})]


def shown_pictures(manifest: Manifest, edition: ArticleEdition) -> list[Picture]:
    """Return the records of the pictures an edition shows, in the order it shows them."""
    names = dict.fromkeys(b.picture for s in edition.sections for b in s.blocks if b.picture)
    return [manifest.pictures[name] for name in names if name in manifest.pictures]


def _article_entries(folder: str, article: ManifestArticle, edition: ArticleEdition,
                     audio_dir: Path, labels: Labels, picture: str
                     ) -> Iterator[tuple[str, bytes]]:
    yield (f"{folder}/{article.slug}.txt",
           render_transcript(edition, labels, picture).encode("utf-8"))
    for section in edition.sections:
        track = section.track
        yield (f"{folder}/{plain_name(track.file)}",
               published_bytes(audio_dir, track.file, track.sha256))
        yield f"{folder}/{plain_name(track.vtt)}", published_bytes(audio_dir, track.vtt)


def _track_title(edition: ArticleEdition, section: ManifestSection, labels: Labels) -> str:
    """Return "<article> – <section>" with the labels of both titles (the intro's heading is
    the interface's word)."""
    if section.title == edition.title:
        return labels.labelled(edition.title, [edition.title_block])
    headings = [b for b in section.blocks[:1] if b.kind == "heading"]
    return labels.labelled(f"{edition.title} – {section.title}",
                           [edition.title_block, *headings])


def _one_line(text: str) -> str:
    return " ".join(text.split())
