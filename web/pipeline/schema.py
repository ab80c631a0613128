"""The shape of library/library.toml: the sections and keys it may hold and the type of each.

`check_settings` reports every unknown name (with the closest valid one), wrong type and
unknown language code at once, each on its own line: `library/library.toml:LINE: what. What to
do.` The voice engines' keys come from voices/options.py, the declarations the engines read.
"""

from __future__ import annotations

import difflib
import json
import re

from .addresses import normalize_base_url
from .errors import SettingsError
from .languages import (
    closest_language_code,
    describe_language_code,
    is_language_code,
    same_language,
)
from .readability import EDITION_KINDS, FORMULAS
from .tomllines import KeyLines
from .voices.options import ENGINE_OPTIONS, Option

CONFIG_LABEL = "library/library.toml"
TOP_LEVEL = ("name", "languages", "formats", "credits", "voices", "build", "readability",
             "site")
CREDIT_KEYS = ("translator", "reviewer")  # what an article page shows (templates/article.html)
# Where a build keeps its clips and runs its work (README, "Building on a cluster").
BUILD_KEYS = {"clip_cache": 'clip_cache = "s3://bucket/clips"',
              "scheduler": 'scheduler = "tcp://scheduler:8786"'}
# The website's own settings: the address every absolute URL it writes starts with, and the
# address podcast directories write to about its feeds.
SITE_KEYS = {"base_url": 'base_url = "https://library.example.org/"',
             "contact": 'contact = "podcasts@library.example.org"'}
EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")
DEFAULT_LANGUAGES = ("en", "es")
KINDS = {str: "text in quotes", int: "a whole number", float: "a number", list: "a list",
         dict: "a table"}
SAMPLES = {str: '"…"', int: "1", float: "1.0"}


def check_settings(data: dict, text: str) -> None:
    """Raise SettingsError naming, by line, every key of library.toml that is unknown or wrong."""
    check = _Check(KeyLines(text))
    for key in data:
        if key not in TOP_LEVEL:
            kind = "section" if isinstance(data[key], dict) else "setting"
            check.unknown((key,), "", kind, key, TOP_LEVEL)
    if "name" in data:
        check.kind(("name",), "name", data["name"], str, 'name = "Health Library"')
    languages = _check_languages(check, data.get("languages", list(DEFAULT_LANGUAGES)))
    if check.kind(("formats",), "[formats]", data.get("formats", {}), dict,
                  '[formats] es = "es_419"'):
        _check_formats(check, data.get("formats", {}), languages)
    if check.kind(("credits",), "[credits]", data.get("credits", {}), dict,
                  '[credits.es] translator = "…"'):
        _check_credits(check, data.get("credits", {}), languages)
    if check.kind(("voices",), "[voices]", data.get("voices", {}), dict,
                  '[voices] en = ["gtts", "espeak-ng"]'):
        _check_voices(check, data.get("voices", {}), languages)
    if check.kind(("build",), "[build]", data.get("build", {}), dict,
                  '[build] clip_cache = "s3://bucket/clips"'):
        _check_build(check, data.get("build", {}))
    if check.kind(("readability",), "[readability]", data.get("readability", {}), dict,
                  '[readability.en] easy_read = 6'):
        _check_readability(check, data.get("readability", {}), languages)
    if check.kind(("site",), "[site]", data.get("site", {}), dict,
                  '[site] base_url = "https://library.example.org/"'):
        _check_site(check, data.get("site", {}))
    check.raise_any()


class _Check:
    """Problems found so far, each with the line it is on."""

    def __init__(self, lines: KeyLines):
        self.lines = lines
        self.problems: list[tuple[int, str]] = []

    def add(self, path: tuple[str, ...], message: str) -> None:
        self.problems.append((self.lines.line(path), message))

    def unknown(self, path: tuple[str, ...], where: str, kind: str, name: str, choices) -> None:
        """Report an unknown name, suggesting the closest of `choices`."""
        self.add(path, f"{where}{': ' if where else ''}unknown {kind} '{name}'. "
                       f"{_suggestion(name, choices)}")

    def kind(self, path: tuple[str, ...], label: str, value, kind: type, example: str) -> bool:
        """Report `value` unless it is of `kind` (a float may be written as a whole number)."""
        fits = (not isinstance(value, bool) and
                (isinstance(value, int | float) if kind is float else isinstance(value, kind)))
        if not fits:
            self.add(path, f"{label} must be {KINDS[kind]}, not {_shown(value)}. "
                           f"Write, for example, {example}.")
        return fits

    def not_a_language(self, path: tuple[str, ...], where: str, code: str, languages,
                       remove: str) -> None:
        self.add(path, f"{where}: '{code}' is not a language of the library "
                       f"({', '.join(languages)}). Add it to languages, or remove {remove}.")

    def raise_any(self) -> None:
        if self.problems:
            by_line = sorted(self.problems, key=lambda problem: problem[0])
            raise SettingsError("\n".join(f"{CONFIG_LABEL}:{line}: {message}"
                                          for line, message in by_line))


