"""Per-language downloads for offline listening: a zip sized for a phone.

Each language gets `audio/<lang>/<library>-<lang>.<hash8>.zip` holding one folder with every
section track of that language, their WebVTT cues, one plain-text transcript and one talking
book (EPUB, talking_books.py) per article and an M3U8 playlist that plays the whole library in
order. Whole-article tracks are left out: they
repeat the section audio, so they would double the download for no new listening. The playlist
and transcripts are in the language's words: the library's name as the interface catalog gives
it, and the labels of machine drafts and of English shown in place of a translation.

The bytes are deterministic (fixed timestamps and permissions, entries in library order, MP3s
stored since they are already compressed, text deflated), so an unchanged library gives the same
zip under the same name and nothing is rewritten.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path, PurePosixPath

from babel import Locale

from ..errors import TrackError
from ..files import file_matches, write_atomic
from ..importer import slugify
from ..labels import Labels
from ..manifest import ArticleEdition, Manifest, ManifestArticle, ManifestSection
from ..translation.interface import Interface

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no build time leaks in
# Compressed already, so stored as they are (and an EPUB's mimetype, as EPUB requires).
STORED = (".mp3", ".png", ".epub")
_HASHED_NAME = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{8}(?P<suffix>\.[a-z0-9]+)$")


def bundle_name(library: str, language: str) -> str:
    """Return the bundle's folder name (and file name, without its hash): `<library>-<lang>`."""
    return f"{slugify(library) or 'library'}-{language}"


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


def render_transcript(edition: ArticleEdition, labels: Labels) -> str:
    """Return an article's text as plain text: the title, then each heading and paragraph,
    each with its label, if any."""
    title = labels.labelled(edition.title, [edition.title_block])
    lines = [title, "=" * len(title), ""]
    for section in edition.sections:
        for block in section.blocks:
            text = labels.labelled(block.text, [block])
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
                                    labels)
        book = manifest.books.get(article.slug, {}).get(language)
        if book:
            yield (f"{folder}/{article.slug}/{article.slug}.epub",
                   published_bytes(audio_dir, book["file"], book["sha256"]))


def zip_entries(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """Return a zip of the entries whose bytes depend only on their names and contents."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.create_system = 3  # Unix, so the permissions below mean the same everywhere
            info.external_attr = 0o644 << 16
            stored = name == "mimetype" or name.endswith(STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else 9)
    return buffer.getvalue()


def build_bundles(manifest: Manifest, audio_dir: Path,
                  interfaces: Mapping[str, Interface]) -> dict[str, dict]:
    """Write the offline bundle of each language of `interfaces` (its interface catalog) that
    has articles; return manifest entries.

    A bundle already on disk under its content name, whole, is not written again.
    """
    bundles = {}
    for language, interface in interfaces.items():
        if not any(language in a.editions for a in manifest.articles):
            continue
        data = zip_entries(bundle_entries(manifest, audio_dir, interface))
        digest = hashlib.sha256(data).hexdigest()
        file = f"{language}/{bundle_name(manifest.library, language)}.{digest[:8]}.zip"
        if not file_matches(audio_dir / file, len(data), digest):
            write_atomic(audio_dir / file, data)
        bundles[language] = {"file": file, "bytes": len(data), "sha256": digest}
    return bundles


def _article_entries(folder: str, article: ManifestArticle, edition: ArticleEdition,
                     audio_dir: Path, labels: Labels) -> Iterator[tuple[str, bytes]]:
    yield f"{folder}/{article.slug}.txt", render_transcript(edition, labels).encode("utf-8")
    for section in edition.sections:
        track = section.track
        yield (f"{folder}/{plain_name(track.file)}",
               published_bytes(audio_dir, track.file, track.sha256))
        yield f"{folder}/{plain_name(track.vtt)}", published_bytes(audio_dir, track.vtt)


def published_bytes(audio_dir: Path, file: str, sha256: str | None = None,
                    into: str = "the offline download") -> bytes:
    """Read a file the manifest names to put it `into` a download, refusing one that is
    missing or was changed."""
    try:
        data = (audio_dir / file).read_bytes()
    except FileNotFoundError:
        data = None
    if data is None or (sha256 and hashlib.sha256(data).hexdigest() != sha256):
        state = "is missing" if data is None else "differs from the manifest"
        raise TrackError(f"audio/{file}: {state}, so it cannot go into {into}. "
                         "Build again to publish it afresh.")
    return data


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
