"""A build's options: as staff give them, and resolved once against the settings.

`BuildOptions` holds what the command line (or a caller) asked for; `resolve()` checks the
languages, defaults the clip cache and the scheduler from library.toml, and selects each
language's voice engines, once, into a frozen `BuildRun` the whole build reads. The fields
of a `BuildRun` that change what a build publishes are marked `OUTPUT`: the build stamp hashes
them as a whole (`output_key()`), so a new option that changes the output is marked here and
nowhere else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from types import MappingProxyType

from .settings import Settings
from .voices.registry import select_engines

OUTPUT = MappingProxyType({"output": True})  # a build with another value publishes otherwise


@dataclass(frozen=True)
class BuildOptions:
    """How to build: which languages (all when empty), which voices, what to publish."""

    languages: tuple[str, ...] = ()
    engine: str | None = None  # voice every sentence with this engine only
    offline: bool = False  # skip the online voice
    dry_run: bool = False  # say what would change; write nothing
    strict: bool = False  # fail on warnings (fallback voice, unreviewed or failing text)
    publish_drafts: bool = False  # publish machine drafts, marked as such, instead of English
    scheduler: str | None = None  # a Dask scheduler's address (default: [build] scheduler)
    clip_cache: str | None = None  # a folder or storage URL (default: [build] clip_cache)

    def resolve(self, settings: Settings) -> BuildRun:
        """Check these options against `settings` and fill in their defaults, selecting each
        language's voice engines; raise ContentError for a language the library lacks and
        EngineError for an engine that cannot voice one."""
        languages = settings.check_languages(self.languages) or settings.languages
        engines = {code: tuple(select_engines(settings, code, engine=self.engine,
                                              offline=self.offline)) for code in languages}
        return BuildRun(
            languages=languages, engine=self.engine, offline=self.offline,
            publish_drafts=self.publish_drafts,
            voices=MappingProxyType({code: tuple(e.voice_key(code) for e in chosen)
                                     for code, chosen in engines.items()}),
            engines=MappingProxyType(engines), dry_run=self.dry_run, strict=self.strict,
            clip_cache=clip_cache_location(settings, self.clip_cache),
            scheduler=self.scheduler or settings.scheduler)


@dataclass(frozen=True)
class BuildRun:
    """A build's options resolved against the settings: what every step of it reads."""

    languages: tuple[str, ...] = field(metadata=OUTPUT)
    engine: str | None = field(metadata=OUTPUT)
    offline: bool = field(metadata=OUTPUT)
    publish_drafts: bool = field(metadata=OUTPUT)
    # Per language, the voice of each engine it may be voiced with, preferred first.
    voices: MappingProxyType = field(metadata=OUTPUT)
    engines: MappingProxyType  # per language, its engines, preferred first
    dry_run: bool
    strict: bool
    clip_cache: str  # where the clips are kept: a folder or a storage URL
    scheduler: str  # a Dask scheduler's address; empty builds on this machine

    def output_key(self) -> str:
        """Return the fields the build's output depends on, as JSON for the build stamp."""
        return json.dumps({f.name: _plain(getattr(self, f.name)) for f in fields(self)
                           if f.metadata.get("output")}, sort_keys=True)


def _plain(value):
    return dict(value) if isinstance(value, MappingProxyType) else value


def clip_cache_location(settings: Settings, given: str | None = None) -> str:
    """Return where the clip cache is: `given` (--clip-cache), else [build] clip_cache, else
    .cache/clips; a path that is not a URL is relative to the project root."""
    chosen = given or settings.clip_cache
    if not chosen:
        return str(settings.cache_dir / "clips")
    return chosen if "://" in chosen else str(settings.root / chosen)