def _check_languages(check: _Check, languages) -> tuple[str, ...] | None:
    """Check the list of language codes; return the codes listed (None if there is no list,
    so that sections are not also reported as naming languages the library lacks)."""
    example = 'languages = ["en", "es"]'
    if not check.kind(("languages",), "languages", languages, list, example):
        return None
    if not languages:
        check.add(("languages",), f"languages is empty. List at least one, for example {example}.")
        return None
    listed: list[str] = []
    for code in languages:
        if not isinstance(code, str):
            check.kind(("languages",), "each language", code, str, example)
        elif code in listed:
            check.add(("languages",), f"languages lists '{code}' twice. List it once.")
        else:
            listed.append(code)
            if not is_language_code(code):
                close = closest_language_code(code)
                todo = (f"Did you mean {describe_language_code(close)}?" if close else
                        "Use a CLDR code, such as 'en', 'es' or 'fr'.")
                check.add(("languages",), f"languages: unknown language code '{code}'. {todo}")
    return tuple(listed)


def _check_formats(check: _Check, formats: dict, languages: tuple[str, ...] | None) -> None:
    """Check [formats]: per language, the CLDR locale whose formats its pages use."""
    for language, code in formats.items():
        path, where = ("formats", language), f"[formats] {language}"
        if languages is not None and language not in languages:
            check.not_a_language(path, "[formats]", language, languages, "this line")
        elif check.kind(path, where, code, str, f'{language} = "{language}"') and not (
                is_language_code(code) and same_language(code, language)):
            check.add(path, f"{where}: '{code}' is not a CLDR locale of the language "
                            f"{describe_language_code(language)}. Write one such as "
                            f"{language} = \"{language}_419\" or remove the line.")


def _language_tables(check: _Check, section: str, tables: dict,
                     languages: tuple[str, ...] | None, example: str):
    """Yield (path, where, table) for each [<section>.<lang>] table of a library language,
    reporting the others."""
    for language, entry in tables.items():
        path, where = (section, language), f"[{section}.{language}]"
        if languages is not None and language not in languages:
            check.not_a_language(path, where, language, languages, "this section")
        elif check.kind(path, where, entry, dict, f"{where} {example}"):
            yield path, where, entry


def _check_credits(check: _Check, credits: dict, languages: tuple[str, ...] | None) -> None:
    for path, where, entry in _language_tables(check, "credits", credits, languages,
                                               'translator = "…"'):
        for key, value in entry.items():
            if key not in CREDIT_KEYS:
                check.unknown((*path, key), where, "setting", key, CREDIT_KEYS)
            else:
                check.kind((*path, key), f"{where} {key}", value, str, f'{key} = "…"')


def _check_readability(check: _Check, tables: dict, languages: tuple[str, ...] | None) -> None:
    """Check [readability.<lang>]: its formula and a target per kind of edition."""
    keys = ("formula", *EDITION_KINDS)
    for path, where, entry in _language_tables(check, "readability", tables, languages,
                                               "easy_read = 6"):
        for key, value in entry.items():
            if key not in keys:
                check.unknown((*path, key), where, "setting", key, keys)
            elif key != "formula":
                check.kind((*path, key), f"{where} {key}", value, float, f"{key} = 6")
            elif check.kind((*path, key), f"{where} formula", value, str,
                            'formula = "flesch_kincaid_grade"') and value not in FORMULAS:
                check.unknown((*path, key), where, "formula", value, FORMULAS)


def _check_build(check: _Check, build: dict) -> None:
    for key, value in build.items():
        if key not in BUILD_KEYS:
            check.unknown(("build", key), "[build]", "setting", key, BUILD_KEYS)
        else:
            check.kind(("build", key), f"[build] {key}", value, str, BUILD_KEYS[key])


def _check_site(check: _Check, site: dict) -> None:
    for key, value in site.items():
        path = ("site", key)
        if key not in SITE_KEYS:
            check.unknown(path, "[site]", "setting", key, SITE_KEYS)
        elif not check.kind(path, f"[site] {key}", value, str, SITE_KEYS[key]):
            continue
        elif key == "contact":
            if not EMAIL.fullmatch(value):
                check.add(path, f'[site] contact "{value}" is not an email address. Write, '
                                f"for example, {SITE_KEYS[key]}.")
        else:
            try:
                normalize_base_url(value)
            except ValueError as error:
                check.add(path, f'[site] {key} "{value}" {error}. Write, for example, '
                                f"{SITE_KEYS[key]}.")


def _check_voices(check: _Check, voices: dict, languages: tuple[str, ...] | None) -> None:
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


def _check_engine_list(check: _Check, path: tuple[str, ...], language: str, names: list) -> None:
    if not names:
        check.add(path, f"[voices] {language} is empty. List at least one voice engine: "
                        f"{', '.join(ENGINE_OPTIONS)}.")
    for name in names:
        if name not in ENGINE_OPTIONS:
            check.add(path, f"[voices] {language} lists unknown engine '{name}'. "
                            f"{_suggestion(str(name), ENGINE_OPTIONS)}")


def _check_engine(check: _Check, engine: str, table: dict,
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


def _check_language_table(check: _Check, path: tuple[str, ...], where: str, table: dict,
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


def _suggestion(name: str, choices) -> str:
    """Return "Did you mean …?" with the closest of `choices`, else the choices to use."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return (f"Did you mean '{close[0]}'?" if close else
            f"Use one of: {', '.join(choices)}." if choices else "Remove it.")


def _per_language(language: str, key: str, option: Option) -> str:
    return f"{language} = {{ {key} = {_sample(option)} }}"


def _sample(option: Option) -> str:
    if option.default is None:
        return SAMPLES[option.kind]
    return f'"{option.default}"' if isinstance(option.default, str) else str(option.default)


def _shown(value) -> str:
    """Return a value as staff wrote it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, list | dict):
        return KINDS[type(value)]
    return str(value)
