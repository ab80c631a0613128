"""Publishing: the previous manifest → the next manifest → one atomic swap → old files removed.

The staging area is the audio folder itself: every track is written under a new content-hashed
name, so no file the published manifest names is ever modified. `audio/manifest.json` is the
switch: it is replaced by one atomic rename, and only after every file it names exists. Only then
are files that neither it nor the manifest it replaced names removed (listeners may still be
playing those). A `kill -9` at any moment therefore leaves the last published manifest and all
its files whole, and the next build completes, reusing every clip and track already made.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .artwork import publish_cover
from .audio.bundles import build_bundles
from .files import file_matches
from .manifest import Manifest, ManifestArticle, read_manifest, served_files, write_manifest
from .packaging import PackagedEdition
from .search import SEARCH_FOLDER, build_search_index
from .settings import Settings
from .sources import Article
from .talking_books import build_books
from .topics import topic_names
from .translation.interface import read_interface


@dataclass(frozen=True)
class PublishResult:
    """The manifest now served, whether it changed, how many old files were removed, and what
    could not be made (the build warns, and makes it again next time)."""

    manifest: Manifest
    written: bool
    removed: int
    problems: tuple[str, ...] = ()


def next_manifest(settings: Settings, articles: Sequence[Article],
                  editions: Sequence[PackagedEdition], previous: Manifest | None) -> Manifest:
    """Return the manifest to publish: the editions built now, and those of languages not built
    now carried over from `previous`; a language is listed once it has a published edition."""
    built = {(e.plan.article.slug, e.plan.language):
             e.manifest_entry(settings.credits.get(e.plan.language, {})) for e in editions}
    entries = []
    for article in articles:
        old = previous.article(article.slug) if previous else None
        editions_of = {}
        for code in settings.languages:
            if (article.slug, code) in built:
                editions_of[code] = built[(article.slug, code)]
            elif old and code in old.editions:
                editions_of[code] = old.editions[code]
        entries.append(ManifestArticle(article.slug, article.source, editions_of,
                                       article.topics, article.easy_read_of,
                                       article.glossary))
    published = {code for _, code in built} | {c for entry in entries for c in entry.editions}
    published |= set(previous.languages) if previous else set()
    languages = tuple(code for code in settings.languages if code in published)
    bundles, books = {}, {}
    if previous:  # a bundle stays only while its language's editions are what it was made of

        def editions_in(code: str, articles_of) -> list:
            return [(a.slug, a.editions.get(code)) for a in articles_of]

        bundles = {code: bundle for code, bundle in previous.bundles.items()
                   if code in languages
                   and editions_in(code, entries) == editions_in(code, previous.articles)}
        # A talking book stays while its edition is what it was made of.
        books = {slug: {code: book for code, book in of.items()
                        if code in languages and _same_edition(entries, previous, slug, code)}
                 for slug, of in previous.books.items()}
        books = {slug: of for slug, of in books.items() if of}
    # The last good search index stays until publish() makes the next (or cannot).
    return Manifest(settings.name, languages, tuple(entries), bundles=bundles, books=books,
                    topics=topic_names(settings, articles, languages),
                    search=previous.search if previous else {},
                    covers=previous.covers if previous else {},
                    formats={code: settings.formats[code] for code in languages
                             if code in settings.formats})


def _same_edition(entries, previous: Manifest, slug: str, code: str) -> bool:
    new, old = (next((a for a in articles if a.slug == slug), None)
                for articles in (entries, previous.articles))
    return bool(new and old) and new.editions.get(code) == old.editions.get(code)


def publish(settings: Settings, manifest: Manifest) -> PublishResult:
    """Make the talking books, covers and offline bundles that are missing or damaged and the
    search index, swap the manifest in, and remove files no one names."""
    # Order matters: the bundles hold the talking books, so a language with a book made now
    # gets its bundle made again.
    interfaces = {code: read_interface(settings, code) for code in manifest.languages}
    books, remade = _books(settings, manifest, interfaces)
    missing = {code: interfaces[code] for code in manifest.languages
               if code in remade or not _bundle_intact(settings, manifest.bundles.get(code))}
    covers = {code: publish_cover(settings.audio_dir, code, interfaces[code].cover(
        settings.name), manifest.covers.get(code)) for code in manifest.languages}
    manifest = replace(manifest, books=books, covers=covers)
    manifest = replace(manifest, bundles={
        **manifest.bundles, **build_bundles(manifest, settings.audio_dir, missing)})
    search, problem = build_search_index(settings, manifest)
    manifest = replace(manifest, search=search)
    written = write_manifest(manifest, settings.manifest_path, settings.previous_manifest_path)
    return PublishResult(manifest, written, collect_garbage(settings, manifest),
                         (problem,) if problem else ())


def _books(settings: Settings, manifest: Manifest, interfaces: dict) -> tuple[dict, set[str]]:
    """Return the manifest's talking books with those missing or damaged made again (in the
    words of `interfaces`, per language), and the languages of those made."""
    wanted = {(a.slug, code) for a in manifest.articles for code in a.editions
              if not _bundle_intact(settings, manifest.books.get(a.slug, {}).get(code))}
    made = build_books(manifest, settings.audio_dir, interfaces, wanted)
    books = {a.slug: {code: made.get(a.slug, {}).get(code) or manifest.books[a.slug][code]
                      for code in a.editions} for a in manifest.articles if a.editions}
    return books, {code for _, code in wanted}


def _bundle_intact(settings: Settings, bundle: dict | None) -> bool:
    """Tell whether a bundle (or talking book) the manifest carries over is on disk as it
    records it (one lost or damaged is made again)."""
    return bundle is not None and file_matches(settings.audio_dir / bundle["file"],
                                               bundle["bytes"], bundle["sha256"])


def collect_garbage(settings: Settings, manifest: Manifest) -> int:
    """Remove files under audio/<language>/ the site no longer serves (manifest.served_files);
    return how many were removed."""
    previous = read_manifest(settings.previous_manifest_path, blocks=False)
    keep = set(served_files(manifest, previous))
    removed = 0
    audio = settings.audio_dir
    for stray in audio.glob(".manifest*.json.*.tmp"):
        stray.unlink(missing_ok=True)
        removed += 1
    for code in (*settings.languages, SEARCH_FOLDER):
        folder = audio / code
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_file() and path.relative_to(audio).as_posix() not in keep:
                path.unlink(missing_ok=True)
                removed += 1
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return removed
