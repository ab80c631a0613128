"""Notes (`[^1]` in the text, `[^1]: …` below it): each numbered and read at the end of its section.

A note is a block of its own (kind "note", id `note-<label>`, its own catalog entry) placed
after the last block of the section that refers to it, so the page lists it there, the book
holds it there as a footnote and the voice reads it there ("Note 1: …"). Notes are numbered
in the order of their references. A reference to a note never written, a note never referred
to, or a note referred to twice is refused with its line: none could be shown or read right.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .errors import SourceError
from .inline import NOTE_REF, Inline
from .manifest import Span
from .slugs import slugify

NOTE = "note"  # the kind of a note's block


@dataclass(frozen=True)
class Reference:
    """Where a note is referred to: its label, the index of the block that refers to it (in
    the walk's blocks) and the line."""

    label: str
    position: int
    line: int


class NoteWalk:
    """The note part of the block walk (BlockWalk holds `tokens`, `notes`, `references`)."""

    def note(self, index: int) -> int:
        """Keep the note written at `index` (`[^label]: text`) until its place is known."""
        token, end = self.tokens[index], self.close_of(index)
        name = token.meta["label"]
        inner = self.tokens[index + 1:end]
        if [t.type for t in inner] != ["paragraph_open", "inline", "paragraph_close"]:
            raise self.fail(token, f"the note [^{name}] is not one paragraph", "Write each "
                            "note as one paragraph right after its '[^label]:'")
        if token.level:
            raise self.fail(token, f"the note [^{name}] is written inside a list or quote",
                            "Write notes at the start of a line, after the paragraph, list or "
                            "quote that refers to them")
        references = len(self.references)
        self.add(token, "note", self.text(index + 2), note_id(name))
        if len(self.references) > references:
            raise self.fail(token, f"the note [^{name}] refers to another note", "Write what "
                            "it says in the note itself")
        self.notes[name] = self.blocks.pop()
        return end + 1


def note_id(label: str) -> str:
    """Return the block id of the note written `[^label]: …`."""
    return f"note-{slugify(label) or 'x'}"


def place_notes(blocks: list, notes: dict, references: list[Reference], label: str) -> list:
    """Return `blocks` with each note (by its label in `notes`) numbered and placed at the end of
    the section of its reference; raise SourceError for a reference or note out of place."""
    seen: dict[str, Reference] = {}
    for found in references:
        if found.label not in notes:
            raise SourceError(f"{label}:{found.line}: the note [^{found.label}] is referred to "
                              f"but never written. Write it on a line of its own, as "
                              f"'[^{found.label}]: the note's text', or remove the reference")
        if found.label in seen:
            raise SourceError(f"{label}:{found.line}: the note [^{found.label}] is already "
                              f"referred to on line {seen[found.label].line}. Refer to each note "
                              "once (write a second note if both places need one)")
        seen[found.label] = found
    for name, note in notes.items():
        if name not in seen:
            raise SourceError(f"{label}:{note.line}: the note [^{name}] is never referred to. "
                              f"Put [^{name}] in the text right after the words it explains, "
                              "or remove the note")
    starts = [i for i, b in enumerate(blocks) if b.kind == "heading" and b.level == 2]
    by_section: dict[int, list] = {}
    for number, found in enumerate(seen.values(), start=1):
        section = sum(start <= found.position for start in starts)
        by_section.setdefault(section, []).append(
            replace(notes[found.label], number=number, where=f"note {number}"))
    placed, section = [], 0
    for index, block in enumerate(blocks):
        if index in starts:
            placed += by_section.get(section, [])
            section += 1
        placed.append(block)
    return placed + by_section.get(section, [])


def numbered_notes(inline: Inline, numbers: dict[str, int]) -> Inline:
    """Return `inline` with its note references numbered (`numbers`: note block id to number);
    a reference to a note the section does not hold (a translation's typo) is left out."""
    spans = tuple(
        Span(s.start, s.end, s.kind, "", numbers[note_id(s.href)]) if s.kind == NOTE_REF
        else s for s in inline.spans if s.kind != NOTE_REF or note_id(s.href) in numbers)
    return Inline(inline.text, spans)


def plain_with_notes(block) -> str:
    """Return a published block's text as plain text shows it: each note reference as "[1]"
    where it stands, a note opened by its number ("[1] Thiamine is…")."""
    text = block.text
    for span in sorted((s for s in block.spans if s.kind == NOTE_REF),
                       key=lambda s: s.start, reverse=True):
        text = f"{text[:span.start]}[{span.number}]{text[span.start:]}"
    return f"[{block.number}] {text}" if block.kind == NOTE else text
