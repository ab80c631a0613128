"""Talking books: each published edition as an EPUB 3 with Media Overlays.

`audio/<lang>/<slug>/<slug>.<hash8>.epub` holds the edition's text as its page shows it (title,
summary, one XHTML document per section, with the page's labels of unreviewed text), the
whole-article MP3, one SMIL document per section that plays each sentence (each word, where the
cues time the words) in step with its text, a table of contents and a cover. Its package
carries the EPUB Accessibility 1.1 metadata readers' apps (Thorium, Apple Books, DAISY players)
and catalogues look for. The bytes depend only on the edition, its audio and the interface's
words, so an unchanged edition gives the same file under the same name.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from markupsafe import escape

from ..artwork import draw_cover
from ..audio.cues import read_vtt
from ..labels import Credits, edition_credits
from ..manifest import (
    BOOK_TYPE,
    ArticleEdition,
    Manifest,
    ManifestArticle,
    TalkingBook,
    ensure_text,
)
from ..settings import Settings
from ..translation.interface import BOOK_SUMMARY, BOOK_SUMMARY_PICTURES, Interface
from .archives import kept_records, per_edition, published_bytes, write_named, zip_entries
from .book_documents import ACTIVE_CLASS, STYLE, BookDocuments, book_picture

INTO = "a talking book"
WORKERS = 2  # books made at once (this machine's cores)
# A fixed date: the book's bytes must not change with the day it is built.
MODIFIED = "2000-01-01T00:00:00Z"
FEATURES = ("synchronizedAudioText", "structuralNavigation", "tableOfContents", "readingOrder",
            "displayTransformability")
CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
</rootfiles>
</container>
"""


def book_file(language: str, slug: str, digest: str) -> str:
    """Return where a talking book is published, relative to the audio folder."""
    return f"{language}/{slug}/{slug}.{digest[:8]}.epub"


def make(settings: Settings, manifest: Manifest, previous: Manifest | None,
         words: Mapping[str, Interface]) -> dict[str, dict[str, TalkingBook]]:
    """Return the talking book of every edition the manifest publishes, {slug: {language:
    book}}: the previous one where it is still good, else made now (in its language's `words`).
    A book's metadata names the article's source and original, so those must be the same."""
    kept = kept_records(settings.audio_dir, manifest, previous, lambda m: m.books,
                        lambda old, new: (old.source, old.origin) == (new.source, new.origin))
    return per_edition(manifest, kept, partial(make_books, manifest, settings.audio_dir, words))


def make_books(manifest: Manifest, audio_dir: Path, interfaces: Mapping[str, Interface],
               wanted: set[tuple[str, str]]) -> dict[tuple[str, str], TalkingBook]:
    """Write the talking book of each (slug, language) in `wanted` (in the words of that
    language's interface); return their records.

    A book already on disk under its content name, whole, is not written again. Books are
    made two at a time: drawing a cover and compressing a book let the other thread run.
    """
    def book(article: ManifestArticle, language: str) -> TalkingBook:
        data = zip_entries(book_entries(manifest.library, article,
                                        ensure_text(article.editions[language], audio_dir),
                                        audio_dir, interfaces[language], manifest.pictures))
        return write_named(audio_dir, data, partial(book_file, language, article.slug),
                           TalkingBook)

    editions = [(article, language) for article in manifest.articles
                for language in article.editions if (article.slug, language) in wanted]
    with ThreadPoolExecutor(WORKERS) as workers:
        made = list(workers.map(lambda edition: book(*edition), editions))
    return {(article.slug, language): record
            for (article, language), record in zip(editions, made, strict=True)}


def planned_files(library: str, editions: Sequence[tuple[str, str]]) -> list[str]:
    """Return the talking books made again when these editions ((slug, language)) change,
    their content hash unknown (`*`)."""
    return [book_file(language, slug, "*") for slug, language in editions]


def book_entries(library: str, article: ManifestArticle, edition: ArticleEdition,
                 audio_dir: Path, interface: Interface, pictures: Mapping | None = None
                 ) -> Iterator[tuple[str, bytes]]:
    """Yield (name in the EPUB, bytes): the mimetype first, then container, package,
    navigation, sections with their overlays, style, audio, cover and the pictures (of
    `pictures`, the manifest's, those the edition shows)."""
    book = BookDocuments(library, article, edition, interface, read_vtt(published_bytes(
        audio_dir, edition.track.vtt, into=INTO).decode("utf-8")), pictures)
    yield "mimetype", BOOK_TYPE.encode()
    yield "META-INF/container.xml", CONTAINER.encode()
    documents = [book.section_document(index) for index in range(len(edition.sections))]
    yield "EPUB/package.opf", _package(book, [d.duration_ms for d in documents]).encode()
    yield "EPUB/nav.xhtml", book.navigation().encode()
    for document in documents:
        yield f"EPUB/{document.name}.xhtml", document.xhtml.encode()
        yield f"EPUB/{document.name}.smil", document.smil.encode()
    yield "EPUB/style.css", STYLE.encode()
    yield "EPUB/audio.mp3", published_bytes(audio_dir, edition.track.file, edition.track.sha256,
                                             INTO)
    yield "EPUB/cover.png", draw_cover(edition.title, book.publisher, direction=book.direction)
    for picture in sorted(book.pictures.values(), key=book_picture):
        yield f"EPUB/{book_picture(picture)}", published_bytes(
            audio_dir, picture.largest.file, picture.largest.sha256, INTO)


