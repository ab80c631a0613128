"""The editions' text files: each edition's blocks (its text, with every sentence's timing) in
a file of its own, named by its content, that the manifest names; written deterministically,
read back into records, a missing or damaged one refused with a message that says what to do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import replace
from pathlib import Path

from ..errors import ContentError
from ..gc_pause import gc_paused
from .records import ArticleEdition, FileRecord, Manifest, ManifestBlock, Sentence, Span


def deterministic_json(data) -> str:
    """Serialise deterministically (same data, same text), compactly: without an indent
    Python's C encoder writes it, several times faster for a large library."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _block_data(block: ManifestBlock) -> dict:
    """Return a block as its edition's text file holds it (what asdict gives, made faster)."""
    return {**vars(block), "sentences": [vars(s) for s in block.sentences],
            "spans": [_span_data(span) for span in block.spans]}


def _span_data(span: Span) -> dict:
    """Return a span as stored: a note reference's number only where it has one."""
    data = vars(span)
    return data if span.number else {k: v for k, v in data.items() if k != "number"}


def edition_text(slug: str, edition: ArticleEdition) -> tuple[FileRecord, bytes]:
    """Return the file that holds an edition's blocks (named by its content) and its bytes."""
    data = deterministic_json([[_block_data(b) for b in s.blocks] for s in edition.sections]
                  ).encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    return FileRecord(f"{edition.language}/{slug}/text.{digest[:12]}.json", len(data),
                      digest), data


def read_text(audio: Path, record: FileRecord, label: str = "") -> tuple[tuple, ...]:
    """Return the blocks of each section from an edition's text file under `audio`; raise
    ContentError if it is missing or not what the manifest recorded."""
    if not record.is_intact(audio):
        raise ContentError(f"{label or audio.name}/{record.file}: missing or damaged. "
                           "Build again.")
    return tuple(tuple(map(block_from_json, section))
                 for section in json.loads((audio / record.file).read_bytes()))


@gc_paused()
def read_texts(manifest: Manifest, audio: Path, label: str = "", *, strict: bool = True,
               unread: Collection[str] = ()) -> Manifest:
    """Return the manifest with every edition's blocks read from its file under `audio`, but
    those `unread` ("slug/lang") that record their pictures (their text is read where needed:
    see ensure_text); a missing or damaged one raises ContentError, or, not `strict`, its
    edition is left out."""
    articles = []
    for article in manifest.articles:
        editions = {}
        for code, edition in article.editions.items():
            if f"{article.slug}/{code}" in unread and edition.pictures is not None:
                editions[code] = edition
                continue
            try:
                editions[code] = ensure_text(edition, audio, label)
            except ContentError:
                if strict:
                    raise
        articles.append(replace(article, editions=editions))
    return replace(manifest, articles=tuple(articles))


def ensure_text(edition: ArticleEdition, audio: Path, label: str = "") -> ArticleEdition:
    """Return the edition with its blocks, read from its text file under `audio` if it holds
    none yet; raise ContentError if that file is missing or damaged."""
    if edition.text is None or any(section.blocks for section in edition.sections):
        return edition
    return with_text(edition, read_text(audio, edition.text, label))


def with_text(edition: ArticleEdition, sections_blocks: tuple[tuple, ...]) -> ArticleEdition:
    """Return the edition holding these blocks (read by read_text) in its sections."""
    return replace(edition, sections=tuple(
        replace(s, blocks=b) for s, b in zip(edition.sections, sections_blocks, strict=True)))


def _sentence(data: dict) -> Sentence:
    return Sentence(**data)


def block_from_json(data: dict) -> ManifestBlock:
    return ManifestBlock(**{**data, "sentences": tuple(map(_sentence, data["sentences"])),
                            "spans": tuple(Span(**x) for x in data.get("spans", ()))})
