"""The shape of library/library.toml: the sections and keys it may hold and the type of each.

`check_settings` reports every unknown name (with the closest valid one), wrong type and
unknown language code at once, each on its own line: `library/library.toml:LINE: what. What to
do.` The [voices] section is checked in voice_schema.py, against the declarations the engines
read (engine_options.py); settings_problems.py keeps the problems by line.
"""

from __future__ import annotations

import re

from .addresses import normalize_base_url
from .languages import (
    DEFAULT_LANGUAGES,
    closest_language_code,
    describe_language_code,
    is_language_code,
    same_language,
)
from .readability_targets import EDITION_KINDS, FORMULAS
from .settings_problems import Problems
from .tomllines import KeyLines
from .voice_schema import check_voices

CONFIG_LABEL = "library/library.toml"
TOP_LEVEL = ("name", "languages", "formats", "credits", "voices", "build", "readability",
             "site", "review")
CREDIT_KEYS = ("translator", "reviewer")  # what an article page shows (templates/article.html)
# Where a build keeps its clips and runs its work (README, "Building on a cluster").
BUILD_KEYS = {"clip_cache": 'clip_cache = "s3://bucket/clips"',
              "scheduler": 'scheduler = "tcp://scheduler:8786"'}
# The website's own settings: the address every absolute URL it writes starts with, and the
# address podcast directories write to about its feeds.
SITE_KEYS = {"base_url": 'base_url = "https://library.example.org/"',
             "contact": 'contact = "podcasts@library.example.org"'}
# How old a review may be before `status` flags it (days): a medical review or a translation's.
REVIEW_KEYS = {"max_age_days": "max_age_days = 365"}
REVIEW_DAYS = (1, 3650)
EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+")


def check_settings(data: dict, text: str) -> None:
    """Raise SettingsError naming, by line, every key of library.toml that is unknown or wrong."""
    check = Problems(KeyLines(text), CONFIG_LABEL)
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
        check_voices(check, data.get("voices", {}), languages)
    if check.kind(("build",), "[build]", data.get("build", {}), dict,
                  '[build] clip_cache = "s3://bucket/clips"'):
        _check_build(check, data.get("build", {}))
    if check.kind(("readability",), "[readability]", data.get("readability", {}), dict,
                  '[readability.en] easy_read = 6'):
        _check_readability(check, data.get("readability", {}), languages)
    if check.kind(("site",), "[site]", data.get("site", {}), dict,
                  '[site] base_url = "https://library.example.org/"'):
        _check_site(check, data.get("site", {}))
    if check.kind(("review",), "[review]", data.get("review", {}), dict,
                  "[review] max_age_days = 365"):
        _check_review(check, data.get("review", {}))
    check.raise_any()


def _check_languages(check: Problems, languages) -> tuple[str, ...] | None:
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


def _check_formats(check: Problems, formats: dict, languages: tuple[str, ...] | None) -> None:
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


def _language_tables(check: Problems, section: str, tables: dict,
                     languages: tuple[str, ...] | None, example: str):
    """Yield (path, where, table) for each [<section>.<lang>] table of a library language,
    reporting the others."""
    for language, entry in tables.items():
        path, where = (section, language), f"[{section}.{language}]"
        if languages is not None and language not in languages:
            check.not_a_language(path, where, language, languages, "this section")
        elif check.kind(path, where, entry, dict, f"{where} {example}"):
            yield path, where, entry


def _check_credits(check: Problems, credits: dict, languages: tuple[str, ...] | None) -> None:
    for path, where, entry in _language_tables(check, "credits", credits, languages,
                                               'translator = "…"'):
        for key, value in entry.items():
            if key not in CREDIT_KEYS:
                check.unknown((*path, key), where, "setting", key, CREDIT_KEYS)
            else:
                check.kind((*path, key), f"{where} {key}", value, str, f'{key} = "…"')


def _check_readability(check: Problems, tables: dict, languages: tuple[str, ...] | None) -> None:
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


def _check_build(check: Problems, build: dict) -> None:
    for key, value in build.items():
        if key not in BUILD_KEYS:
            check.unknown(("build", key), "[build]", "setting", key, BUILD_KEYS)
        else:
            check.kind(("build", key), f"[build] {key}", value, str, BUILD_KEYS[key])


def _check_review(check: Problems, review: dict) -> None:
    for key, value in review.items():
        path, (low, high) = ("review", key), REVIEW_DAYS
        if key not in REVIEW_KEYS:
            check.unknown(path, "[review]", "setting", key, REVIEW_KEYS)
        elif check.kind(path, f"[review] {key}", value, int, REVIEW_KEYS[key]) \
                and not low <= value <= high:
            check.add(path, f"[review] {key} is {value} days: give from {low} to {high}. "
                            f"Write, for example, {REVIEW_KEYS[key]}.")


def _check_site(check: Problems, site: dict) -> None:
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
