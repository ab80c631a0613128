"""The transcript as the page shows it: lists, tables, quotes and notes rebuilt from the
manifest's flat blocks, and each block's sentences with their emphasis, links and note
references (player.js lights them)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from .inline import NOTE_REF
from .notes import NOTE

TAGS = {"em": "em", "strong": "strong", "code": "code", "del": "del"}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "/", "#")


@dataclass
class Part:
    """A piece of a section: a heading or paragraph, or a list, table or quote of blocks."""

    kind: str  # heading, paragraph, list, table, quote, figure (a picture and its caption)
    blocks: list = field(default_factory=list)

    @property
    def ordered(self) -> bool:
        """Whether a list is numbered (its own items are, not those of a list inside one)."""
        own = self.blocks[0].sublist if self.blocks else ""
        return any(b.number for b in self.blocks if b.sublist == own)

    @property
    def start(self) -> int:
        return self.blocks[0].number or 1

    def of(self, kind: str) -> list:
        return [b for b in self.blocks if b.kind == kind]

    @property
    def header(self) -> list:
        return [b for b in self.of("cell") if b.row == 0]

    @property
    def rows(self) -> list[list]:
        body = [b for b in self.of("cell") if b.row > 0]
        return [[b for b in body if b.row == row] for row in sorted({b.row for b in body})]

    @property
    def items(self) -> list[ListItem]:
        """A list's items, each with its further paragraphs and the lists inside it."""
        return list_items(self.blocks)


@dataclass
class ListItem:
    """A list item: its first paragraph, then its further paragraphs (blocks) and the lists
    inside it (Parts of kind "list"), in reading order."""

    block: object
    parts: list = field(default_factory=list)

    @property
    def simple(self) -> bool:
        """Whether the item is its first paragraph alone (shown without a <p>)."""
        return not self.parts


def list_items(blocks) -> list[ListItem]:
    """Return a list's flat blocks (blocks.py) as its items, lists inside them rebuilt."""
    items: list[ListItem] = []
    own = blocks[0].sublist if blocks else ""  # a list inside an item: its blocks say so too
    for block in blocks:
        if block.sublist == own:
            if block.paragraph and items:
                items[-1].parts.append(block)
            else:
                items.append(ListItem(block))
            continue
        parts = items[-1].parts if items else []
        inner = parts[-1] if parts and isinstance(parts[-1], Part) else None
        if inner is None or inner.blocks[0].sublist != block.sublist:
            inner = Part("list")
            parts.append(inner)
        inner.blocks.append(block)
    return items


GROUPED = {"item": "list", "cell": "table", "caption": "table", "quote": "quote",
           "attribution": "quote", NOTE: "notes", "picture": "figure",
           "picture-caption": "figure"}


def block_anchor(block) -> str:
    """Return the id of `block`'s element on its article page (prefixed, so that no block takes
    the id of a section or of the page's own parts); a note's is the one its references link to."""
    return f"note-{block.number}" if block.kind == "note" else f"b-{block.id}"


def passage_anchor(section, block) -> str:
    """Return the id a search result links to for `block`: its section's for the section's own
    heading (shown as the section's heading), else the block's own."""
    return section.id if block is heading_of(section) else block_anchor(block)


def heading_of(section):
    """Return the section's own heading block (level 2), or None for the intro."""
    first = section.blocks[0] if section.blocks else None
    return first if first and first.kind == "heading" and first.level in (0, 2) else None


def section_parts(section) -> list[Part]:
    """Return a section's blocks after its heading, regrouped into lists, tables and quotes."""
    parts: list[Part] = []
    blocks = list(section.blocks[1:] if heading_of(section) else section.blocks)
    for block in blocks:
        kind = GROUPED.get(block.kind)
        if kind and parts and parts[-1].kind == kind and parts[-1].blocks[0].group == block.group:
            parts[-1].blocks.append(block)
        else:
            parts.append(Part(kind or block.kind, [block]))
    return parts


def note_reference(number: int, side: str = "") -> Markup:
    """Return a note's reference on the page: its number, linked to the note, which links back
    (`side`: the language of a side of the side-by-side page, whose anchors are its own)."""
    prefix = f"{side}-" if side else ""
    return Markup('<sup class="noteref"><a href="#{0}note-{1}" id="{0}ref-{1}">{1}</a></sup>'
                  ).format(prefix, number)


def inline_html(text: str, spans, start: int, end: int,
                reference: Callable[[int], Markup] = note_reference) -> Markup:
    """Return text[start:end] as HTML with the spans that fall inside it (a note's reference
    belongs to the text before it, and is written by `reference`)."""
    marks: dict[int, list[str]] = {}
    for span in spans:
        if span.kind == NOTE_REF:
            if start < span.start <= end or span.start == start == 0 < end:
                marks.setdefault(span.start, []).append(reference(span.number))
            continue
        low, high = max(span.start, start), min(span.end, end)
        if low >= high:
            continue
        if span.kind == "link":
            href = span.href if span.href.startswith(SAFE_SCHEMES) else "#"
            opening = Markup('<a href="{}">').format(href)
            closing = Markup("</a>")
        else:
            tag = TAGS.get(span.kind, "span")
            opening, closing = Markup(f"<{tag}>"), Markup(f"</{tag}>")
        marks.setdefault(low, []).append(opening)
        marks.setdefault(high, []).insert(0, closing)
    out, position = [], start
    for point in sorted(marks):
        out.append(escape(text[position:point]))
        out.extend(marks[point])
        position = point
    out.append(escape(text[position:end]))
    return Markup("").join(out)


def sentences_html(block, offset_ms: int, side: str = "") -> Markup:
    """Return a block's text, one span per spoken sentence, with its emphasis, links and note
    references; data-at is the sentence's start in the whole-article track, in seconds
    (`side`: see note_reference)."""
    def reference(number: int) -> Markup:
        return note_reference(number, side)

    if not block.sentences:
        return inline_html(block.text, block.spans, 0, len(block.text), reference)
    parts, position = [], 0
    for number, sentence in enumerate(block.sentences, start=1):
        start = block.text.find(sentence.text, position)
        if start < 0:  # not found as written: show the sentence's own text
            inner, start, end = escape(sentence.text), position, position
        else:
            end = start + len(sentence.text)
            inner = inline_html(block.text, block.spans, start, end, reference)
        parts.append(Markup('<span class="s" data-cue="{}.{}" data-at="{}">{}</span>').format(
            block.id, number, (offset_ms + sentence.start_ms) / 1000, inner))
        position = end
    return Markup(" ").join(parts)
