"""The one explicit configuration object of the pipeline, read from library/library.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .errors import ContentError

CONFIG_NAME = "library.toml"


@dataclass(frozen=True)
class Settings:
    """Where everything lives and which languages and voices the library uses."""

    root: Path
    name: str = "Health Library"
    languages: tuple[str, ...] = ("en", "es")
    voice_preferences: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    voice_options: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    credits: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

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


def load_settings(root: Path | str = ".") -> Settings:
    """Read library/library.toml under `root` (defaults apply when it is absent)."""
    root = Path(root).resolve()
    path = root / "library" / CONFIG_NAME
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise ContentError(
                f"library/{CONFIG_NAME}: {error}. Fix the TOML syntax and run the command again."
            ) from None
    voices = dict(data.get("voices", {}))
    preferences = {k: tuple(v) for k, v in voices.items() if isinstance(v, list)}
    options = {k: v for k, v in voices.items() if isinstance(v, dict)}
    languages = tuple(data.get("languages", ("en", "es")))
    if not languages:
        raise ContentError(f"library/{CONFIG_NAME}: 'languages' is empty. List at least one.")
    return Settings(
        root=root,
        name=data.get("name", "Health Library"),
        languages=languages,
        voice_preferences=MappingProxyType(preferences),
        voice_options=MappingProxyType(options),
        credits=MappingProxyType(dict(data.get("credits", {}))),
    )
