"""The transcript as the page shows it: lists, tables and quotes rebuilt from the manifest's
flat blocks, and each block's sentences with their emphasis and links (player.js lights them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup, escape

TAGS = {"em": "em", "strong": "strong", "code": "code", "del": "del"}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:", "/", "#")


@dataclass
class Part:
    """A piece of a section: a heading or paragraph, or a list, table or quote of blocks."""

    kind: str  # heading, paragraph, list, table, quote, figure (a picture and its caption)
    blocks: list = field(default_factory=list)

    @property
    def ordered(self) -> bool:
        return any(b.number for b in self.blocks)

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


GROUPED = {"item": "list", "cell": "table", "caption": "table", "quote": "quote",
           "attribution": "quote", "picture": "figure", "picture-caption": "figure"}


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


def inline_html(text: str, spans, start: int, end: int) -> Markup:
    """Return text[start:end] as HTML with the spans that fall inside it."""
    marks: dict[int, list[str]] = {}
    for span in spans:
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


def sentences_html(block, offset_ms: int) -> Markup:
    """Return a block's text, one span per spoken sentence, with its emphasis and links; data-at
    is the sentence's start in the whole-article track, in seconds."""
    if not block.sentences:
        return inline_html(block.text, block.spans, 0, len(block.text))
    parts, position = [], 0
    for number, sentence in enumerate(block.sentences, start=1):
        start = block.text.find(sentence.text, position)
        if start < 0:  # not found as written: show the sentence's own text
            inner, start, end = escape(sentence.text), position, position
        else:
            end = start + len(sentence.text)
            inner = inline_html(block.text, block.spans, start, end)
        parts.append(Markup('<span class="s" data-cue="{}.{}" data-at="{}">{}</span>').format(
            block.id, number, (offset_ms + sentence.start_ms) / 1000, inner))
        position = end
    return Markup(" ").join(parts)
