"""The spoken glossary on article pages: the hard words an edition uses, each with its
plain-language definition and audio from the library's glossary (pipeline/new_readers.py).

A word's forms are its glossary heading and the form in brackets after it ("Detoxification
(detox)"), matched whole and regardless of case, in the page's language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BRACKETS = re.compile(r"^(.*?)\s*\((.+)\)\s*$")


@dataclass(frozen=True)
class Term:
    """One glossary word as a page offers it."""

    id: str  # the glossary section's id (its anchor on the glossary page)
    heading: str
    language: str  # the language the heading and definition are in
    forms: tuple[str, ...]  # lower case, longest first
    definition: str
    definition_language: str
    track: object  # the section's TrackFile: the word and its definition, spoken


def glossary_terms(edition) -> list[Term]:
    """Return the words of the glossary's edition in one language."""
    terms = []
    for section in edition.sections:
        heading = next((b for b in section.blocks if b.kind == "heading"), None)
        body = [b for b in section.blocks if b.kind != "heading"]
        if heading is None or not body:
            continue  # the introduction
        found = BRACKETS.match(heading.text)
        forms = (found.group(1), found.group(2)) if found else (heading.text,)
        terms.append(Term(section.id, heading.text, heading.language,
                          tuple(sorted({f.lower() for f in forms}, key=len, reverse=True)),
                          " ".join(b.text for b in body), body[0].language, section.track))
    return terms


def _pattern(forms: tuple[str, ...]) -> re.Pattern:
    words = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


def terms_used(edition, terms: list[Term]) -> list[Term]:
    """Return the glossary words an edition's text uses, in the order of the glossary."""
    text = "\n".join(b.text for s in edition.sections for b in s.blocks)
    return [t for t in terms if _pattern(t.forms).search(text)]
