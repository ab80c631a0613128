"""A revised article imported over the library's copy keeps the ids of the blocks they share.

Blocks are matched by text and order: identical blocks first (in order, then those that moved),
then, between identical ones, edited blocks of the same kind in order whose words are at least
SIMILAR alike. An edited block keeps its id, so its translation becomes stale, not lost or
attached to other English. A block that matches none is new, and gets an id no block of the
old article had, so no translation of a removed block attaches to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from .blocks import Block
from .ids import ID_LINE
from .plaintext import normalize_text

SIMILAR = 0.7  # share of words two versions of an edited block have in common, in order
UNIT_KINDS = {"item": "list", "cell": "table", "caption": "table", "quote": "quote",
              "attribution": "quote"}


@dataclass(frozen=True)
class Unit:
    """What one `{#id}` line names: a heading, a paragraph, or a whole list, table or quote."""

    id: str
    kind: str
    text: str
    suffixes: tuple[str, ...]  # its blocks' ids after its own: "" or "-1", "-head-2", "-by"

    def ids(self, unit_id: str) -> set[str]:
        """Return the ids of its blocks if the unit had the id `unit_id`."""
        return {unit_id + suffix for suffix in self.suffixes}


@dataclass(frozen=True)
class KeptIds:
    """What a re-import kept of the old article's ids."""

    kept: int  # unchanged blocks (moved ones too) that kept their ids
    edited: tuple[tuple[str, float], ...]  # (id, similarity) of edited blocks that kept theirs
    new: tuple[str, ...]  # ids given to new blocks
    removed: tuple[str, ...]  # ids of old blocks the revision no longer has


def units(blocks: list[Block]) -> list[Unit]:
    """Return the blocks grouped as their id lines name them, in reading order."""
    found: dict[str, tuple[str, list[str], list[str]]] = {}
    for block in blocks:
        unit_id = block.group or block.id
        kind = UNIT_KINDS.get(block.kind, f"heading {block.level}" if block.level else block.kind)
        _, texts, suffixes = found.setdefault(unit_id, (kind, [], []))
        texts.append(block.text)
        suffixes.append(block.id[len(unit_id):])
    # As an import writes them: the library's "brain’s" is the revision's "brain's".
    return [Unit(unit_id, kind, normalize_text("\n".join(texts)), tuple(suffixes))
            for unit_id, (kind, texts, suffixes) in found.items()]


def similarity(old: str, new: str) -> float:
    """Return how alike two texts are, word by word (1.0 when identical)."""
    return SequenceMatcher(None, old.split(), new.split(), autojunk=False).ratio()


def match_units(old: list[Unit], new: list[Unit], fixed: set[str]) -> dict[int, tuple[int, float]]:
    """Return, for each new unit that matches an old one, (the old one's index, similarity).

    Units whose ids are in `fixed` (written in the imported file) are left out: they keep them.
    """
    free_old = [i for i, unit in enumerate(old) if unit.id not in fixed]
    free_new = [j for j, unit in enumerate(new) if unit.id not in fixed]

    def key(unit: Unit) -> tuple[str, str]:
        return unit.kind, unit.text

    matcher = SequenceMatcher(None, [key(old[i]) for i in free_old],
                              [key(new[j]) for j in free_new], autojunk=False)
    anchors = {free_new[b + k]: free_old[a + k]
               for a, b, size in matcher.get_matching_blocks() for k in range(size)}
    pairs = {j: (i, 1.0) for j, i in anchors.items()}
    moved: dict[tuple[str, str], list[int]] = {}
    for i in free_old:
        if i not in anchors.values():
            moved.setdefault(key(old[i]), []).append(i)
    for j in free_new:
        if j not in pairs and moved.get(key(new[j])):
            pairs[j] = (moved[key(new[j])].pop(0), 1.0)
    taken = {i for i, _ in pairs.values()}
    # Edited blocks, in order between the identical ones around them.
    bounds, upper = {}, len(old)
    for j in reversed(free_new):
        upper = anchors.get(j, upper)
        bounds[j] = upper
    lower = -1
    for j in free_new:
        if j in anchors:
            lower = anchors[j]
        if j in pairs:
            continue
        scores = {i: similarity(old[i].text, new[j].text) for i in free_old
                  if lower < i < bounds[j] and i not in taken and old[i].kind == new[j].kind}
        best = max(scores, key=lambda i: (scores[i], -i), default=None)  # the first of equals
        if best is not None and scores[best] >= SIMILAR:
            pairs[j], lower = (best, scores[best]), best
            taken.add(best)
    return pairs


def keep_ids(text: str, new_blocks: list[Block], old_blocks: list[Block],
             fixed: set[str]) -> tuple[str, KeptIds]:
    """Return `text`, the imported article, with the ids of the blocks it shares with the old
    article, and new ids for new blocks; `fixed` are ids the imported file wrote itself."""
    old, new = units(old_blocks), units(new_blocks)
    pairs = match_units(old, new, fixed)
    final = {j: old[i].id for j, (i, _) in pairs.items()}
    by_id = {unit.id: i for i, unit in enumerate(old)}
    for j, unit in enumerate(new):
        if unit.id in fixed:
            final[j] = unit.id
            if unit.id in by_id:  # the imported file kept the id itself
                i = by_id[unit.id]
                pairs[j] = (i, similarity(old[i].text, unit.text))
    taken = {block.id for block in old_blocks}
    for j, unit_id in final.items():
        taken |= new[j].ids(unit_id)
    section = None  # the section heading's new unit, whose id a new block's id starts with
    for j, unit in enumerate(new):
        if unit.kind == "heading 2":
            section = j
        if j not in final:
            candidate = unit.id
            if section is not None and candidate.startswith(f"{new[section].id}-"):
                candidate = final[section] + candidate[len(new[section].id):]
            final[j] = _fresh_id(replace(unit, id=candidate), taken)
            taken |= unit.ids(final[j])
    renames = {unit.id: final[j] for j, unit in enumerate(new) if final[j] != unit.id}
    lines = text.split("\n")
    for number, line in enumerate(lines):
        found = ID_LINE.fullmatch(line)
        if found and found.group(1) in renames:
            lines[number] = f"{{#{renames[found.group(1)]}}}"
    kept_old = {old[i].id for i, _ in pairs.values()}
    return "\n".join(lines), KeptIds(
        kept=sum(ratio == 1.0 for _, ratio in pairs.values()),
        edited=tuple((final[j], round(ratio, 2)) for j, (_, ratio) in sorted(pairs.items())
                     if ratio < 1.0),
        new=tuple(final[j] for j in range(len(new)) if j not in pairs),
        removed=tuple(unit.id for unit in old if unit.id not in kept_old),
    )


def _fresh_id(unit: Unit, taken: set[str]) -> str:
    """Return the unit's id, or if a block of the old article or another new one has it, the
    next free number in its section ("signs-3" after "signs-2"; "naloxone-2" for a heading)."""
    if not unit.ids(unit.id) & taken:
        return unit.id
    found = re.fullmatch(r"(.+)-(\d+)", unit.id)
    base, number = (found.group(1), int(found.group(2)) + 1) if found and \
        not unit.kind.startswith("heading") else (unit.id, 2)
    while unit.ids(f"{base}-{number}") & taken:
        number += 1
    return f"{base}-{number}"
