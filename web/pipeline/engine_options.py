"""What each voice engine reads from its [voices.<engine>] table of library/library.toml.

The engines read their settings only through these declarations (Engine.option, Engine.setting)
and load_settings checks the file against them: one list of names, types and defaults. This
module imports nothing heavy, so that checking the settings does not load the engines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

KOKORO_VOICES = Path(__file__).parent / "voices" / "data" / "kokoro"  # the voice files committed
# The G2P languages of Kokoro's voices, as espeak-ng (its phonemizer) names them.
KOKORO_G2P = ("es-419", "es", "en-us", "en-gb", "pt-br", "pt", "fr-fr", "it", "hi", "cmn", "ja")


@dataclass(frozen=True)
class Option:
    """One setting: its type (str, int, or float, which takes whole numbers too), default, and
    what else its value must be (`check` says what is wrong with a value, None if nothing)."""

    kind: type
    default: str | int | float | None = None
    check: Callable[[object], str | None] | None = None


@dataclass(frozen=True)
class EngineOptions:
    """An engine's settings: engine-wide keys, and keys of its per-language tables."""

    general: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))
    language: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))


def _options(general: dict | None = None, language: dict | None = None) -> EngineOptions:
    return EngineOptions(MappingProxyType(general or {}), MappingProxyType(language or {}))


def kokoro_voices() -> list[str]:
    """Return the names of the Kokoro voices committed with the library."""
    return sorted(path.stem for path in KOKORO_VOICES.glob("*.bin"))


def _kokoro_voice(name) -> str | None:
    if name in kokoro_voices():
        return None
    return f"is not a Kokoro voice here. Use one of: {', '.join(kokoro_voices())}"


def _kokoro_speed(speed) -> str | None:
    return None if 0.5 <= speed <= 2.0 else "is out of Kokoro's range. Use 0.5 to 2.0"


def _kokoro_g2p(code) -> str | None:
    return None if code in KOKORO_G2P else \
        f"is not a G2P language of Kokoro. Use one of: {', '.join(KOKORO_G2P)}"


# In the order `manage_content.py voices` lists the engines (the registry's order).
ENGINE_OPTIONS: MappingProxyType = MappingProxyType({
    "gtts": _options(
        general={"timeout": Option(float, 10.0),  # seconds per request
                 "interval": Option(float, 0.2),  # seconds between requests
                 "attempts": Option(int, 4),  # tries on 429/5xx answers
                 "backoff": Option(float, 1.0),  # first wait before a retry, doubling
                 "give_up_after": Option(int, 2)},  # failed sentences before gTTS is skipped
        language={"tld": Option(str, "com"),  # the accent: com.mx for Mexican Spanish
                  "lang": Option(str)}),  # gTTS's code, when it differs from the library's
    "piper": _options(language={"model": Option(str),  # "package:<module>" or an .onnx path
                                "length_scale": Option(float),
                                "noise_scale": Option(float),
                                "noise_w_scale": Option(float)}),
    # Kokoro: per language, a voice (a file of data/kokoro), its speed (1.0 as trained) and
    # the G2P language espeak-ng phonemizes with; unset, kokoro.py's defaults for the language.
    "kokoro": _options(language={"voice": Option(str, check=_kokoro_voice),
                                 "speed": Option(float, check=_kokoro_speed),
                                 "lang": Option(str, check=_kokoro_g2p)}),
    "espeak-ng": _options(language={"voice": Option(str),  # as espeak-ng --voices lists them,
                                    # optionally with a variant: "es-419+m3"
                                    "speed": Option(int, 175),  # words per minute
                                    "pitch": Option(int, 50),  # base pitch, 0 to 99
                                    "range": Option(int, 50),  # pitch range, 0 to 99
                                    "timeout": Option(float, 60)}),  # seconds per sentence
    "silent": _options(),
})

