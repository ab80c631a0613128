"""The search index: every edition's text, which is the transcript of its audio, indexed per
language by Pagefind (the `pagefind-bin` package ships its binary) for search with no server.

Pagefind indexes HTML pages, so each edition is written as a small page of its own, in its
language (`<html lang>`: Pagefind stems its words with that language's stemmer and keeps one
index per language): its title, summary and every block, each block with the id of its passage
on the article page (`transcript.passage_anchor`), so a word found leads to the passage that
holds it; the audio's length as metadata. The index is published under
audio/search/<hash of those pages>/: an unchanged library reuses its index, a changed one gets a
new folder, and the manifest names it. Pagefind folds case and accents ("hematoencefalica"
finds "hematoencefálica"); search.js asks for whole words only. When indexing fails, the build
warns and the manifest keeps naming the last good index.

An edit costs what it changed: each language is indexed on its own (into .cache/search/), and
the published folder joins the languages' indexes, so an edit in one language indexes that
language only; each edition's page is kept in .cache/search/pages/ under a key of what it
shows, so a language is indexed again without reading its unchanged editions' text; the
pages Pagefind reads stay in .cache/search/site/ (links to the kept pages), where an edit
changes only its own; the index it replaces is deleted in the background. A language of many
pages is indexed in shards of about PAGES_PER_SHARD pages (each page's shard fixed by its slug),
so an edit indexes its own shard again, not the whole language: shard 0 of every language is the
published folder's index, and each further shard is a folder of its own, `<language>-<n>/`,
that search.js merges into the search of its language.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path

from ..article_files import code_fingerprint
from ..files import write_atomic
from ..manifest import ArticleEdition, Manifest, SearchIndex, edition_text, ensure_text
from ..manifest.texts import deterministic_json
from ..settings import Settings
from ..transcript import passage_anchor

SEARCH_FOLDER = "search"
# What the search page uses of Pagefind's output (its own interfaces are left out).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*",
          "pagefind-highlight.js")
TIMEOUT = 300  # seconds
ENTRY = "pagefind-entry.json"  # names each language's index
SITE = "site"  # in .cache/search/: each language's pages as Pagefind reads them, kept
DISCARDED = ".discarded-"  # the bins of old indexes being deleted, in .cache/search/
# Pages of a language Pagefind indexes together: an edit indexes its shard again (about a
# quarter of a second), and a search fetches one more small index per shard.
PAGES_PER_SHARD = 250


def edition_pages(manifest: Manifest) -> dict[str, str]:
    """Return the page to index for each edition: path ("es/<slug>/index.html") -> HTML."""
    return {f"{code}/{article.slug}/index.html": edition_page(code, edition)
            for article in manifest.articles
            for code, edition in sorted(article.editions.items())}


def edition_page(code: str, edition: ArticleEdition) -> str:
    """Return the page that indexes an edition (with its blocks) in language `code`."""
    meta = {"audio": "yes" if edition.duration_ms else "no",
            "duration_ms": edition.duration_ms, "title_lang": edition.title_language}
    blocks = "".join(_block(b, code, passage_anchor(s, b))
                     for s in edition.sections for b in s.blocks)
    return (f'<!doctype html><html lang="{code}"><head><meta charset="utf-8">'
            f"<title>{escape(edition.title)}</title></head><body>"
            f"<main data-pagefind-body>{''.join(_meta(k, v) for k, v in meta.items())}"
            f"<h1>{escape(edition.title)}</h1>{_block(edition.summary_block, code)}"
            f"{blocks}</main></body></html>\n")


def page_key(slug: str, code: str, edition: ArticleEdition) -> str:
    """Return a hash of what an edition's page shows, from the manifest's record of it (its
    text file's hash, made now for an edition just built): its page is kept under it."""
    text = edition.text or edition_text(slug, edition)[0]
    return hashlib.sha256(json.dumps([
        code_fingerprint(), code, slug, text.sha256, [s.id for s in edition.sections],
        edition.title, edition.title_language, edition.summary, edition.summary_language,
        edition.summary_state, edition.duration_ms]).encode()).hexdigest()


def make(settings: Settings, manifest: Manifest, previous: Manifest | None
         ) -> tuple[SearchIndex | None, str | None]:
    """Return the index of the manifest's editions, made now unless an index of the same pages
    is on disk whole (each language's shard indexed again only if its pages changed); on
    failure, the previous index and what went wrong."""
    keys: dict[str, dict[str, str]] = {}
    for article in manifest.articles:
        for code, edition in article.editions.items():
            keys.setdefault(code, {})[article.slug] = page_key(article.slug, code, edition)
    parts = {(code, number): pages for code, of in sorted(keys.items())
             for number, pages in enumerate(shards(of))}
    digests = {part: _digest(sorted(pages.items())) for part, pages in parts.items()}
    folder = f"{SEARCH_FOLDER}/{_digest(sorted(digests.values()))[:16]}"
    target = settings.audio_dir / folder
    cache = settings.cache_dir / SEARCH_FOLDER
    try:
        discard(list(cache.glob(f"{DISCARDED}*")), cache)  # what the last build left
        if not (target / "pagefind.js").is_file():  # written whole or not at all
            with ThreadPoolExecutor(2) as both_cores:  # Pagefind runs outside the GIL
                indexes = dict(zip(parts, both_cores.map(
                    lambda part: _shard_index(settings, manifest, part, parts[part],
                                              digests[part]), parts), strict=True))
            sites = {f"{code}-{number}" for code, number in parts}
            discard([old for old in cache.iterdir() if old.is_dir() and old.name not in (
                SITE, "pages") and not old.name.startswith(DISCARDED)
                and old not in indexes.values()]
                    + [old for old in (cache / SITE).glob("*") if old.name not in sites], cache)
            join_indexes(indexes, target)
    except (OSError, subprocess.SubprocessError) as error:
        return (previous.search if previous else None,
                f"search index: {error}; the site keeps its previous index")
    return SearchIndex(folder, tuple(sorted(p.relative_to(target).as_posix()
                                            for p in target.rglob("*") if p.is_file()))), None


def shards(keys: dict[str, str]) -> list[dict[str, str]]:
    """Return a language's pages (slug -> page key) in shards of about PAGES_PER_SHARD, each
    page in the shard its slug's hash picks: the same shard from build to build, as long as
    the language has as many shards."""
    count = max(1, -(-len(keys) // PAGES_PER_SHARD))
    parts: list[dict[str, str]] = [{} for _ in range(count)]
    for slug, key in sorted(keys.items()):
        parts[int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16) % count][slug] = key
    return [part for part in parts if part] or [{}]


def _digest(items) -> str:
    return hashlib.sha256(json.dumps(items).encode()).hexdigest()


def _shard_index(settings: Settings, manifest: Manifest, part: tuple[str, int],
                 keys: dict[str, str], digest: str) -> Path:
    """Return the folder of the index of one shard of a language's pages (`keys`: slug ->
    page key), made now unless made already."""
    code, number = part
    cache = settings.cache_dir / SEARCH_FOLDER
    out = cache / f"{code}-{number}-{digest[:16]}"
    if not (out / ENTRY).is_file():
        site = cache / SITE / f"{code}-{number}"
        place_pages(site, code, {slug: _kept_page(settings, manifest, code, slug, key)
                                 for slug, key in keys.items()})
        write_index(site, code, out)
    return out


def place_pages(site: Path, code: str, pages: Mapping[str, Path]) -> None:
    """Make `site`/<code>/ hold these pages (slug -> its kept file) as <slug>/index.html, and
    no others: a page already linked to its kept file is left as it is."""
    folder = site / code
    folder.mkdir(parents=True, exist_ok=True)
    for slug, page in pages.items():
        path = folder / slug / "index.html"
        try:
            if os.path.samefile(page, path):
                continue
        except OSError:
            path.parent.mkdir(exist_ok=True)
        linked = path.with_name(".index.html.tmp")
        linked.unlink(missing_ok=True)
        _link_or_copy(page, linked)
        os.replace(linked, path)
    for entry in os.scandir(folder):
        if entry.name not in pages:
            shutil.rmtree(entry.path, ignore_errors=True)


def discard(folders: Sequence[Path], cache: Path) -> None:
    """Remove `folders` in the background: renamed at once into a bin of their own (so none is
    ever taken for a whole index), deleted while the build goes on; the bins a build leaves
    when it ends, the next one deletes (see make)."""
    if not folders:
        return
    bin_ = Path(tempfile.mkdtemp(prefix=DISCARDED, dir=cache))
    for number, folder in enumerate(folders):
        folder.rename(bin_ / str(number))
    threading.Thread(target=shutil.rmtree, args=(bin_,), kwargs={"ignore_errors": True},
                     daemon=True).start()


def _kept_page(settings: Settings, manifest: Manifest, code: str, slug: str, key: str) -> Path:
    """Return the file of an edition's page: kept in .cache/search/pages/ under its key, else
    made from its blocks (read from its text file if the manifest holds none) and kept."""
    folder = settings.cache_dir / SEARCH_FOLDER / "pages" / code
    path = folder / f"{slug}.{key[:16]}.html"
    if path.is_file():  # written whole or not at all
        return path
    page = edition_page(code, ensure_text(manifest.article(slug).editions[code],
                                          settings.audio_dir))
    for old in folder.glob(f"{slug}.*.html"):
        old.unlink(missing_ok=True)
    write_atomic(path, page)
    return path


def join_indexes(indexes: Mapping[tuple[str, int], Path], target: Path) -> None:
    """Publish the shards' `indexes` ((language, shard) -> folder) as one Pagefind index in
    `target`: shard 0 of every language in it (each language's files as they are, one entry
    file naming them all), each further shard in `<language>-<n>/` with only what a merged
    index reads (its entry, meta, index and fragments); whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".index.", dir=target.parent))
    try:
        entries: dict[Path, dict] = {}
        for (code, number), index in sorted(indexes.items()):
            into = work if number == 0 else work / f"{code}-{number}"
            for path in sorted(index.rglob("*")):
                name = path.relative_to(index)
                # The script, worker and fallback stemmer come with each language: once, and
                # only where the search starts (a merged shard uses the first one's).
                if path.is_file() and name.as_posix() != ENTRY and not (into / name).exists() \
                        and (number == 0 or name.parts[0] in ("index", "fragment", "filter")
                             or name.suffix == ".pf_meta"):
                    (into / name).parent.mkdir(parents=True, exist_ok=True)
                    _link_or_copy(path, into / name)
            own, entry = json.loads((index / ENTRY).read_text("utf-8")), entries.get(into, {})
            entries[into] = {**own, "languages": {**entry.get("languages", {}),
                                                  **own["languages"]}}
        for into, entry in entries.items():
            (into / ENTRY).write_text(deterministic_json(entry), "utf-8")
            os.chmod(into, 0o755)
        os.replace(work, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _link_or_copy(source: Path, target: Path) -> None:
    """Link `target` to `source` (never modified: both are content-named), else copy it."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        os.chmod(target, 0o644)


def planned_files(library: str, editions: Sequence[tuple[str, str]]) -> list[str]:
    """Return the index files made again when these editions change: none named, since the
    folder is named by every page indexed and Pagefind names the files in it."""
    return []


def write_index(site: Path, code: str, target: Path) -> None:
    """Index the pages of language `code` in `site` (<code>/<slug>/index.html) with Pagefind
    into `target`, which appears whole or not at all."""
    from pagefind_bin import get_executable  # the binary is looked for only when indexing

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".index.", dir=target.parent))
    try:
        out = work / "out"
        result = subprocess.run([str(get_executable()), "--site", str(site), "--glob",
                                 f"{code}/**/*.html", "--output-path", str(out), "--quiet"],
                                capture_output=True, text=True, timeout=TIMEOUT, check=False)
        if result.returncode != 0:
            raise subprocess.SubprocessError(f"Pagefind failed ({result.returncode}): "
                                             f"{(result.stderr or result.stdout).strip()}")
        for pattern in UNUSED:
            for path in out.glob(pattern):
                path.unlink()
        entry = out / ENTRY  # its languages come in any order: sort them
        entry.write_text(deterministic_json(json.loads(entry.read_text("utf-8"))), "utf-8")
        os.chmod(out, 0o755)
        os.replace(out, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _meta(key: str, value) -> str:
    return f'<data data-pagefind-meta="{key}[value]" value="{escape(str(value))}"></data>'


def _block(block, page_language: str, anchor: str = "") -> str:
    lang = f' lang="{block.language}"' if block.language != page_language else ""
    anchor = f' id="{escape(anchor)}"' if anchor else ""
    tag = "h2" if block.kind == "heading" else "p"
    return f"<{tag}{anchor}{lang}>{escape(block.text)}</{tag}>" if block.text else ""
