"""The names of a build's tracks: each the hash of everything in it (clips, texts, pauses, tags,
the way tracks are made), so a track that exists under its name is up to date."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from .audio.pcm import BITRATE, LITE_BITRATE
from .audio.tracks import PAUSES

if TYPE_CHECKING:
    from .plans import EditionPlan, SectionPlan, SentenceJob

TRACK_VERSION = 4  # bump when the way tracks are made changes, to rebuild them all
# Bump when the whole-article track's chapters are placed otherwise, to tag them again (2: a
# chapter ends where its section's speech does).
CHAPTERS_VERSION = 2


def _hash(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()


def section_key(section: SectionPlan, key_of: Callable[[SentenceJob], str]) -> str:
    """Hash what a section track is made of: clips (`key_of` each job), texts, pauses, tags."""
    body = [[b.block.kind, [[key_of(s.job), s.text] for s in b.sentences]]
            for b in section.blocks]
    return _hash([TRACK_VERSION, BITRATE, LITE_BITRATE, asdict(PAUSES), asdict(section.tags),
                  body])


def article_key(edition: EditionPlan, section_keys: list[str]) -> str:
    """Hash what the whole-article track is made of: its sections' tracks, its tags and its
    chapters' titles and the way they are placed."""
    return _hash([TRACK_VERSION, CHAPTERS_VERSION, PAUSES.section, asdict(edition.tags),
                  section_keys, [s.chapter for s in edition.sections]])


@dataclass(frozen=True)
class TrackName:
    """The published files of one track: named after the hash of everything in them."""

    mp3: str
    vtt: str
    lite: str  # the data saver's MP3, which the same cues fit

    @classmethod
    def of(cls, stem: str, key: str) -> TrackName:
        """Name the track at `stem` whose inputs hash to `key`."""
        if len(key) < 8:
            raise ValueError(f"{stem}: a track needs the hash of its inputs, got {key!r}")
        return cls(f"{stem}.{key[:8]}.mp3", f"{stem}.{key[:8]}.vtt", f"{stem}-lite.{key[:8]}.mp3")


def predicted_names(edition: EditionPlan) -> list[TrackName]:
    """Name an edition's tracks as they will be if every sentence is voiced as predicted."""
    keys = [section_key(s, lambda job: job.predicted_key) for s in edition.sections]
    names = [TrackName.of(s.stem, key) for s, key in zip(edition.sections, keys, strict=True)]
    return [*names, TrackName.of(edition.stem, article_key(edition, keys))]
