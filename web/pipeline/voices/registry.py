"""The voice engine registry: which engines voice a language, and voicing with fallback.

`ENGINES` is the whole plugin system, one module per engine; library/library.toml [voices]
lists, per language, the order to try them (load_settings has checked that it names engines
that exist, and engine_options.py declares what each engine reads). An engine installed wrong
(Kokoro with a model part missing or damaged) stays first in the chain when another can follow
it: each sentence it cannot voice falls to the next, which the build records as a fallback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from ..errors import EngineError, VoiceError
from ..settings import Settings
from .base import Engine, Utterance
from .espeak import EspeakEngine
from .gtts import GttsEngine
from .kokoro import KokoroEngine
from .piper import PiperEngine
from .silent import SilentEngine

log = logging.getLogger(__name__)

# For a language library.toml gives no [voices] line, in any language; an engine that cannot
# voice it here (Piper with no voice file configured for it, Kokoro with no voice for the
# language) is left out.
DEFAULT_PREFERENCES = ("gtts", "piper", "kokoro", "espeak-ng")
OFFLINE_PROBLEM = "needs internet, and the build is offline"

ENGINES: dict[str, type[Engine]] = {
    "gtts": GttsEngine,
    "piper": PiperEngine,
    "kokoro": KokoroEngine,
    "espeak-ng": EspeakEngine,
    "silent": SilentEngine,
}


@dataclass(frozen=True)
class EngineStatus:
    """One engine in a language's preference list, and whether it can run here."""

    name: str
    voice: str
    offline: bool
    problem: str | None


def preferences(settings: Settings, language: str) -> tuple[str, ...]:
    """Return the engine names to try for `language`, preferred first."""
    return tuple(settings.voice_preferences.get(language) or DEFAULT_PREFERENCES)


def engine_problem(engine: Engine, language: str, offline: bool) -> str | None:
    """Say why `engine` cannot voice `language` in this build (None if it can)."""
    if offline and not engine.offline:
        return OFFLINE_PROBLEM
    return engine.problem(language)


def describe_engines(settings: Settings, language: str, *, offline: bool = False
                     ) -> list[EngineStatus]:
    """Return the preferred engines of `language` with their voices and problems."""
    statuses = []
    for name in preferences(settings, language):
        engine = ENGINES[name](settings)
        problem = engine_problem(engine, language, offline)
        statuses.append(EngineStatus(name, engine.voice(language), engine.offline, problem))
    return statuses


def describe_voices(settings: Settings, languages: tuple[str, ...] = (), *,
                    offline: bool = False) -> dict[str, list[EngineStatus]]:
    """Return, for each of `languages` (default: all), its engines in the order a build tries
    them, with their voices and problems."""
    languages = settings.check_languages(languages) or settings.languages
    return {language: describe_engines(settings, language, offline=offline)
            for language in languages}


def select_engines(settings: Settings, language: str, *, engine: str | None = None,
                   offline: bool = False) -> list[Engine]:
    """Return the engines that can voice `language` here, preferred first."""
    if engine is not None:
        if engine not in ENGINES:
            raise EngineError(f"--engine {engine}: no such voice engine. "
                              f"Use one of: {', '.join(ENGINES)}.")
        chosen = ENGINES[engine](settings)
        problem = engine_problem(chosen, language, offline)
        if problem:
            raise EngineError(f"--engine {engine}: cannot voice '{language}': {problem}. "
                              "Fix that or choose another engine.")
        return [chosen]
    engines = [ENGINES[name](settings) for name in preferences(settings, language)]
    ready = [not engine_problem(e, language, offline) for e in engines]
    usable = [e for n, e in enumerate(engines)
              if ready[n] or (e.installed_wrong(language) and any(ready[n + 1:]))]
    if not any(ready):
        reasons = "; ".join(f"{e.name}: {engine_problem(e, language, offline)}" for e in engines)
        raise EngineError(f"library/library.toml: no voice engine can voice '{language}' here "
                          f"({reasons}). Install one or change [voices] {language}.")
    return usable


def voice_sentence(engines: list[Engine], text: str, language: str) -> tuple[Utterance, str]:
    """Voice `text` with the first engine that can; return what it said and its name."""
    reasons = []
    for engine in engines:
        try:
            return engine.speak(text, language), engine.name
        except VoiceError as error:
            # An engine that already gave up (gTTS offline) was reported once; don't repeat.
            level = logging.DEBUG if getattr(error, "repeated", False) else logging.WARNING
            log.log(level, "%s", error)
            reasons.append(str(error))
    if not reasons:
        raise VoiceError(f"[{language}] no voice engine to voice \"{text[:40]}\". "
                         "Check [voices] in library/library.toml.")
    raise VoiceError(" ".join(reasons) if len(reasons) == 1 else
                     f"[{language}] every engine failed: {' / '.join(reasons)}")
