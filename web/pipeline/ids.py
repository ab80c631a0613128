"""Block ids as an article writes them: `{#id}` lines checked, and derived ids written in.

An id is written alone on the line before its block as `{#id}`. Anything else that looks like
one (`{#}`, `{# b-3}`, `{b-3}`, `#b-3}`, `[#b-3]`, `## Signs {#signs}`, an id line inside a
paragraph) would be shown on the page and spoken, or silently ignored, so it is refused with its
line and the closest known id. A block with no id line has an id derived from its text, which
changes at its next edit; `pin_ids` writes such ids into the article, so an edit makes the
block's translation stale instead of losing it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from difflib import get_close_matches

from .blocks import ID_PATTERN, RESERVED_IDS
from .errors import SourceError

ID_LINE = re.compile(r"\{#([^{}]*)\}")  # a whole line, white space around it left out
# What staff may have meant as an id line: "{#…", "{ #…", "{.class}", "{word}", or a whole
# line "#word}", "[#word]" or "(#word)" (a typed or a wrong brace).
LOOKS_LIKE_ID = re.compile(r"\{\s*[#.]|\{[^\s{}]*\}?$|#[^\s#{}]*\}$|[\[(]#[^\s\])]*[\])]$")
RULES = ("lowercase letters, digits and hyphens between '{#' and '}', alone on the line right "
         "before its block")


def closest_id(name: str, known: Iterable[str]) -> str | None:
    """Return the known id most like `name`, if any is close."""
    found = get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return found[0] if found else None


def check_id_lines(text: str, tokens, label: str,
                   known_ids: Callable[[], Collection[str]] | None = None) -> None:
    """Raise SourceError for the first id markup that is malformed or marks no block.

    `tokens` are the parsed article; `known_ids` returns the ids its blocks had before (its
    template's), read only when something is wrong.
    """
    lines = [line.strip() for line in text.split("\n")]
    written = {m.group(1) for line in lines
               if (m := ID_LINE.fullmatch(line)) and ID_PATTERN.match(m.group(1))}
    attached = {str(t.attrs["id"]) for t in tokens if "id" in t.attrs}
    for number, line in enumerate(lines, start=1):
        found = ID_LINE.fullmatch(line)
        if found and found.group(1) in written:
            if found.group(1) not in attached:
                raise SourceError(f"{label}:{number}: '{line}' marks no block: text, a blank "
                                  "line or another id line is between it and its block. Put "
                                  "it alone on the line right before its block, with a blank "
                                  "line above it")
        elif (whole := bool(LOOKS_LIKE_ID.match(line))) or "{#" in line:
            raise _malformed(label, number, line, whole, written,
                             known_ids() if known_ids else ())


def _malformed(label: str, number: int, line: str, whole: bool, used: set[str],
               known: Collection[str]) -> SourceError:
    """Return the error for malformed id markup (the `whole` line, or markup inside a line of
    text), with the id it most likely meant."""
    markup = line if whole else re.search(r"\{#[^}]*\}?", line).group()
    inner = markup.strip("{}[]()").replace("#", " ").strip()
    # "{#b 3}" meant b-3, "{#b-3 .note}" meant b-3: both readings, as ids.
    readings = [re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-")
                for part in (inner, inner.split(" ")[0])]
    lost = set(known) - used - set(RESERVED_IDS)  # ids the blocks had that no id line names
    closest = next((r for r in readings if r and any(
        k == r or k.startswith(f"{r}-") for k in lost)), None)  # its own id, or its list's
    if not closest and readings[0]:
        closest = closest_id(readings[0], lost)
    if not closest and len(lost) == 1:
        closest = next(iter(lost))  # the one id the article lost
    fix = closest or next((r for r in readings if r and r not in used), None)
    where = "is not a block id line" if whole else "is id markup inside a line of text"
    return SourceError(
        f"{label}:{number}: '{markup}' {where}"
        f"{f' (closest known id: {closest!r})' if closest else ''}. Write "
        f"{f'{{#{fix}}}' if fix else 'the id'}: {RULES}")


def pin_ids(text: str, derived: Iterable[tuple[int, str]]) -> str:
    """Return `text` with an `{#id}` line before each block that only has a derived id.

    `derived` holds (the 0-based line where the block starts, its id). Every other line is kept
    byte for byte; a blank line is added above the id line where the block had none.
    """
    lines = text.split("\n")
    for start, block_id in sorted(derived, reverse=True):
        ending = "\r" if lines[start].endswith("\r") else ""
        above = [f"{{#{block_id}}}{ending}"]
        if start > 0 and lines[start - 1].strip():
            above.insert(0, ending)
        lines[start:start] = above
    return "\n".join(lines)
