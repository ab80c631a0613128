"""Inline HTML (emphasis, links, code, line breaks, footnote references) as inline Markdown,
its text escaped so that Markdown reads it back as the same text."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urljoin

from .plaintext import normalize_text

LINK_SCHEMES = ("http:", "https:", "mailto:", "tel:", "sms:")
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre",
          "figure", "hr", "dl"}
SKIPPED = {"script", "style", "noscript", "template", "head", "button", "form", "input",
           "select", "textarea", "iframe", "svg", "nav"}
_ESCAPED = re.compile(r"([\\`*_\[\]])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^(?:([#>+=~{|-])|(\d{1,9})([.)]))")
_NOTES = {"li", "p", "div", "aside", "section", "dd", "span"}  # what a note can be
_BACK_LINK = {"↑", "↩", "^", "⤴", "back", ""}


def escape_text(text: str) -> str:
    """Return text as plain characters (normalize_text) with what Markdown would read as
    emphasis, code, links or entities escaped."""
    return _ENTITY.sub(r"\\&", _ESCAPED.sub(r"\\\1", normalize_text(text)))


def escape_start(line: str) -> str:
    """Escape what would make a paragraph a heading, quote, list, rule or id line."""
    found = _LINE_START.match(line)
    if not found:
        return line
    if found.group(1):
        return "\\" + line
    return f"{found.group(2)}\\{line[len(found.group(2)):]}"


def words(text: str) -> str:
    """Return text with its white space collapsed to single spaces."""
    return " ".join(text.split())


def _wrap(inner: str, mark: str) -> str:
    """Return `inner` emphasised, with its outer spaces kept outside the marks."""
    if not inner.strip():
        return inner
    lead = inner[:len(inner) - len(inner.lstrip())]
    trail = inner[len(inner.rstrip()):]
    return f"{lead}{mark}{words(inner)}{mark}{trail}"


def take_notes(body) -> dict:
    """Take the footnotes out of `body` and return them by id, in the order they are first
    referred to: a link inside <sup> (or marked doc-noteref) to an element of the document
    is a reference, the element it points to a note (its links back left out)."""
    notes: dict = {}
    for link in body.iter("a"):
        href = link.get("href") or ""
        marked = link.get("role") == "doc-noteref" or any(
            a.tag == "sup" for a in link.iterancestors())
        if href.startswith("#") and len(href) > 1 and marked:
            found = body.xpath("//*[@id=$id]", id=href[1:])
            if found and found[0].tag in _NOTES and \
                    not any(a is found[0] for a in link.iterancestors()):
                notes.setdefault(href[1:], found[0])
    for element in notes.values():
        for back in list(element.iter("a")):
            if (back.get("href") or "").startswith("#") and \
                    words(back.text_content()) in _BACK_LINK:
                back.drop_tree()
        parent = element.getparent()
        element.drop_tree()
        if parent is not None and parent.tag in ("ol", "ul") and not len(parent):
            parent.drop_tree()
    return notes


class InlineWriter:
    """Writes elements' inline content; `notes` numbers the footnotes by their element id, and
    `on_picture` is given each picture met in the text."""

    def __init__(self, base_url: str, notes: dict[str, int], on_picture: Callable):
        self.base_url, self.notes, self.on_picture = base_url, notes, on_picture

    def text(self, element) -> str:
        """Return the inline Markdown of an element's content, white space collapsed."""
        return words(self._parts(element))

    def _parts(self, element) -> str:
        parts = [escape_text(element.text or "")]
        for child in element:
            if isinstance(child.tag, str) and child.tag not in SKIPPED:
                parts.append(self._child(child))
            parts.append(escape_text(child.tail or ""))
        return "".join(parts)

    def _child(self, child) -> str:
        tag = child.tag
        if tag == "img":
            self.on_picture(child)
            return ""
        if tag == "br" or tag in BLOCKS:
            return " " + (self._parts(child) if tag != "br" else "") + " "
        if tag == "a":
            return self._link(child)
        inner = self._parts(child)
        if tag in ("strong", "b"):
            return _wrap(inner, "**")
        if tag in ("em", "i"):
            return _wrap(inner, "*")
        if tag == "code":
            code = words(child.text_content()).replace("`", "'")
            return f"`{code}`" if code else ""
        return inner

    def _link(self, link) -> str:
        href = (link.get("href") or "").strip()
        if href.startswith("#") and href[1:] in self.notes:
            return f"[^{self.notes[href[1:]]}]"
        text = self._parts(link)
        if not href or href.startswith("#"):
            return text
        target = urljoin(self.base_url, href) if self.base_url else href
        if not target.lower().startswith(LINK_SCHEMES) or not words(text):
            # A script, a page of the site the article came from that no address says, or a
            # link the library cannot publish: its words stay.
            return text
        target = target.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        return f"[{words(text)}]({target})"

