"""Inline Markdown as HTML and back, so that a draft engine moves emphasis, links and note
references with the words they belong to (Apertium's HTML format keeps each tag beside its word
when it reorders).
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from html import escape
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ..sources import markdown_parser

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_ESCAPED = str.maketrans({c: "\\" + c for c in "\\*[]`"})


@cache
def _parser() -> MarkdownIt:
    parser = markdown_parser()
    # A note's reference `[^1]` as an empty tag the engine keeps beside its word, not as "[1]".
    parser.add_render_rule("footnote_ref", lambda self, tokens, index, options, env:
                           f'<sup data-note="{escape(tokens[index].meta["label"])}"></sup>')
    return parser


def _inline_tokens(text: str) -> list:
    return _parser().parseInline(text)[0].children or []


def inline_html(text: str) -> str:
    """Return the inline Markdown `text` as HTML (text in angle brackets stays text)."""
    return _parser().renderInline(text)


def inline_markup(text: str) -> Counter:
    """Return how many of each kind of inline markup `text` has: emphasis, strong, link, code,
    and each note's reference by its label."""
    return Counter(f"[^{t.meta['label']}]" if t.type == "footnote_ref" else
                   t.type.removesuffix("_open") for t in _inline_tokens(text)
                   if t.type.endswith("_open") or t.type in ("code_inline", "footnote_ref"))


def emphasis_marks(text: str) -> tuple[str, str]:
    """Return the marks `text` writes emphasis and strong emphasis with ('*', '**' if none)."""
    marks = {"em_open": "*", "strong_open": "**"}
    for token in _inline_tokens(text):
        if token.type in marks:
            marks[token.type] = token.markup
    return marks["em_open"], marks["strong_open"]


class _MarkdownWriter(HTMLParser):
    """Turns the HTML that `inline_html` makes (translated) back into inline Markdown."""

    def __init__(self, em: str, strong: str):
        super().__init__(convert_charrefs=True)
        self.marks = {"em": em, "strong": strong, "code": "`"}
        self.parts: list[str] = []
        self.links: list[tuple[str, str | None, int]] = []  # href, title, where its text starts

    def handle_starttag(self, tag, attrs):
        note = dict(attrs).get("data-note") if tag == "sup" else None
        if note:
            self.parts.append(f"[^{note}]")
        elif tag in self.marks:
            self.parts.append(self.marks[tag])
        elif tag == "a":
            found = dict(attrs)
            self.links.append((found.get("href") or "", found.get("title"), len(self.parts)))

    def handle_endtag(self, tag):
        if tag in self.marks:
            self.parts.append(self.marks[tag])
        elif tag == "a" and self.links:
            href, title, start = self.links.pop()
            text = "".join(self.parts[start:])
            del self.parts[start:]
            if text in (href, href.removeprefix("mailto:")):
                self.parts.append(f"<{text}>")  # an autolink
            else:
                label = f' "{title}"' if title else ""
                self.parts.append(f"[{text}]({href}{label})")

    def handle_data(self, data):
        inside_code = self.parts and self.parts.count("`") % 2
        self.parts.append(data if inside_code else data.translate(_ESCAPED))


def inline_markdown(html: str, em: str = "*", strong: str = "**") -> str:
    """Return translated inline HTML as Markdown, with the source's emphasis marks."""
    writer = _MarkdownWriter(em, strong)
    writer.feed(html)
    writer.close()
    return "".join(writer.parts)
