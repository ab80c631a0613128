"""The glossary (locales/glossary.csv): fixed translations of terms, and names never translated.

Columns: one per language (the source language first, e.g. `en,es`) and `note`. A row whose
target equals its source (Omnia Recovery) is a name that must stay as it is. A language with no
column or no terms yet (one just added) has no glossary: a warning says so, and checks go on.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass
from functools import cached_property

from ..errors import CatalogError
from ..settings import Settings
from ..textfiles import decode_text

GLOSSARY_NAME = "glossary.csv"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Term:
    source: str
    target: str
    note: str
    line: int

    @cached_property
    def source_pattern(self) -> re.Pattern:
        """Match the source term as whole words, plural included (receptor, receptors)."""
        return _words_pattern(self.source)

    @cached_property
    def target_pattern(self) -> re.Pattern:
        return _words_pattern(self.target)


def _words_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) + r"(?:e?s)?" for w in term.split()]
    return re.compile(r"(?<!\w)" + r"[\s-]+".join(words) + r"(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Glossary:
    language: str
    terms: tuple[Term, ...]

    def found_in(self, text: str) -> list[Term]:
        """Return the terms whose source form occurs in `text`, longest first."""
        return [t for t in self.terms if t.source_pattern.search(text)]

    def missing_from(self, source: str, translation: str) -> list[Term]:
        """Return the terms used in `source` whose fixed translation is not in `translation`."""
        return [t for t in self.found_in(source) if not t.target_pattern.search(translation)]


def load_glossary(settings: Settings, language: str) -> Glossary:
    """Read the glossary's terms for `language` (empty if there is no glossary)."""
    path = settings.locales_dir / GLOSSARY_NAME
    if not path.exists():
        return Glossary(language, ())
    label = settings.relative(path)
    # Excel saves "CSV UTF-8" with a BOM, other spreadsheets may save UTF-16.
    text = decode_text(path.read_bytes(), label, CatalogError)
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        rows = [(reader.line_num, row) for row in reader]  # blank lines are not rows
        columns = reader.fieldnames or []
    except csv.Error as error:
        raise CatalogError(f"{label}: {error}. Save it as UTF-8 CSV.") from None
    source = settings.source_language
    if rows and source not in columns:
        raise CatalogError(f"{label}:1: needs the column '{source}'. Add it to the header.")
    if rows and not any((row.get(language) or "").strip() for _, row in rows):
        log.warning("%s has no '%s' terms yet, so no glossary term is checked in %s. Add a "
                    "'%s' column with a term for each row.", label, language, language, language)
        return Glossary(language, ())
    terms = []
    for line, row in rows:
        term, target = (row.get(source) or "").strip(), (row.get(language) or "").strip()
        if not term and not target:  # an empty row, or a term of another language only
            continue
        if not term:
            raise CatalogError(
                f"{label}:{line}: the '{language}' term '{target}' has no '{source}' term. Add "
                "it, or delete the row."
            )
        if not target:
            raise CatalogError(
                f"{label}:{line}: '{term}' has no '{language}' term. Add it, or repeat "
                "the source term for a name that is not translated."
            )
        terms.append(Term(term, target, (row.get("note") or "").strip(), line))
    terms.sort(key=lambda t: -len(t.source))
    return Glossary(language, tuple(terms))
