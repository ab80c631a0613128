"""Inline Markdown (emphasis, links, code) as the plain text that is spoken and the spans shown.

A block's text is kept as written in Markdown, so translators see and keep its emphasis and
links; what is voiced, split into sentences and cued is its plain text, and the page rebuilds the
emphasis and links from spans over that plain text. A link's target is shown, never spoken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from .manifest import Span

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

# Raw HTML cannot be carried to every page, feed and engine; words in angle brackets that are
# not HTML ("Results <normal range> need no action.") are text and are kept.
HTML_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|button|center|code|del|div|em|font|form|h[1-6]|hr|i|"
    r"iframe|img|input|ins|kbd|li|link|mark|meta|ol|p|pre|s|script|small|span|strike|strong|"
    r"style|sub|sup|table|tbody|td|th|thead|tr|u|ul)(?:\s[^<>]*)?/?>", re.IGNORECASE)
# A link's target as written in Markdown: [text](target "title") or [text](<target>).
LINK_TARGET = re.compile(r"\]\(\s*<?((?:[^\s()<>]|\([^\s()<>]*\))*)")
LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:", "sms:")
SPAN_KINDS = {"em_open": "em", "strong_open": "strong", "link_open": "link", "s_open": "del"}
NOTE_REF = "noteref"  # a note's reference: a span of no width, its label as `href`


@dataclass(frozen=True)
class Inline:
    """A block's plain text and its emphasis, code and links."""

    text: str
    spans: tuple[Span, ...] = ()


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # here: a command that reads no article never loads it
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": False}).use(
        footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)


def html_tag(source: str) -> str | None:
    """Return the first raw HTML tag in `source`, or None."""
    found = HTML_TAG.search(source)
    return found.group(0) if found else None


def link_problem(source: str) -> tuple[str, str] | None:
    """Return what is wrong with a link in inline Markdown that cannot be published (a script,
    another scheme, an address without its scheme that looks local) and what to do, or None."""
    for target in LINK_TARGET.findall(source):
        scheme = re.match(r"[A-Za-z][\w+.-]*:", target)
        if target.startswith("//") or (scheme and not target.lower().startswith(LINK_SCHEMES)):
            return (f"the link to '{target[:60]}' is not a web, e-mail or phone address",
                    "Link to a full address (https://…, mailto:…, tel:…, sms:…) or a page "
                    "of this site, or remove the link")
    return None


def parse_inline(source: str) -> Inline:
    """Return the plain text of inline Markdown and the spans of its markup."""
    tokens = _parser().parseInline(source)
    children = tokens[0].children if tokens else []
    text, spans, open_spans = "", [], []
    for child in children or ():
        if child.type in ("text", "code_inline"):
            start = len(text)
            text += child.content
            if child.type == "code_inline":
                spans.append(Span(start, len(text), "code"))
        elif child.type in ("softbreak", "hardbreak"):
            text += " "
        elif child.type == "footnote_ref":
            spans.append(Span(len(text), len(text), NOTE_REF, child.meta["label"]))
        elif child.type in SPAN_KINDS:
            open_spans.append((SPAN_KINDS[child.type], len(text), child.attrs.get("href", "")))
        elif child.type.endswith("_close") and open_spans:
            kind, start, href = open_spans.pop()
            spans.append(Span(start, len(text), kind, str(href)))
    return _collapsed(text, spans)


def _collapsed(text: str, spans: list[Span]) -> Inline:
    """Collapse runs of white space (and trim), moving the spans with the text."""
    keep, mapping = [], []  # mapping[i]: position in the new text of old position i
    for char in text:
        mapping.append(len(keep))
        if char.isspace() and (not keep or keep[-1] == " "):
            continue
        keep.append(" " if char.isspace() else char)
    mapping.append(len(keep))
    while keep and keep[-1] == " ":
        keep.pop()
    size = len(keep)
    moved = tuple(Span(min(mapping[s.start], size), min(mapping[s.end], size), s.kind, s.href)
                  for s in sorted(spans, key=lambda s: (s.start, -s.end)))
    return Inline("".join(keep), tuple(s for s in moved if s.end > s.start or
                                       s.kind == NOTE_REF))


def plain_text(source: str) -> str:
    """Return the plain text of inline Markdown, as it is spoken."""
    return parse_inline(source).text
