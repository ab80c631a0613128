"""Package voiced sections into published tracks, and each whole-article track from those.

Packaging returns values (tracks with their timings, cues and chapters) and writes only files
under new content-hashed names, through a temporary file and a rename. A track whose MP3s hold
what a manifest records for their names (`known`: size and sha256) is up to date and is only
described; one that is missing, damaged (a truncated file) or that no manifest vouches for (left
by an interrupted build) is packaged again, and cues that differ from the clips' are rewritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from .audio.cues import Cue, render_vtt
from .audio.joins import read_part
from .audio.pcm import BITRATE, LITE_BITRATE, MP3_FRAME, ms
from .audio.tracks import (
    PAUSES,
    PublishedTrack,
    TrackCopy,
    gap_name,
    join_mp3,
    join_section,
    section_timings,
    write_gap,
    write_mp3,
)
from .audio.words import cue_words
from .files import file_matches, write_atomic
from .manifest import (
    ArticleEdition,
    Chapter,
    FileRecord,
    ManifestBlock,
    ManifestSection,
    Sentence,
    TrackFile,
)
from .plans import EditionPlan, SectionPlan, SentenceJob, SentencePlan
from .settings import Settings
from .track_names import TrackName, article_key, section_key
from .voices.clips import Clip

# Each join adds the encoder delay of two parts (about 46 ms each) to the silence between them.
ENCODER_DELAYS_MS = 92


@dataclass(frozen=True)
class PackagedSection:
    """A section track as published, with where each sentence sits in it."""

    plan: SectionPlan
    key: str  # the hash of its inputs
    track: TrackFile
    timings: tuple[tuple[tuple[int, int], ...], ...]  # per block, per sentence: (start, end) ms
    frames: int  # samples of speech, before the MP3's padding
    cues: tuple[Cue, ...]
    written: bool


@dataclass(frozen=True)
class PackagedArticle:
    """A whole-article track as published, with a chapter per section."""

    track: TrackFile
    chapters: tuple[Chapter, ...]
    written: bool


@dataclass(frozen=True)
class PackagedEdition:
    """An edition's tracks as published."""

    plan: EditionPlan
    sections: tuple[PackagedSection, ...]
    article: PackagedArticle

    @property
    def tracks_written(self) -> int:
        return sum(s.written for s in self.sections) + self.article.written

    def manifest_entry(self, credits: Mapping) -> ArticleEdition:
        """Describe this edition for the manifest; `credits` are library.toml's for its language,
        which its catalog's header overrides."""
        sections = tuple(ManifestSection(s.plan.id, s.plan.title, _blocks(s), s.track)
                         for s in self.sections)
        localized = self.plan.localized
        edition = ArticleEdition(
            language=self.plan.language,
            title=localized.title.text,
            summary=localized.summary.text,
            title_language=localized.title.language,
            duration_ms=self.article.track.duration_ms,
            sections=sections,
            track=self.article.track,
            chapters=self.article.chapters,
            counts=dict(localized.counts),
            credits={**credits, **localized.review.as_credits()},
            title_state=localized.title.state,
            summary_language=localized.summary.language,
            summary_state=localized.summary.state,
        )
        return replace(edition, pictures=edition.shown_pictures())  # read from its blocks


def _blocks(section: PackagedSection) -> tuple[ManifestBlock, ...]:
    return tuple(
        ManifestBlock(b.block.id, b.block.kind, b.inline.text, b.block.language, b.block.state,
                      tuple(Sentence(s.text, *span)
                            for s, span in zip(b.sentences, spans, strict=True)),
                      spans=b.inline.spans, level=b.source.level, group=b.source.group,
                      number=b.source.number, row=b.source.row, column=b.source.column,
                      sublist=b.source.sublist, paragraph=b.source.paragraph,
                      picture=b.source.picture)
        for b, spans in zip(section.plan.blocks, section.timings, strict=True))


def _track_file(name: TrackName, published: PublishedTrack, engines, cues) -> TrackFile:
    lite = published.lite and FileRecord(name.lite, published.lite.bytes, published.lite.sha256)
    return TrackFile(name.mp3, name.vtt, published.duration_ms, published.bytes,
                     published.sha256, tuple(sorted(set(engines))), lite,
                     words=any(cue.words for cue in cues))


def _paths(settings: Settings, name: TrackName) -> tuple[Path, Path, Path]:
    """Return where a track's MP3, cues and data saver MP3 are published."""
    return tuple(settings.audio_dir / file for file in (name.mp3, name.vtt, name.lite))


Known = Mapping[str, tuple[int, str]]  # published file -> (size, sha256), as manifests record


