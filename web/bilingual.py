"""An article in two languages side by side: each part of the page's edition beside its twin in
the other edition, matched by block id, so the nth block of each language is the same block."""

from __future__ import annotations

from dataclasses import dataclass

from .pipeline.transcript import Part, section_parts


@dataclass(frozen=True)
class Side:
    """One edition's half of a section: its section, its language and its offset in the
    edition's whole-article track."""

    language: str
    section: object  # a ManifestSection
    offset: int  # ms


@dataclass(frozen=True)
class PairedSection:
    """A section in both editions, and its parts row by row (the page's, the other's)."""

    id: str
    sides: tuple[Side, Side]
    rows: tuple[tuple[Part, Part], ...]


def twin_part(part: Part, blocks: dict) -> Part:
    """Return `part` made of the other edition's blocks of the same ids."""
    return Part(part.kind, [blocks[b.id] for b in part.blocks if b.id in blocks])


def pair_sections(first, second) -> list[PairedSection]:
    """Return the sections of edition `first` beside those of `second`, matched by id."""
    offsets = [{c.section: c.start_ms for c in e.chapters} for e in (first, second)]
    others = {s.id: s for s in second.sections}
    paired = []
    for section in first.sections:
        # Every edition has the source's sections; one missing shows this edition's text.
        other = others.get(section.id, section)
        blocks = {b.id: b for b in other.blocks}
        sides = (Side(first.language, section, offsets[0].get(section.id, 0)),
                 Side(second.language, other, offsets[1].get(other.id, 0)))
        rows = tuple((part, twin_part(part, blocks)) for part in section_parts(section))
        paired.append(PairedSection(section.id, sides, rows))
    return paired
