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
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

from ..manifest import Manifest, SearchIndex
from ..settings import Settings
from ..transcript import passage_anchor

SEARCH_FOLDER = "search"
# What the search page uses of Pagefind's output (its own interfaces are left out).
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*",
          "pagefind-highlight.js")
TIMEOUT = 300  # seconds


def edition_pages(manifest: Manifest) -> dict[str, str]:
    """Return the page to index for each edition: path ("es/<slug>/index.html") -> HTML."""
    pages = {}
    for article in manifest.articles:
        for code, edition in sorted(article.editions.items()):
            meta = {"audio": "yes" if edition.duration_ms else "no",
                    "duration_ms": edition.duration_ms, "title_lang": edition.title_language}
            blocks = "".join(_block(b, code, passage_anchor(s, b))
                             for s in edition.sections for b in s.blocks)
            pages[f"{code}/{article.slug}/index.html"] = (
                f'<!doctype html><html lang="{code}"><head><meta charset="utf-8">'
                f"<title>{escape(edition.title)}</title></head><body>"
                f"<main data-pagefind-body>{''.join(_meta(k, v) for k, v in meta.items())}"
                f"<h1>{escape(edition.title)}</h1>{_block(edition.summary_block, code)}"
                f"{blocks}</main></body></html>\n")
    return pages


def make(settings: Settings, manifest: Manifest, previous: Manifest | None
         ) -> tuple[SearchIndex | None, str | None]:
    """Return the index of the manifest's editions, made now unless an index of the same pages
    is on disk whole; on failure, the previous index and what went wrong."""
    pages = edition_pages(manifest)
    digest = hashlib.sha256()
    for path, html in sorted(pages.items()):
        digest.update(f"{path}\0{html}\0".encode())
    folder = f"{SEARCH_FOLDER}/{digest.hexdigest()[:16]}"
    target = settings.audio_dir / folder
    try:
        if not (target / "pagefind.js").is_file():  # written whole or not at all
            write_index(pages, target)
    except (OSError, subprocess.SubprocessError) as error:
        return (previous.search if previous else None,
                f"search index: {error}; the site keeps its previous index")
    return SearchIndex(folder, tuple(sorted(p.relative_to(target).as_posix()
                                            for p in target.rglob("*") if p.is_file()))), None


def planned_files(library: str, editions: Sequence[tuple[str, str]]) -> list[str]:
    """Return the index files made again when these editions change: none named, since the
    folder is named by every page indexed and Pagefind names the files in it."""
    return []


def write_index(pages: dict[str, str], target: Path) -> None:
    """Index `pages` with Pagefind into `target`, which appears whole or not at all."""
    from pagefind_bin import get_executable  # the binary is looked for only when indexing

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".index.", dir=target.parent))
    try:
        site, out = work / "site", work / "out"
        for path, html in pages.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(html, encoding="utf-8")
        site.mkdir(exist_ok=True)
        result = subprocess.run([str(get_executable()), "--site", str(site), "--output-path",
                                 str(out), "--quiet"], capture_output=True, text=True,
                                timeout=TIMEOUT, check=False)
        if result.returncode != 0:
            raise subprocess.SubprocessError(f"Pagefind failed ({result.returncode}): "
                                             f"{(result.stderr or result.stdout).strip()}")
        for pattern in UNUSED:
            for path in out.glob(pattern):
                path.unlink()
        entry = out / "pagefind-entry.json"  # its languages come in any order: sort them
        entry.write_text(json.dumps(json.loads(entry.read_text("utf-8")), ensure_ascii=False,
                                    sort_keys=True, separators=(",", ":")), "utf-8")
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
