"""The [voices] section of library/library.toml: per language, the engines to try in order;
per engine, a table of its settings, checked against what the engines declare they read
(engine_options.py)."""

from __future__ import annotations

import json

from .engine_options import ENGINE_OPTIONS, Option
from .languages import DEFAULT_LANGUAGES
from .settings_problems import Problems, suggestion

SAMPLES = {str: '"…"', int: "1", float: "1.0"}


def check_voices(check: Problems, voices: dict, languages: tuple[str, ...] | None) -> None:
    """Check [voices]: per language, a list of engines; per engine, a table of its settings."""
    for key, value in voices.items():
        path = ("voices", key)
        if key in ENGINE_OPTIONS:
            if check.kind(path, f"[voices] {key}", value, dict, f"[voices.{key}]"):
                _check_engine(check, key, value, languages)
        # When the list of languages is itself wrong, a list is taken to be a language's.
        elif key in languages if languages is not None else not isinstance(value, dict):
            if check.kind(path, f"[voices] {key}", value, list,
                          f'{key} = ["gtts", "espeak-ng"]'):
                _check_engine_list(check, path, key, value)
        elif isinstance(value, dict):
            check.unknown(path, "[voices]", "voice engine", key, ENGINE_OPTIONS)
        else:
            check.not_a_language(path, "[voices]", key, languages, "this line")


def _check_engine_list(check: Problems, path: tuple[str, ...], language: str, names: list) -> None:
    if not names:
        check.add(path, f"[voices] {language} is empty. List at least one voice engine: "
                        f"{', '.join(ENGINE_OPTIONS)}.")
    for name in names:
        if name not in ENGINE_OPTIONS:
            check.add(path, f"[voices] {language} lists unknown engine '{name}'. "
                            f"{suggestion(str(name), ENGINE_OPTIONS)}")


def _check_engine(check: Problems, engine: str, table: dict,
                  languages: tuple[str, ...] | None) -> None:
    """Check [voices.<engine>]: its engine-wide keys and its per-language tables."""
    options, where = ENGINE_OPTIONS[engine], f"[voices.{engine}]"
    for key, value in table.items():
        path = ("voices", engine, key)
        if key in options.general:
            check.kind(path, f"{where} {key}", value, options.general[key].kind,
                       f"{key} = {_sample(options.general[key])}")
        elif options.language and (key in languages if languages is not None
                                   else isinstance(value, dict)):
            first = next(iter(options.language))
            if check.kind(path, f"{where} {key}", value, dict,
                          _per_language(key, first, options.language[first])):
                _check_language_table(check, path, f"{where} {key}", value, options.language)
        elif key in options.language:
            example = _per_language((languages or DEFAULT_LANGUAGES)[-1], key,
                                    options.language[key])
            check.add(path, f"{where} {key} is set per language. Write, for example, {example}.")
        elif isinstance(value, dict) and options.language:
            check.not_a_language(path, where, key, languages, "this line")
        else:
            check.unknown(path, where, "setting", key, options.general)


def _check_language_table(check: Problems, path: tuple[str, ...], where: str, table: dict,
                          options) -> None:
    """Check one language's table of an engine (`en = { tld = "com" }`)."""
    language = path[-1]
    for name, value in table.items():
        if name not in options:
            check.unknown((*path, name), where, "setting", name, options)
        elif check.kind((*path, name), f"{where}.{name}", value, options[name].kind,
                        _per_language(language, name, options[name])) and options[name].check:
            wrong = options[name].check(value)
            if wrong:
                check.add((*path, name), f"{where}.{name} = {json.dumps(value)} {wrong}.")


def _per_language(language: str, key: str, option: Option) -> str:
    return f"{language} = {{ {key} = {_sample(option)} }}"


def _sample(option: Option) -> str:
    if option.default is None:
        return SAMPLES[option.kind]
    return f'"{option.default}"' if isinstance(option.default, str) else str(option.default)
