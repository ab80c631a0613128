"""Language codes checked against CLDR (through Babel), with the closest known code for a typo,
and what else each language is known by: its ISO 639-2 code, its writing direction."""

from __future__ import annotations

import difflib
from functools import cache

from babel import Locale, UnknownLocaleError, localedata

DEFAULT_LANGUAGES = ("en", "es")  # a library's languages when library.toml lists none


def is_language_code(code: str) -> bool:
    """Say whether `code` is a CLDR locale written as Babel writes it ("es", "es_419")."""
    try:
        return code != "root" and str(Locale.parse(code)) == code
    except (ValueError, TypeError, UnknownLocaleError):
        return False


def closest_language_code(code: str) -> str | None:
    """Return the known code staff most likely meant by `code` (None if nothing is close):
    its canonical form ("EN" → "en", "es-MX" → "es_MX"), a code whose English name it starts
    ("sp" → "es", Spanish), else the most similar language code ("xx" → "xh")."""
    try:
        found = str(Locale.parse(code.replace("-", "_")))
        if found != "root":
            return found
    except (ValueError, TypeError, UnknownLocaleError):
        pass
    named = [c for c, name in _english_names().items()
             if len(code) > 1 and name.lower().startswith(code.lower())]
    if named:
        return named[0]
    close = difflib.get_close_matches(code.lower(), list(_english_names()), n=1, cutoff=0.5)
    return close[0] if close else None


def describe_language_code(code: str) -> str:
    """Return a code with its English name, for messages: "'es' (Spanish)"."""
    return f"'{code}' ({Locale.parse(code).english_name})"


@cache
def _english_names() -> dict[str, str]:
    """Return the English name of each language CLDR has data for, by code."""
    return {code: name for code, name in sorted(Locale("en").languages.items())
            if localedata.exists(code)}


@cache
def iso_639_2(code: str) -> str:
    """Return the ISO 639-2 code of a language ("es_419" → "spa"), "und" if it has none."""
    import pycountry  # slow to import (package metadata); asked for by few

    language = Locale.parse(code).language
    found = pycountry.languages.get(**{"alpha_2" if len(language) == 2 else "alpha_3": language})
    return found.alpha_3 if found else "und"


def same_language(code: str, other: str) -> bool:
    """Say whether two CLDR codes are of one language ("es_419" and "es")."""
    return Locale.parse(code).language == Locale.parse(other).language


def is_right_to_left(code: str) -> bool:
    """Say whether a language is written right to left, as CLDR has it ("ar", "he")."""
    return Locale.parse(code).character_order == "right-to-left"
