"""Validate catalogs: syntax, and what must survive translation unchanged.

Numbers, web addresses, markup and glossary terms in a translation must match its English;
an entry with no translation is reported too. Each problem names the file and line.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..errors import CatalogError
from ..settings import Settings
from ..states import MISSING
from .catalogs import catalog_files, language_problem, message_state
from .glossary import load_glossary
from .pofiles import read_catalog

_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?]|[\w.+-]+@[\w-]+\.[\w.]+")
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|\*\*|__|`|\]\(|\{#[\w-]+\}")


@dataclass(frozen=True)
class Problem:
    where: str  # file:line
    what: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}"


def _numbers(text: str) -> list[str]:
    """Numbers with their separators removed: 1,000 (English) equals 1.000 (Spanish)."""
    return sorted(re.sub(r"[.,:]", "", n) for n in _NUMBER.findall(text))


def compare_entry(source: str, translation: str, glossary) -> list[str]:
    """Return what differs between an English text and its translation that must not."""
    found = []
    if _numbers(source) != _numbers(translation):
        found.append(f"numbers differ: {_NUMBER.findall(source)} in English, "
                     f"{_NUMBER.findall(translation)} in the translation")
    if sorted(_URL.findall(source)) != sorted(_URL.findall(translation)):
        found.append("web or e-mail addresses differ from the English")
    if Counter(_MARKUP.findall(source)) != Counter(_MARKUP.findall(translation)):
        found.append("markup differs from the English")
    for term in glossary.missing_from(source, translation):
        found.append(f"glossary: '{term.source}' must be translated as '{term.target}'")
    return found


def check_catalogs(settings: Settings) -> list[Problem]:
    """Return every problem in every article catalog (an empty list when all is well)."""
    problems: list[Problem] = []
    glossaries = {}
    for path in catalog_files(settings):
        label = settings.relative(path)
        language = path.parent.parent.name
        unconfigured = language_problem(path, settings)
        if unconfigured:
            problems.append(Problem(label, unconfigured.split(": ", 1)[1]))
            continue
        try:
            catalog = read_catalog(path, settings, language)
        except CatalogError as error:
            where, what = str(error).split(": ", 1)
            problems.append(Problem(where, what))
            continue
        if language not in glossaries:
            glossaries[language] = load_glossary(settings, language)
        for message in catalog:
            if not message.id:
                continue
            where = f"{label}:{message.lineno}"
            if message_state(message) == MISSING:
                problems.append(Problem(where, f"'{message.context}' is not translated yet. "
                                               "Translate it, or run translate for a draft"))
                continue
            for what in compare_entry(message.id, message.string, glossaries[language]):
                problems.append(Problem(where, f"'{message.context}': {what}"))
    return problems