def _intact(settings: Settings, name: TrackName, known: Known,
            duration_ms: int) -> PublishedTrack | None:
    """Return the track published under `name` if both its MP3s hold what a manifest records
    for them, else None (it is packaged again)."""
    mp3, _, lite = _paths(settings, name)
    normal, low = known.get(name.mp3), known.get(name.lite)
    if normal and low and file_matches(mp3, *normal) and file_matches(lite, *low):
        return PublishedTrack(*normal, duration_ms, PublishedTrack(*low, duration_ms))
    return None


def _write_cues(path: Path, cues) -> bool:
    """Write a track's cues unless the file holds them already; return whether it wrote."""
    data = render_vtt(cues).encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    write_atomic(path, data, durable=False)  # on disk before the manifest names it
    return True


def _cue(cue_id: str, sentence: SentencePlan, clip: Clip, span: tuple[int, int]) -> Cue:
    return Cue(cue_id, sentence.text, *span,
               cue_words(sentence.text, sentence.origins, clip.words, clip.frames, *span))


def package_section(settings: Settings, section: SectionPlan, clips: Mapping[SentenceJob, Clip],
                    known: Known, write: bool = True) -> PackagedSection:
    """Publish one section track from its sentences' clips (unless intact); describe it.
    Without `write` (a dry run, every track intact) only describe it."""
    key = section_key(section, lambda job: clips[job].key)
    name = TrackName.of(section.stem, key)
    blocks = [(b.block.kind, [clips[s.job] for s in b.sentences]) for b in section.blocks]
    timings, frames = section_timings([(kind, [c.frames for c in found])
                                       for kind, found in blocks])
    cues = tuple(_cue(f"{b.block.id}.{n}", s, clips[s.job], span)
                 for b, spans in zip(section.blocks, timings, strict=True)
                 for n, (s, span) in enumerate(zip(b.sentences, spans, strict=True), 1))
    mp3, vtt, lite = _paths(settings, name)
    published = _intact(settings, name, known, ms(frames))
    written = published is None
    if written:
        pcm = join_section([(kind, [c.pcm for c in found]) for kind, found in blocks])
        published = write_mp3(pcm, section.tags, mp3, lite)
    written |= write and _write_cues(vtt, cues)
    engines = [clips[job].engine for job in section.jobs()]
    return PackagedSection(section, key, _track_file(name, published, engines, cues),
                           tuple(map(tuple, timings)), frames, cues, written)


def package_article(settings: Settings, edition: EditionPlan,
                    sections: Sequence[PackagedSection], known: Known,
                    write: bool = True) -> PackagedArticle:
    """Publish the whole-article track with a chapter per section (unless intact; without
    `write`, as for package_section, only describe it).

    The track joins the published section MP3s with a short silence between them, frame by
    frame, so nothing is encoded or normalized twice; chapters and cues are placed by counting
    the frames before each section. A chapter ends where its section's speech does, so it lasts
    as long as the section's own track (the silence between sections is in no chapter).
    """
    # Each MP3 is read once: its frames place the chapters, and the same frames are joined.
    gaps = [read_part(write_gap(settings.cache_dir / gap_name(rate),
                                PAUSES.section - ENCODER_DELAYS_MS, rate))
            for rate in (BITRATE, LITE_BITRATE)]
    parts, starts, ends, position = [], [], [], 0  # positions in samples
    for index, section in enumerate(sections):
        if index:
            parts.append(gaps)
            position += len(gaps[0].frames) * MP3_FRAME
        starts.append(ms(position))
        full, lite = (read_part(settings.audio_dir / file)
                      for file in (section.track.file, section.track.lite.file))
        parts.append((full, lite))
        ends.append(ms(position + section.frames))
        position += len(full.frames) * MP3_FRAME
    chapters = tuple(Chapter(s.plan.id, s.plan.title, start, end)
                     for s, start, end in zip(sections, starts, ends, strict=True))
    name = TrackName.of(edition.stem, article_key(edition, [s.key for s in sections]))
    mp3, vtt, lite = _paths(settings, name)
    cues = [cue.shifted(start) for section, start in zip(sections, starts, strict=True)
            for cue in section.cues]
    published = _intact(settings, name, known, ends[-1])
    written = published is None
    if written:  # the tags' chapters carry the labels the page shows beside the headings
        tags = edition.tags.with_chapters(tuple(
            replace(c, title=s.plan.chapter) for c, s in zip(chapters, sections, strict=True)))
        # The data saver's parts have the same frames, so the same cues and chapters fit it.
        copies = [TrackCopy(mp3, tags), TrackCopy(lite, tags.without_cover(), LITE_BITRATE)]
        full, saver = join_mp3(list(zip(*parts, strict=True)), copies, ends[-1])
        published = replace(full, lite=saver)
    written |= write and _write_cues(vtt, cues)
    engines = [engine for s in sections for engine in s.track.engines]
    return PackagedArticle(_track_file(name, published, engines, cues), chapters, written)
