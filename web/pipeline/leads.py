"""What is said before a list item or a note, as a reader says it in the block's language.

A step of an ordered list is said with its number ("Step 2." / "Paso 2."), a step of an
ordered list inside it with an ordinal ("First," / "Primero,"), a note with its number
("Note 1:" / "Nota 1:"); bullets and an item's further paragraphs are said plainly. The words
come from the interface catalog, the ordinals from num2words.
"""

from __future__ import annotations

from .blocks import Block
from .notes import NOTE
from .translation.interface import NOTE_LEAD, STEP, Interface
from .voices.normalize import reader_of


def ordinal(number: int, language: str) -> str:
    """Return `number` as an ordinal word in `language` ("First"), or "1." if none is known."""
    reader = reader_of(language)
    try:
        word = reader.words(number, to="ordinal") if reader else ""
    except NotImplementedError:
        word = ""
    return word[:1].upper() + word[1:] + "," if word else f"{number}."


def list_lead(source: Block, interface: Interface) -> str | None:
    """Return what is said before `source` if it is a list item or a note ("" for a bullet),
    in the language of `interface`; None for other blocks."""
    if source.kind == NOTE:
        return interface.gettext(NOTE_LEAD) % {"number": source.number} + " "
    if source.kind != "item":
        return None
    if not source.number:
        return ""
    if source.sublist:
        return ordinal(source.number, interface.language) + " "
    return interface.gettext(STEP) % {"number": source.number} + " "
