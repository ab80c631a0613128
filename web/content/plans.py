"""What a build will publish: every edition's sections, blocks and sentences, and their clips.

Planning reads only the library, the catalogs and the clip cache; it voices and writes nothing,
so `build --dry-run` is a plan printed instead of carried out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .cache import Clip, ClipCache, clip_key
from .catalogs import localize_article
from .manifest import UNREVIEWED
from .settings import Settings
from .sources import Article
from .speech import load_lexicon, split_sentences
from .tracks import PAUSES, PublishedTrack, Tags
from .voices import select_engines

TRACK_VERSION = 2  # bump when the way tracks are made changes, to rebuild them all


@dataclass
class SentenceJob:
    """One sentence to speak in one language, shared by every edition that says it."""

    language: str
    speech: str
    engines: tuple  # the engines to try, in order
    clip: Clip | None = None
    # A clip a later engine voiced before (say espeak-ng while gTTS was unreachable): kept if
    # the preferred engine still cannot voice the sentence.
    fallback: Clip | None = None

    def keys(self) -> list[str]:
        """Return the cache keys of this sentence for each engine, preferred first."""
        return [clip_key(e.voice_key(self.language), self.language, self.speech)
                for e in self.engines]

    @property
    def label(self) -> str:
        kept = f" (else keep the {self.fallback.engine} clip)" if self.fallback else ""
        return f"[{self.language}] {self.speech}{kept}"


@dataclass
class BlockPlan:
    block: object  # catalogs.LocalizedBlock
    sentences: list[tuple[str, SentenceJob]]  # (display text, job)


@dataclass
class TrackPlan:
    """One MP3 + VTT to publish; `key` hashes everything that goes into it."""

    stem: str  # path without extension, relative to the audio folder
    tags: Tags
    key: str = ""
    published: PublishedTrack | None = None  # set once the file exists

    @property
    def mp3(self) -> str:
        return f"{self.stem}.{self.key[:8]}.mp3"

    @property
    def vtt(self) -> str:
        return f"{self.stem}.{self.key[:8]}.vtt"


@dataclass
class SectionPlan:
    id: str
    title: str
    blocks: list[BlockPlan]
    track: TrackPlan
    # Set when the section is assembled:
    timings: list = field(default_factory=list)  # per block, per sentence (start, end) ms
    frames: int = 0
    cues: list = field(default_factory=list)


@dataclass
class EditionPlan:
    language: str
    article: Article
    localized: object  # catalogs.LocalizedArticle
    sections: list[SectionPlan]
    track: TrackPlan
    chapters: tuple = ()  # set when the article track is assembled


def _hash(value) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False).encode("utf-8")).hexdigest()


class Planner:
    """Turns articles into edition plans, sharing sentence jobs, engines and lexicons."""

    def __init__(self, settings: Settings, cache: ClipCache, *, engine=None, offline=False,
                 publish_drafts=False):
        self.settings, self.cache = settings, cache
        self.engine, self.offline, self.publish_drafts = engine, offline, publish_drafts
        self.jobs: dict[tuple, SentenceJob] = {}
        self._engines: dict[str, tuple] = {}
        self._lexicons: dict[str, object] = {}

    def engines(self, language: str) -> tuple:
        """Return the engines that voice `language`, preferred first."""
        if language not in self._engines:
            self._engines[language] = tuple(select_engines(
                self.settings, language, engine=self.engine, offline=self.offline))
        return self._engines[language]

    def job(self, language: str, text: str) -> SentenceJob:
        """Return the shared job for a sentence, with its clip if one is cached."""
        if language not in self._lexicons:
            self._lexicons[language] = load_lexicon(self.settings, language)
        speech = self._lexicons[language].speak(text)
        engines = self.engines(language)
        identity = (language, speech, tuple(e.name for e in engines))
        if identity not in self.jobs:
            job = SentenceJob(language, speech, engines)
            preferred, *others = job.keys()
            job.clip = self.cache.load(preferred)
            if job.clip is None:
                job.fallback = next(filter(None, map(self.cache.load, others)), None)
            self.jobs[identity] = job
        return self.jobs[identity]

    def plan(self, article: Article, language: str) -> EditionPlan:
        """Localize one article and split its blocks into sentence jobs."""
        localized = localize_article(article, language, self.settings,
                                     publish_drafts=self.publish_drafts)
        folder = Path(language) / article.slug
        title = localized.title.text
        total = len(localized.sections)
        sections = []
        for number, section in enumerate(localized.sections, start=1):
            blocks = []
            for block in section.blocks:
                sentences = split_sentences(block.text, block.language)
                blocks.append(BlockPlan(block, [(s, self.job(block.language, s))
                                                for s in sentences]))
            heading = section.heading.text if section.heading else title
            tags = Tags(heading, title, self.settings.name,
                        spoken_languages(language, section.blocks), f"{number}/{total}")
            stem = str(folder / f"{number:02d}-{section.id}")
            sections.append(SectionPlan(section.id, heading, blocks, TrackPlan(stem, tags)))
        every_block = [b for s in localized.sections for b in s.blocks]
        tags = Tags(title, title, self.settings.name, spoken_languages(language, every_block),
                    "1/1")
        return EditionPlan(language, article, localized, sections,
                           TrackPlan(str(folder / "article"), tags))


def spoken_languages(language: str, blocks) -> tuple[str, ...]:
    """Return the edition's language first, then any other language its blocks are in."""
    return (language, *sorted({b.language for b in blocks} - {language}))


def predicted_key(job: SentenceJob) -> str:
    """Return the clip key a job has, or will have if its first engine voices it."""
    return job.clip.key if job.clip else job.keys()[0]


def section_key(section: SectionPlan) -> str:
    """Hash what a section track is made of: clips, display texts, pauses and tags."""
    body = [[b.block.kind, [[predicted_key(j), text] for text, j in b.sentences]]
            for b in section.blocks]
    return _hash([TRACK_VERSION, asdict(PAUSES), asdict(section.track.tags), body])


def article_key(edition: EditionPlan) -> str:
    """Hash what the whole-article track is made of: its sections and its tags."""
    tags = asdict(edition.track.tags)
    return _hash([TRACK_VERSION, PAUSES.section, tags, [s.track.key for s in edition.sections]])


def key_tracks(editions: list[EditionPlan]) -> None:
    """Name every track after the hash of its inputs (clips voiced or predicted)."""
    for edition in editions:
        for section in edition.sections:
            section.track.key = section_key(section)
        edition.track.key = article_key(edition)


def is_unreviewed(block) -> bool:
    """Return whether a block is published without a reviewed translation."""
    return block.state in UNREVIEWED
