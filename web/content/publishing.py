"""Package planned editions into tracks on disk and describe them for the manifest."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from .files import write_atomic
from .manifest import (
    ArticleEdition,
    Chapter,
    ManifestBlock,
    ManifestSection,
    Sentence,
    TrackFile,
)
from .plans import EditionPlan, SectionPlan, TrackPlan
from .settings import Settings
from .tracks import (
    BITRATE,
    LAME_QUALITY,
    MP3_FRAME,
    PAUSES,
    RATE,
    WIDTH,
    Cue,
    PublishedTrack,
    assemble_section,
    join_mp3,
    mp3_frames,
    ms,
    render_vtt,
    write_gap,
    write_mp3,
)


def _existing(path: Path, duration_ms: int) -> PublishedTrack:
    data = path.read_bytes()
    return PublishedTrack(len(data), hashlib.sha256(data).hexdigest(), duration_ms)


def package_section(settings: Settings, section: SectionPlan) -> bool:
    """Publish one section track (if not already there); return whether it was written."""
    pcm, timings = assemble_section([(b.block.kind, [job.clip.pcm for _, job in b.sentences])
                                     for b in section.blocks])
    section.timings = timings
    section.frames = len(pcm) // WIDTH
    section.cues = [Cue(f"{b.block.id}.{n}", text, *span)
                    for b, spans in zip(section.blocks, timings, strict=True)
                    for n, ((text, _), span) in enumerate(zip(b.sentences, spans, strict=True), 1)]
    mp3, vtt = settings.audio_dir / section.track.mp3, settings.audio_dir / section.track.vtt
    if mp3.exists() and vtt.exists():
        section.track.published = _existing(mp3, ms(section.frames))
        return False
    section.track.published = write_mp3(pcm, section.track.tags, mp3)
    write_atomic(vtt, render_vtt(section.cues))
    return True


def package_article(settings: Settings, edition: EditionPlan) -> bool:
    """Publish the whole-article track with a chapter per section; return whether it wrote.

    The track joins the published section MP3s with a short silence between them, frame by
    frame, so nothing is encoded or normalized twice; chapters and cues are placed by counting
    the frames before each section.
    """
    # Each join also adds the encoder delay of two parts (about 46 ms each) to the silence.
    # Named after everything that shapes it, so a change of format never joins an old gap.
    name = f"gap-{PAUSES.section}-{RATE}-{BITRATE}-{LAME_QUALITY}.mp3"
    gap = write_gap(settings.cache_dir / name, PAUSES.section - 92)
    gap_frames = mp3_frames(gap)
    parts, starts, position = [], [], 0  # position in samples
    for index, section in enumerate(edition.sections):
        if index:
            parts.append(gap)
            position += gap_frames * MP3_FRAME
        starts.append(ms(position))
        mp3 = settings.audio_dir / section.track.mp3
        parts.append(mp3)
        last = position + section.frames
        position += mp3_frames(mp3) * MP3_FRAME
    chapters = []
    for index, section in enumerate(edition.sections):
        end = starts[index + 1] if index + 1 < len(starts) else ms(last)
        chapters.append(Chapter(section.id, section.title, starts[index], end))
    edition.chapters = tuple(chapters)
    edition.track.tags = replace(edition.track.tags, chapters=edition.chapters)
    cues = [replace(cue, start_ms=cue.start_ms + start, end_ms=cue.end_ms + start)
            for section, start in zip(edition.sections, starts, strict=True)
            for cue in section.cues]
    mp3, vtt = settings.audio_dir / edition.track.mp3, settings.audio_dir / edition.track.vtt
    if mp3.exists() and vtt.exists():
        edition.track.published = _existing(mp3, ms(last))
        return False
    edition.track.published = join_mp3(parts, edition.track.tags, mp3, ms(last))
    write_atomic(vtt, render_vtt(cues))
    return True


def _track_file(track: TrackPlan, engines) -> TrackFile:
    published = track.published
    return TrackFile(track.mp3, track.vtt, published.duration_ms, published.bytes,
                     published.sha256, tuple(sorted(set(engines))))


def edition_entry(settings: Settings, edition: EditionPlan) -> ArticleEdition:
    """Describe a packaged edition for the manifest."""
    sections = []
    for section in edition.sections:
        blocks = tuple(
            ManifestBlock(b.block.id, b.block.kind, b.block.text, b.block.language, b.block.state,
                          tuple(Sentence(text, *span)
                                for (text, _), span in zip(b.sentences, spans, strict=True)))
            for b, spans in zip(section.blocks, section.timings, strict=True))
        engines = [job.clip.engine for b in section.blocks for _, job in b.sentences]
        sections.append(ManifestSection(section.id, section.title, blocks,
                                        _track_file(section.track, engines)))
    localized = edition.localized
    return ArticleEdition(
        language=edition.language,
        title=localized.title.text,
        summary=localized.summary.text,
        title_language=localized.title.language,
        duration_ms=edition.track.published.duration_ms,
        sections=tuple(sections),
        track=_track_file(edition.track, [e for s in sections for e in s.track.engines]),
        chapters=edition.chapters,
        counts=dict(localized.counts),
        credits=dict(settings.credits.get(edition.language, {})),
    )
