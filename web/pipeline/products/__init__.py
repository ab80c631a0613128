"""What a build makes from the published editions, besides their tracks: the pictures' sizes,
a talking book and an offline download per edition, a cover per language, and the search index.

Each product is a module of the same shape: `make(...)` keeps the previous manifest's output
where it is still good (on disk as recorded, made from the same editions), makes the rest, and
returns the records the manifest holds; `planned_files(library, editions)` names the files it
would write when those editions change, for a dry run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from ..manifest import Manifest
from ..settings import Settings
from ..translation.interface import read_interface
from . import covers, offline_downloads, pictures, search_index, talking_books


def make_products(settings: Settings, manifest: Manifest, previous: Manifest | None,
                  phase: Callable[[str], None] = lambda name: None
                  ) -> tuple[Manifest, tuple[str, ...]]:
    """Return the manifest holding its products (`previous`'s where still good, the others made
    now) and what could not be made (the build warns, and makes it again next time); `phase`
    hears the name of each product as its turn comes."""
    words = {code: read_interface(settings, code) for code in manifest.languages}
    # The search index needs only the editions' text: Pagefind runs while the rest is made.
    with ThreadPoolExecutor(1) as beside:
        indexing = beside.submit(search_index.make, settings, manifest, previous)
        # Order matters: books and downloads hold the pictures, so the pictures are made first.
        phase("the pictures' sizes")
        manifest = replace(manifest, pictures=pictures.make(settings, manifest, previous, words))
        phase("the talking books")
        manifest = replace(manifest, books=talking_books.make(settings, manifest, previous,
                                                              words))
        phase("the covers")
        manifest = replace(manifest, covers=covers.make(settings, manifest, previous, words))
        phase("the offline downloads")
        manifest = replace(manifest, downloads=offline_downloads.make(settings, manifest,
                                                                      previous, words))
        phase("the search index")
        search, problem = indexing.result()
    return replace(manifest, search=search), (problem,) if problem else ()


def planned_files(library: str, editions: Sequence[tuple[str, str]]) -> list[str]:
    """Return the files the products would write when these editions ((slug, language))
    change, in the order they are made; `*` stands for a content hash not known yet."""
    products = (pictures, talking_books, covers, offline_downloads, search_index)
    return [file for product in products for file in product.planned_files(library, editions)]