def _package(book: BookDocuments, durations: list[int]) -> str:
    """Return package.opf: metadata, manifest of every file, spine of the sections."""
    edition, names = book.edition, book.names
    pictures = sorted(book.pictures.values(), key=book_picture)
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"{book.library}/{book.article.slug}/"
                                                f"{book.language}")
    meta = [f'<dc:identifier id="uid">urn:uuid:{identifier}</dc:identifier>',
            _element("dc:title", edition.title, book.xml_lang(edition.title_language)),
            f"<dc:language>{book.language}</dc:language>",
            # An article written by hand may name no source: no creator then (epubcheck
            # refuses an empty one).
            *([_element("dc:creator", book.article.source)] if book.article.source else []),
            *_provenance(book.article.origin, edition_credits(edition)),
            _element("dc:publisher", book.publisher),
            _element("dc:description", edition.summary,
                     book.xml_lang(edition.summary_block.language)),
            f'<meta property="dcterms:modified">{MODIFIED}</meta>',
            *(_meta("schema:accessMode", mode) for mode in ("textual", "auditory",
                                                            *(("visual",) if pictures else ()))),
            *(_meta("schema:accessModeSufficient", mode)
              for mode in ("textual,auditory", "textual", "auditory")),
            *(_meta("schema:accessibilityFeature", feature)
              for feature in (*FEATURES, *(("alternativeText",) if pictures else ()))),
            _meta("schema:accessibilityHazard", "none"),
            _meta("schema:accessibilitySummary",
                  book.gettext(BOOK_SUMMARY_PICTURES if pictures else BOOK_SUMMARY)),
            _meta("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"),
            _meta("a11y:certifiedBy", book.publisher),
            _meta("media:duration", _clock(sum(durations))),
            *(f'<meta property="media:duration" refines="#{name}-smil">{_clock(ms)}</meta>'
              for name, ms in zip(names, durations, strict=True)),
            _meta("media:active-class", ACTIVE_CLASS)]
    items = ['<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
             'properties="nav"/>',
             '<item id="style" href="style.css" media-type="text/css"/>',
             '<item id="audio" href="audio.mp3" media-type="audio/mpeg"/>',
             '<item id="cover" href="cover.png" media-type="image/png" '
             'properties="cover-image"/>']
    items += [f'<item id="picture-{number}" href="{book_picture(picture)}" '
              f'media-type="{picture.largest.media_type}"/>'
              for number, picture in enumerate(pictures, 1)]
    for name in names:
        items += [f'<item id="{name}" href="{name}.xhtml" media-type="application/xhtml+xml"'
                  f' media-overlay="{name}-smil"/>',
                  f'<item id="{name}-smil" href="{name}.smil" '
                  'media-type="application/smil+xml"/>']
    spine = "\n".join([*(f'<itemref idref="{name}"/>' for name in names),
                       '<itemref idref="nav" linear="no"/>'])
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<package xmlns="http://www.idpf.org/'
            f'2007/opf" version="3.0" unique-identifier="uid" xml:lang="{book.language}" '
            f'dir="{book.direction}">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "\n" + "\n".join(meta) + "\n</metadata>\n<manifest>\n" + "\n".join(items)
            + f'\n</manifest>\n<spine page-progression-direction="{book.direction}">\n'
            f"{spine}\n</spine>\n</package>\n")


def _clock(milliseconds: int) -> str:
    """Return a SMIL clock value (h:mm:ss.fff)."""
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def _provenance(origin: dict, credits: Credits) -> list[str]:
    """Return the metadata of where the article comes from (its original, the date it was
    published, its medical review) and who translated and reviewed this edition, and when."""
    meta = []
    if origin.get("original_url"):
        meta.append(_element("dc:source", origin["original_url"]))
    if origin.get("original_date"):
        meta.append(_meta("dcterms:created", origin["original_date"]))
    if origin.get("medical_review"):
        meta.append(_meta("schema:lastReviewed", origin["medical_review"]))
    if origin.get("medical_reviewer"):
        meta.append(_meta("schema:reviewedBy", origin["medical_reviewer"]))
    # MARC relators: trl the translator, rev the reviewer (of the translation, here).
    for key, role in (("translator", "trl"), ("reviewer", "rev")):
        name = getattr(credits, key)
        if name:
            meta += [_element("dc:contributor", name, f' id="{key}"'),
                     f'<meta refines="#{key}" property="role" scheme="marc:relators">{role}'
                     "</meta>"]
    if credits.reviewer and credits.reviewed:
        meta.append(f'<meta refines="#reviewer" property="dcterms:date">{credits.reviewed}'
                    "</meta>")
    return meta


def _meta(prop: str, value: str) -> str:
    return f'<meta property="{prop}">{escape(value)}</meta>'


def _element(tag: str, text: str, attrs: str = "") -> str:
    return f"<{tag}{attrs}>{escape(text)}</{tag}>"
