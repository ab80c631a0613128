"""What a build will publish: every edition's sections, blocks and sentences, and their clips.

Planning reads only the library, the catalogs and the clip cache; it voices and writes nothing,
so `build --dry-run` is a plan compared with what is on disk. Plans are frozen: voicing returns
clips, packaging returns tracks, publishing returns the manifest; nothing fills a plan in later.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from .audio.tags import Tags
from .blocks import Block
from .inline import Inline, parse_inline, plain_text
from .kept_articles import KeptArticle, library_articles
from .labels import Labels, capfirst
from .leads import list_lead
from .manifest import Manifest
from .notes import NOTE, numbered_notes
from .settings import Settings
from .sources import Article
from .text_origins import marked_speech, shared_spans
from .topics import check_topics
from .translation.glossary import load_glossary
from .translation.interface import (
    INTRODUCTION,
    PICTURE,
    VOICE_KIND,
    VOICE_ROLE,
    Interface,
    read_interface,
)
from .translation.localize import LocalizedArticle, LocalizedBlock, localize_article
from .voices.ambiguity import warn_ambiguous
from .voices.clips import Clip, ClipCache, clip_key
from .voices.registry import select_engines
from .voices.speech import Lexicon, load_lexicon


@dataclass(frozen=True, eq=False)  # compared by identity: one job per distinct sentence
class SentenceJob:
    """One sentence to speak in one language, shared by every edition that says it."""

    language: str
    speech: str
    engines: tuple  # the engines to try, in order
    cached: Clip | None = None  # the preferred engine's clip, from an earlier build
    # A clip a later engine voiced before (say espeak-ng while gTTS was unreachable): kept if
    # the preferred engine still cannot voice the sentence.
    fallback: Clip | None = None

    def keys(self) -> list[str]:
        """Return the cache keys of this sentence for each engine, preferred first."""
        return [clip_key(e.voice_key(self.language), self.language, self.speech)
                for e in self.engines]

    @property
    def predicted_key(self) -> str:
        """The clip key this sentence has, or will have if its first engine voices it."""
        return self.cached.key if self.cached else self.keys()[0]

    def label(self, speech: str | None = None) -> str:
        """Say what is voiced: the language, the speech (or `speech`, the same marked up) and
        the clip kept if the engine fails."""
        kept = f" (else keep the {self.fallback.engine} clip)" if self.fallback else ""
        return f"[{self.language}] {speech or self.speech}{kept}"


@dataclass(frozen=True)
class SentencePlan:
    text: str  # as shown on the page and in the cues
    job: SentenceJob  # what is spoken
    # Per character of the job's speech, the [start, end) characters of `text` it was made from
    # (negative for what is said before the sentence): word times go back to shown words.
    origins: tuple[tuple[int, int], ...] = ()

    @property
    def marked_speech(self) -> str:
        """The speech with the words normalization changed between « and » (a dry run's)."""
        return marked_speech(self.text, self.job.speech, self.origins)


@dataclass(frozen=True)
class BlockPlan:
    block: LocalizedBlock  # the text and language published
    source: Block  # where it sits: a heading's level, a list item's number, a table cell
    inline: Inline  # its plain text (what is spoken) and the spans of its emphasis and links
    sentences: tuple[SentencePlan, ...]


@dataclass(frozen=True)
class SectionPlan:
    """One section track to publish: `stem` is its path without hash and extension."""

    id: str
    title: str  # its heading, or the interface's "Introduction"
    blocks: tuple[BlockPlan, ...]
    stem: str
    tags: Tags
    chapter: str  # its chapter's title in the whole-article track: `title`, labelled

    def jobs(self) -> Iterator[SentenceJob]:
        """Yield the job of every sentence, in order."""
        return (s.job for b in self.blocks for s in b.sentences)


@dataclass(frozen=True)
class EditionPlan:
    """An article in one language: its sections and its whole-article track."""

    language: str
    article: Article
    localized: LocalizedArticle
    sections: tuple[SectionPlan, ...]
    stem: str
    tags: Tags


@dataclass(frozen=True)
class LibraryPlan:
    """Everything a build publishes, with each distinct sentence once."""

    languages: tuple[str, ...]
    articles: tuple[Article | KeptArticle, ...]  # by slug; the kept ones are not read
    editions: tuple[EditionPlan, ...]
    jobs: tuple[SentenceJob, ...]

    @property
    def to_voice(self) -> tuple[SentenceJob, ...]:
        """The sentences no cached clip of the preferred engine speaks."""
        return tuple(job for job in self.jobs if job.cached is None)


def plan_library(settings: Settings, languages: tuple[str, ...], cache: ClipCache, *,
                 engine: str | None = None, offline: bool = False,
                 publish_drafts: bool = False, reuse: Collection[str] = (),
                 engines: Mapping[str, tuple] | None = None,
                 previous: Manifest | None = None) -> LibraryPlan:
    """Read every article; localize each in `languages` and split it into shared sentence
    jobs, but for the editions in `reuse` ("slug/lang": published as they are, and an article
    all of whose editions `previous` publishes so is not read at all). `engines` are those the
    build selected per language (else selected here)."""
    planner = _Planner(settings, cache, engine, offline, engines)
    articles = library_articles(settings, languages, reuse, previous)
    # A mistyped topic is refused before anything is voiced (a kept article's were checked).
    check_topics(settings, [a for a in articles if isinstance(a, Article)])
    glossaries = {code: load_glossary(settings, code) for code in languages
                  if code != settings.source_language}  # read once per build
    planned = {code: [a for a in articles if f"{a.slug}/{code}" not in reuse]
               for code in languages}
    for code, planned_articles in planned.items():  # the reused were warned of when planned
        warn_ambiguous(settings, code, [a.slug for a in planned_articles])
    editions = tuple(planner.edition(localize_article(a, code, settings, publish_drafts,
                                                      glossary=glossaries.get(code)), a)
                     for code in languages for a in planned[code])
    return LibraryPlan(languages, articles, editions, tuple(planner.jobs.values()))


class _Planner:
    """Makes edition plans, sharing sentence jobs, engines and lexicons between them."""

    def __init__(self, settings: Settings, cache: ClipCache, engine, offline, engines=None):
        self.settings, self.cache, self.engine, self.offline = settings, cache, engine, offline
        self.jobs: dict[tuple, SentenceJob] = {}
        self._engines: dict[str, tuple] = dict(engines or {})
        self._lexicons: dict[str, Lexicon] = {}
        self._interfaces: dict[str, Interface] = {}  # each catalog is read once a build

    def engines(self, language: str) -> tuple:
        if language not in self._engines:
            self._engines[language] = tuple(select_engines(
                self.settings, language, engine=self.engine, offline=self.offline))
        return self._engines[language]

    def sentence(self, language: str, text: str, lead: str) -> SentencePlan:
        """Plan a shown sentence, said after `lead`: its shared job and where its speech came
        from."""
        speech = self.lexicon(language).speech(text, lead)
        return SentencePlan(text, self.job(language, speech.text),
                            shared_spans(speech.origins))

    def lexicon(self, language: str) -> Lexicon:
        if language not in self._lexicons:
            self._lexicons[language] = load_lexicon(self.settings, language)
        return self._lexicons[language]

    def job(self, language: str, speech: str) -> SentenceJob:
        """Return the shared job for a speech text, with the clips the cache holds for it."""
        engines = self.engines(language)
        identity = (language, speech, tuple(e.name for e in engines))
        if identity not in self.jobs:
            keys = SentenceJob(language, speech, engines).keys()
            # Their sound stays in the cache until a track needs it: a plan holds thousands.
            cached = self.cache.load(keys[0], sound=False)
            if cached and cached.words is None and engines[0].timed:
                cached = None  # cached before word times were kept: voice it again, once
            fallback = None if cached else next(filter(None, (
                self.cache.load(key, sound=False) for key in keys[1:])), None)
            self.jobs[identity] = SentenceJob(language, speech, engines, cached, fallback)
        return self.jobs[identity]

    def blocks(self, localized: tuple[LocalizedBlock, ...], sources: tuple[Block, ...],
               speak_pictures: bool = True) -> tuple[BlockPlan, ...]:
        """Split each block into sentences, spoken as a careful reader would in its place: an
        ordered list item with its number, a table cell after its column's header, a note
        with its number (its references numbered alike), a picture's description after
        "Picture:" (unless the article's pictures are silent)."""
        headers = {(s.group, s.column): plain_text(b.text)
                   for b, s in zip(localized, sources, strict=True) if s.kind == "cell"
                   and s.row == 0}
        notes = {s.id: s.number for s in sources if s.kind == NOTE}
        plans = []
        for block, source in zip(localized, sources, strict=True):
            inline = numbered_notes(parse_inline(block.text), notes)
            voiced = not (source.kind == "cell" and source.row == 0) and (
                speak_pictures or not source.picture)  # headers: with each row
            sentences = self.lexicon(block.language).sentences(inline.text) if voiced else []
            if source.kind == "picture":
                lead = f"{self.interface(block.language).gettext(PICTURE)}: "
            else:
                lead = list_lead(source, self.interface(block.language))
                lead = spoken_lead(source, headers) if lead is None else lead
            plans.append(BlockPlan(block, source, inline, tuple(
                self.sentence(block.language, text, lead if n == 0 else "")
                for n, text in enumerate(sentences))))
        return tuple(plans)

    def interface(self, language: str) -> Interface:
        if language not in self._interfaces:
            self._interfaces[language] = read_interface(self.settings, language)
        return self._interfaces[language]

    def edition(self, localized: LocalizedArticle, article: Article) -> EditionPlan:
        """Plan an edition's tracks, tagged in its language: the library's name as the
        interface gives it, titles and comments with the labels of unreviewed text."""
        language = localized.language
        folder = PurePosixPath(language, article.slug)
        interface = self.interface(language)
        labels, library = Labels.of(interface), interface.gettext(self.settings.name)
        introduction = interface.gettext(INTRODUCTION)
        cover = interface.cover(self.settings.name)
        voice = (interface.gettext(VOICE_ROLE), interface.gettext(VOICE_KIND))
        title = localized.title
        album = labels.labelled(title.text, [title])
        total = len(localized.sections)
        sections = []
        for number, (section, source) in enumerate(
                zip(localized.sections, article.sections, strict=True), start=1):
            heading = section.heading
            named = heading or title  # the intro's track is named after the article
            tags = Tags(labels.labelled(named.text, [named]), album, library,
                        spoken_languages(language, section.blocks), f"{number}/{total}",
                        comment=capfirst(labels.describe(section.blocks)), cover=cover,
                        voice=voice)
            chapter = labels.labelled(heading.text, [heading]) if heading else introduction
            sections.append(SectionPlan(section.id, heading.text if heading else introduction,
                                        self.blocks(section.blocks, source.blocks,
                                                    article.speak_pictures),
                                        str(folder / f"{number:02d}-{section.id}"), tags,
                                        chapter))
        every_block = [b for s in localized.sections for b in s.blocks]
        tags = Tags(album, album, library, spoken_languages(language, every_block), "1/1",
                    comment=capfirst(labels.describe(every_block)), cover=cover, voice=voice)
        return EditionPlan(language, article, localized, tuple(sections),
                           str(folder / "article"), tags)


def spoken_lead(source: Block, headers: dict) -> str:
    """Return what is said before a block's first sentence: "3. " before the third step,
    "Dose: " before a cell of the Dose column (the first column names its row)."""
    if source.kind == "item" and source.number:
        return f"{source.number}. "
    if source.kind == "cell" and source.column and headers.get((source.group, source.column)):
        return f"{headers[(source.group, source.column)]}: "
    return ""


def spoken_languages(language: str, blocks) -> tuple[str, ...]:
    """Return the edition's language first, then any other language its blocks are in."""
    return (language, *sorted({b.language for b in blocks} - {language}))
