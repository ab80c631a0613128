"""Validate catalogs: syntax, and what must survive translation unchanged.

Numbers, phone numbers, web addresses, markup and glossary terms in a translation must match
its English; an entry with no translation, or whose msgctxt names no block of its article, is
reported too. Each problem names the file and line.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import partial
from pathlib import Path

from ..article_files import library_slugs
from ..errors import CatalogError, ContentError
from ..inline import html_tag, link_problem
from ..notices import Notice
from ..settings import Settings
from ..sources import read_article
from ..states import HUMAN, MISSING
from .catalogs import (
    catalog_files,
    check_contexts,
    language_problem,
    message_state,
)
from .glossary import Glossary, load_glossary
from .markup import inline_markup
from .pofiles import read_catalog
from .status_cache import StatusRecord

_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_JOIN = "[ \u00a0\u202f.-]"  # what joins digit groups: a space (also no-break), a dot, a hyphen
# Digit groups as one unit, with an optional +country code and (area code).
_PHONE = re.compile(rf"(?<![\w.,+-])(?:\+\d{{1,3}}{_JOIN}?)?(?:\(\d{{1,4}}\){_JOIN}?)?\d{{1,4}}"
                    rf"(?:{_JOIN}\d{{1,4}})*(?![\w-]|[.,]\d)")
_THOUSANDS = re.compile(r"\d{1,3}([ \u00a0\u202f.])\d{3}(?:\1\d{3})*")  # 1 000 000, 1.000.000
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\[\]]+[^\s<>()\[\].,;:!?]|[\w.+-]+@[\w-]+\.[\w.]+")
_ID_MARKUP = re.compile(r"\{#[\w-]+\}")


def _is_phone(written: str) -> bool:
    """Tell a phone number from a year range: 7 to 15 digits, and a country code, an area code
    in parentheses, or at least three groups."""
    groups = re.findall(r"\d+", written)
    return (7 <= sum(map(len, groups)) <= 15
            and ("+" in written or "(" in written or len(groups) >= 3))


def _phones_and_numbers(text: str) -> tuple[list[str], list[str]]:
    """Return the phone numbers in `text`, then its other numbers, as written."""
    phones, grouped, rest, end = [], [], [], 0
    for match in _PHONE.finditer(text):
        written = match.group()
        kind = grouped if _THOUSANDS.fullmatch(written) else phones if _is_phone(written) else None
        if kind is not None:  # one unit: its digits are not numbers of their own
            kind.append(written)
            rest.append(text[end:match.start()])
            end = match.end()
    rest.append(text[end:])
    return phones, grouped + _NUMBER.findall(" ".join(rest))


def _compare_numbers(source: str, translation: str) -> list[str]:
    """Compare phone numbers digit by digit, in order (a swapped group is another number), and
    other numbers by their digits, in any order (1,000 is 1.000; "3 de marzo" may move)."""
    found = []
    ours, theirs = _phones_and_numbers(source), _phones_and_numbers(translation)
    for kind, english, translated in (("phone numbers", ours[0], theirs[0]),
                                      ("numbers", ours[1], theirs[1])):
        if Counter(map(_digits, english)) != Counter(map(_digits, translated)):
            found.append(f"{kind} differ: {english} in English, {translated} in the translation")
    return found


def _digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def compare_entry(source: str, translation: str, glossary) -> list[str]:
    """Return what differs between an English text and its translation that must not."""
    found = _compare_numbers(source, translation)
    if sorted(_URL.findall(source)) != sorted(_URL.findall(translation)):
        found.append("web or e-mail addresses differ from the English")
    if (inline_markup(source) != inline_markup(translation)
            or Counter(_ID_MARKUP.findall(source)) != Counter(_ID_MARKUP.findall(translation))):
        found.append("markup differs from the English")
    tag, link = html_tag(translation), link_problem(translation)
    if tag:
        found.append(f"raw HTML ('{tag}') cannot be published; remove it")
    if link:
        found.append(f"{link[0]}; {link[1][0].lower()}{link[1][1:]}")
    for term in glossary.missing_from(source, translation):
        found.append(f"glossary: '{term.source}' must be translated as '{term.target}'")
    return found


def check_catalogs(settings: Settings) -> tuple[list[Notice], list[Notice]]:
    """Return every problem in every article catalog, each where (file:line) and what (none
    when all is well), and the notes on suggestions awaiting review: a machine draft or a
    stale translation that differs from its English is not published, so it fails nothing.
    A catalog whose files are as when it was last checked is not read (status_cache.py)."""
    problems: list[Notice] = []
    notes: list[Notice] = []
    glossaries: dict[str, Glossary] = {}
    record = StatusRecord(settings)
    for path in catalog_files(settings):
        unconfigured = language_problem(path, settings)
        if unconfigured:
            problems.append(Notice(settings.relative(path), unconfigured.split(": ", 1)[1]))
            continue
        found = record.catalog_check(path, partial(_check_catalog, settings, path, glossaries))
        problems += found[0]
        notes += found[1]
    record.save(library_slugs(settings))
    return problems, notes


def _check_catalog(settings: Settings, path: Path, glossaries: dict[str, Glossary]
                   ) -> tuple[list[Notice], list[Notice]]:
    """Return the problems and the notes of one catalog of a configured language."""
    problems: list[Notice] = []
    notes: list[Notice] = []
    label, language = settings.relative(path), path.parent.parent.name
    try:
        catalog = read_catalog(path, settings, language)
    except CatalogError as error:
        return [Notice.parse(str(error))], []
    article = settings.article_path(path.stem)
    try:
        if article.exists():
            check_contexts(catalog, path, read_article(article, settings.relative(article)),
                           settings)
    except ContentError as error:  # a msgctxt that is no block id, or a broken article
        problems.append(Notice.parse(str(error)))
    if language not in glossaries:
        glossaries[language] = load_glossary(settings, language)
    for message in catalog:
        if not message.id:
            continue
        where = f"{label}:{message.lineno}"
        if message_state(message) == MISSING:
            problems.append(Notice(where, f"'{message.context}' is not translated yet",
                                   "Translate it, or run translate for a draft"))
            continue
        found = problems if message_state(message) in HUMAN else notes
        for what in compare_entry(message.id, message.string, glossaries[language]):
            found.append(Notice(where, f"'{message.context}': {what}"))
    return problems, notes
