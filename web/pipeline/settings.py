"""The one explicit configuration object of the pipeline, read from library/library.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .addresses import normalize_base_url
from .errors import ContentError, SettingsError
from .schema import CONFIG_LABEL, DEFAULT_LANGUAGES, check_settings
from .textfiles import decode_text


@dataclass(frozen=True)
class Settings:
    """Where everything lives and which languages and voices the library uses."""

    root: Path
    name: str = "Health Library"
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    voice_preferences: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    voice_options: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    credits: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # Per language, the CLDR locale its numbers and dates are written in ("es": "es_419").
    formats: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    # Per language, its readability formula and targets per kind of edition (readability.py).
    readability: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    clip_cache: str = ""  # [build] clip_cache: a folder (relative to the root) or storage URL
    scheduler: str = ""  # [build] scheduler: a Dask scheduler's address; empty builds here
    # [site] base_url: where the website is served; every absolute URL it writes starts so.
    base_url: str = "http://127.0.0.1:5000/"
    # [site] contact: the email address podcast feeds give as their owner's ("" gives none).
    contact: str = ""
    # [review] max_age_days: a medical or translation review older than this is flagged.
    review_max_age_days: int = 365

    @property
    def source_language(self) -> str:
        """The language articles are written in (the first listed)."""
        return self.languages[0]

    @property
    def target_languages(self) -> tuple[str, ...]:
        """The languages articles are translated into."""
        return self.languages[1:]

    @property
    def library_dir(self) -> Path:
        return self.root / "library"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def templates_dir(self) -> Path:
        return self.locales_dir / "pot"

    @property
    def audio_dir(self) -> Path:
        return self.root / "audio"

    @property
    def manifest_path(self) -> Path:
        return self.audio_dir / "manifest.json"

    @property
    def previous_manifest_path(self) -> Path:
        """The manifest the last publishing replaced: its files stay for one more build."""
        return self.audio_dir / "manifest.previous.json"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cache"

    def __reduce__(self):
        """Pickle as plain values (a mapping proxy does not pickle), for a cluster's workers."""
        return _settings, (tuple((f.name, _plain(getattr(self, f.name))) for f in fields(self)),)

    def check_languages(self, codes, *, translated: bool = False) -> tuple[str, ...]:
        """Return `codes` (as given on the command line) if the library has each of them, in
        the translated languages only with `translated`; else raise ContentError."""
        allowed = self.target_languages if translated else self.languages
        for code in codes:
            if code not in allowed:
                kind = "a translated language" if translated else "a language"
                raise ContentError(f"--lang {code}: not {kind} of the library. "
                                   f"Use one of {', '.join(allowed) or 'none'}.")
        return tuple(codes)

    def article_path(self, slug: str) -> Path:
        """Return the Markdown file of the article `slug`."""
        return self.library_dir / f"{slug}.md"

    def catalog_path(self, language: str, domain: str) -> Path:
        """Return the PO file of `domain` (an article slug or "messages") in `language`."""
        return self.locales_dir / language / "LC_MESSAGES" / f"{domain}.po"

    def voice_option(self, engine: str, language: str) -> dict[str, Any]:
        """Return the configured options of a voice engine for one language."""
        return dict(self.voice_options.get(engine, {}).get(language, {}))

    def relative(self, path: Path) -> str:
        """Return `path` relative to the project root, for messages."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)


def _plain(value):
    return dict(value) if isinstance(value, MappingProxyType) else value


def _settings(values) -> Settings:
    """Rebuild pickled settings (see Settings.__reduce__)."""
    return Settings(**{name: MappingProxyType(value) if isinstance(value, dict) else value
                       for name, value in values})


def load_settings(root: Path | str = ".") -> Settings:
    """Read and check library/library.toml under `root` (defaults apply when it is absent)."""
    root = Path(root).resolve()
    path = root / CONFIG_LABEL
    data: dict[str, Any] = {}
    if path.exists():
        text = decode_text(path.read_bytes(), CONFIG_LABEL, SettingsError)  # Notepad's too
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            # "Invalid value (at line 5, column 13)": the line goes where every message has it.
            found = re.fullmatch(r"(.*) \(at line (\d+), column (\d+)\)", str(error))
            where, what = (f"{found[2]}", f"{found[1]} (column {found[3]})") if found else \
                ("1", str(error))
            raise SettingsError(f"{CONFIG_LABEL}:{where}: {what}. Fix the TOML syntax and run "
                                "the command again.") from None
        except RecursionError:  # thousands of nested tables or arrays: not settings
            raise SettingsError(f"{CONFIG_LABEL}:1: values are nested too deeply to be "
                                "settings. Fix the file (see the README's settings).") from None
        check_settings(data, text)
    voices, build, site = data.get("voices", {}), data.get("build", {}), data.get("site", {})
    return Settings(
        root=root,
        name=data.get("name", Settings.name),
        languages=tuple(data.get("languages", DEFAULT_LANGUAGES)),
        voice_preferences=MappingProxyType(
            {k: tuple(v) for k, v in voices.items() if isinstance(v, list)}),
        voice_options=MappingProxyType({k: v for k, v in voices.items() if isinstance(v, dict)}),
        credits=MappingProxyType(dict(data.get("credits", {}))),
        formats=MappingProxyType(dict(data.get("formats", {}))),
        readability=MappingProxyType(dict(data.get("readability", {}))),
        clip_cache=build.get("clip_cache", ""),
        scheduler=build.get("scheduler", ""),
        base_url=normalize_base_url(site.get("base_url", Settings.base_url)),
        contact=site.get("contact", ""),
        review_max_age_days=data.get("review", {}).get("max_age_days",
                                                       Settings.review_max_age_days),
    )
