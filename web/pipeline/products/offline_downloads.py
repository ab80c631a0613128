"""Per-edition downloads for offline listening: one zip per article and language, sized by
that edition's own audio.

`audio/<lang>/<slug>/<slug>-<lang>.<hash8>.zip` holds one folder, `<slug>-<lang>/`, with the
edition's section tracks (`01-intro.mp3`, …), their WebVTT cues, a plain-text transcript, an
M3U8 playlist that plays the sections in order, and the pictures it shows (their largest size).
A phone keeps it as it is: any player opens the playlist, any reader the transcript.

What is left out, and why: the download holds each second of speech once. The whole-article
track repeats the section tracks' audio, and the talking book (talking_books.py) holds that
whole-article track, so either would double the download. The talking book is its own download
beside this one (the article page and the downloads page offer both, each with its size); the
zip is never larger than the edition's section MP3s plus its text and pictures.

Each download is made from one edition only, so an edit remakes the downloads of the editions
it touched and keeps every other one, file and name (`make` reuses the previous manifest's
record of an unchanged edition). A whole-language zip is not made: the static export
(`manage_content.py export`) copies every edition's download with the pages that link them.

The playlist and transcript are in the edition's language: its titles with the labels of
machine drafts and of English shown in place of a translation, and the interface's word for a
picture. The bytes are deterministic (fixed timestamps and permissions, entries in reading
order, MP3s stored since they are already compressed, text deflated), so an unchanged edition
gives the same zip under the same name and nothing is rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path, PurePosixPath

from ..labels import Labels
from ..manifest import (
    ArticleEdition,
    Manifest,
    ManifestArticle,
    ManifestSection,
    OfflineDownload,
    ensure_text,
)
from ..notes import plain_with_notes
from ..settings import Settings
from ..translation.interface import PICTURE, Interface
from .archives import (
    kept_records,
    per_edition,
    published_bytes,
    shown_pictures,
    write_named,
    zip_entries,
)

_HASHED_NAME = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{8}(?P<suffix>\.[a-z0-9]+)$")


def download_name(slug: str, language: str) -> str:
    """Return the download's folder name (and file name, without its hash): `<slug>-<lang>`."""
    return f"{slug}-{language}"


def download_file(slug: str, language: str, digest: str) -> str:
    """Return where an edition's download is published, relative to the audio folder."""
    return f"{language}/{slug}/{download_name(slug, language)}.{digest[:8]}.zip"


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


def download_entries(manifest: Manifest, article: ManifestArticle, language: str,
                     audio_dir: Path, interface: Interface) -> Iterator[tuple[str, bytes]]:
    """Yield (name in the zip, bytes) of an edition's download, in the words of its
    language's `interface`: playlist, transcript, then each section's track and cues, then
    the pictures."""
    edition, labels = ensure_text(article.editions[language], audio_dir), Labels.of(interface)
    folder = download_name(article.slug, language)
    playlist = [(plain_name(s.track.file), s.track.duration_ms, _track_title(edition, s, labels))
                for s in edition.sections]
    title = labels.labelled(edition.title, [edition.title_block])
    yield f"{folder}/{article.slug}.m3u8", render_playlist(title, playlist).encode("utf-8")
    yield (f"{folder}/{article.slug}.txt",
           render_transcript(edition, labels, interface.gettext(PICTURE)).encode("utf-8"))
    for section in edition.sections:
        track = section.track
        yield (f"{folder}/{plain_name(track.file)}",
               published_bytes(audio_dir, track.file, track.sha256))
        yield f"{folder}/{plain_name(track.vtt)}", published_bytes(audio_dir, track.vtt)
    for picture in shown_pictures(manifest, edition):
        yield (f"{folder}/pictures/{plain_name(picture.largest.file)}",
               published_bytes(audio_dir, picture.largest.file, picture.largest.sha256))


def make(settings: Settings, manifest: Manifest, previous: Manifest | None,
         words: Mapping[str, Interface]) -> dict[str, dict[str, OfflineDownload]]:
    """Return the download of every edition the manifest publishes, {slug: {language:
    download}}: the previous one where its edition is unchanged, else made now (in its
    language's `words`)."""
    kept = kept_records(settings.audio_dir, manifest, previous, lambda m: m.downloads)
    return per_edition(manifest, kept, partial(make_downloads, manifest, settings.audio_dir,
                                               words))


def make_downloads(manifest: Manifest, audio_dir: Path, interfaces: Mapping[str, Interface],
                   wanted: set[tuple[str, str]]) -> dict[tuple[str, str], OfflineDownload]:
    """Write the download of each (slug, language) in `wanted` (in the words of that
    language's interface); return their records.

    A download already on disk under its content name, whole, is not written again.
    """
    downloads = {}
    for article in manifest.articles:
        for language in article.editions:
            if (article.slug, language) in wanted:
                data = zip_entries(download_entries(manifest, article, language, audio_dir,
                                                    interfaces[language]))
                downloads[(article.slug, language)] = write_named(audio_dir, data, partial(
                    download_file, article.slug, language), OfflineDownload)
    return downloads


def planned_files(library: str, editions: Sequence[tuple[str, str]]) -> list[str]:
    """Return the downloads made again when these editions ((slug, language)) change, their
    content hash unknown (`*`)."""
    return [download_file(slug, language, "*") for slug, language in editions]


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
