"""Plain text read as a person sees it: a title, headings, paragraphs and lists.

A short line followed by body text is a heading when it has no final punctuation, is a
question, or is a step ("Step 1: Call for help"); lines starting with "1." or "1)" are a
numbered list, lines starting with "-", "*" or "•" a bulleted one. Characters that word
processors paste (no-break and other spaces, soft hyphens, zero-width characters, curly quotes)
become plain ones; dashes are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90
FINAL_PUNCTUATION = ".!?:;,…\"'”’)»"
_STEP = re.compile(r"(?:step|paso)\s+\d+\s*:", re.IGNORECASE)
_ITEM = re.compile(r"(?:(\d{1,9})[.)]|[-*•])\s+(?=\S)")
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff]")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


@dataclass(frozen=True)
class TextList:
    """A bulleted list, or a numbered one (`start` is the number of its first item)."""

    items: tuple[str, ...]
    start: int | None = None  # None for a bulleted list

    @property
    def markers(self) -> list[str]:
        """Return each item's marker as the library writes it: "3.", "4.", … or "-"."""
        if self.start is None:
            return ["-"] * len(self.items)
        return [f"{self.start + n}." for n in range(len(self.items))]


Sections = list[tuple[str | None, list[str | TextList]]]  # (heading, paragraphs and lists)


def normalize_text(text: str) -> str:
    """Replace what word processors paste with plain characters: spaces, straight quotes."""
    return _INVISIBLE.sub("", _SPACES.sub(" ", text)).translate(_QUOTES)


def is_heading_like(line: str) -> bool:
    """Tell whether a line reads like a heading: short, not a list item, and with no final
    punctuation, a question, or a step ("Step 1: …", "Paso 1: …")."""
    line = line.strip()
    return (
        0 < len(line) <= MAX_HEADING_CHARS
        and len(line.split()) <= MAX_HEADING_WORDS
        and not _ITEM.match(line)
        and (line[-1] not in FINAL_PUNCTUATION or line[-1] == "?" or bool(_STEP.match(line)))
    )


def split_plain_text(text: str) -> tuple[str | None, Sections]:
    """Split plain text into an optional title and sections of paragraphs and lists."""
    units = _units(text)
    headings = {
        i for i, unit in enumerate(units[:-1])
        if is_heading_like(unit) and not is_heading_like(units[i + 1])
    }
    title = units[0] if 0 in headings else None  # a heading-like first line is the title
    sections: Sections = [(None, [])]
    for i, unit in enumerate(units[1:] if title else units, start=1 if title else 0):
        if i in headings:
            sections.append((unit, []))
        else:
            _add(sections[-1][1], unit)
    if not sections[0][1]:
        sections.pop(0)
    return title, sections


def _units(text: str) -> list[str]:
    """Return the headings, paragraphs and list items of plain text, white space collapsed.

    With blank lines between paragraphs, a paragraph's lines are joined, but each list item
    starts a unit of its own; without, every line is one.
    """
    text = text.strip()
    chunks = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.splitlines()
    units = []
    for chunk in chunks:
        lines: list[str] = []
        for line in chunk.splitlines():
            if lines and _ITEM.match(line.strip()):
                units.append(" ".join(lines))
                lines = []
            lines.append(line)
        units.append(" ".join(lines))
    return [unit for unit in (" ".join(u.split()) for u in units) if unit]


def _add(blocks: list[str | TextList], unit: str) -> None:
    """Add a paragraph, or a list item to the list before it when that list is of its kind."""
    item = _ITEM.match(unit)
    if not item:
        blocks.append(unit)
        return
    text, number = unit[item.end():], int(item.group(1)) if item.group(1) else None
    last = blocks[-1] if blocks else None
    if isinstance(last, TextList) and (last.start is None) == (number is None):
        blocks[-1] = replace(last, items=(*last.items, text))
    else:
        blocks.append(TextList((text,), number))
