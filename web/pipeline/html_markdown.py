"""Turn the HTML of a Word document or a web page's main content into the library's Markdown.

The tree is walked with lxml: measured on our material, markdownify and html2text left
"1. Not a list" and "|" in a table cell unescaped, and wrote neither `[^n]` notes nor captions.
What is written is what the library reads strictly; what changed on the way is said.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from lxml import html as lxml_html

from .errors import SourceError
from .html_inline import BLOCKS, SKIPPED, InlineWriter, escape_start, escape_text, take_notes, words
from .inline import plain_text
from .plaintext import normalize_text

DECORATIVE = "decorative"  # the description of a picture that only decorates

# Resolves a picture's src to its library name (pictures/<sha16>.<ext>): (src, number, near).
PictureResolver = Callable[[str, int, str], str]


@dataclass
class Conversion:
    """The Markdown an HTML document became, and what the conversion changed or left out."""

    markdown: str
    pictures: int = 0
    notes: int = 0
    empty_paragraphs: int = 0
    remarks: list[str] = field(default_factory=list)  # what staff should know was changed


class HtmlToMarkdown:
    """Converts one HTML document; `label` names it and `missing_alt` says what to do in the
    message that refuses a picture without a description."""

    def __init__(self, label: str, resolve_picture: PictureResolver, missing_alt: str,
                 base_url: str = ""):
        self.label, self.resolve, self.missing_alt = label, resolve_picture, missing_alt
        self.conversion = Conversion("")
        self.blocks: list[str] = []
        self.notes: dict[str, int] = {}  # a note's element id -> its number
        self.note_text: dict[int, str] = {}
        self.after: list[str] = []  # pictures found in a list or table, written after it
        self.previous_list = ""  # the kind of list just written ("ul", "ol"), if one was
        self.tables = 0
        self.captionable = False  # the last block is a picture that has no caption yet
        self._inline = InlineWriter(base_url, self.notes, self._picture_in_text).text

    def convert(self, source: str) -> Conversion:
        """Return the Markdown of the HTML `source`."""
        root = lxml_html.document_fromstring(source or "<p></p>")
        body = root.find("body") if root.find("body") is not None else root
        notes = take_notes(body)
        self.notes.update((note_id, number) for number, note_id in enumerate(notes, start=1))
        for number, element in enumerate(notes.values(), start=1):
            self.note_text[number] = escape_start(self._inline(element))
        self._blocks(body)
        for number in sorted(self.note_text):
            self.blocks.append(f"[^{number}]: {self.note_text[number]}")
        self.conversion.markdown = "\n\n".join(self.blocks) + "\n"
        self.conversion.notes = len(self.note_text)
        return self.conversion

    def _blocks(self, element) -> None:
        """Write the blocks inside `element`; loose inline content becomes a paragraph."""
        loose: list = []
        if words(element.text or ""):
            loose.append(element.text)
        for child in list(element):
            if not isinstance(child.tag, str) or child.tag in SKIPPED:
                if words(child.tail or ""):
                    loose.append(child.tail)
                continue
            if child.tag in BLOCKS or child.tag in ("div", "section", "article", "main",
                                                      "body", "header", "footer", "aside"):
                self._paragraph_of(loose)
                loose = []
                self._block(child)
                if words(child.tail or ""):
                    loose.append(child.tail)
            else:
                loose.append(child)
        self._paragraph_of(loose)

    def _paragraph_of(self, parts: list) -> None:
        if not parts:
            return
        wrapper = lxml_html.Element("p")
        for part in parts:
            if isinstance(part, str):
                if len(wrapper):
                    wrapper[-1].tail = (wrapper[-1].tail or "") + part
                else:
                    wrapper.text = (wrapper.text or "") + part
            else:
                wrapper.append(part)  # with its tail
        self._paragraph(wrapper)

    def _block(self, element) -> None:
        if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return self._heading(element)
        write = {"p": self._paragraph, "pre": self._paragraph, "dl": self._paragraph,
                 "ul": self._list, "ol": self._list, "table": self._table,
                 "blockquote": self._quote, "figure": self._figure, "hr": len}
        write.get(element.tag, self._blocks)(element)

    def _add(self, text: str, kind: str = "", picture: bool = False) -> None:
        self.blocks.append(text)
        self.previous_list, self.captionable = kind, picture

    def _heading(self, element) -> None:
        for strong in element.xpath(".//strong|.//b|.//em|.//i"):
            strong.drop_tag()  # a heading is emphasis enough
        text = self._inline(element)
        if not text:
            self.conversion.empty_paragraphs += 1
            return
        level = int(element.tag[1])
        if level == 1 and any(b.startswith("# ") for b in self.blocks):
            level = 2  # the first level-1 heading is the title; later ones are sections
        self._add(f"{'#' * min(level, 4)} {text}")

    def _paragraph(self, element) -> None:
        """Write a paragraph; a picture in it becomes a paragraph of its own, in its place."""
        pictures = element.xpath(".//img")
        if element.get("class") == "caption" and self.captionable:  # Word's Caption style
            self.blocks[-1] = self.blocks[-1][:-1] + f' "{self._caption(element)}")'
            self.captionable = False
            return
        if not pictures:
            if not self._flush(element):
                self.conversion.empty_paragraphs += 1
            return
        before = lxml_html.Element("p")
        before.text = element.text
        for child in list(element):
            if child.tag == "img" or child.xpath(".//img"):
                for picture in ([child] if child.tag == "img" else child.xpath(".//img")):
                    self._flush(before)
                    self._add(self._picture(picture, ""), picture=True)
                before = lxml_html.Element("p")
                before.text = child.tail
            else:
                before.append(child)
        self._flush(before)

    def _flush(self, element) -> bool:
        """Write an element's inline content as a paragraph, unless it is empty."""
        text = escape_start(self._inline(element))
        if text:
            self._add(text)
        return bool(text)

    def _figure(self, element) -> None:
        caption = element.find(".//figcaption")
        text = self._caption(caption) if caption is not None else ""
        if caption is not None:
            caption.drop_tree()
        pictures = element.xpath(".//img")
        for picture in pictures:
            self._add(self._picture(picture, text if picture is pictures[-1] else ""))
        if not pictures:
            self._blocks(element)

    def _caption(self, element) -> str:
        return words(normalize_text(element.text_content())).replace("\\", "\\\\").replace(
            '"', '\\"')

    def _picture(self, element, caption: str) -> str:
        """Return a picture's Markdown, refusing one without a description."""
        self.conversion.pictures += 1
        number = self.conversion.pictures
        near = self._near()
        alt = element.get("alt")
        if alt is None:
            raise SourceError(
                f"{self.label}: picture {number} ({near}) has no description (alt text), and "
                f"a listener would miss what it shows. {self.missing_alt}")
        # alt="" is how HTML says a picture only decorates.
        alt = words(normalize_text(alt)) or DECORATIVE
        name = self.resolve(element.get("src") or "", number, near)
        title = f' "{caption}"' if caption else ""
        return f"![{escape_text(alt)}]({name}{title})"

    def _picture_in_text(self, element) -> None:
        self.after.append(self._picture(element, ""))  # written after its list or table

    def _near(self) -> str:
        texts = [b for b in self.blocks if not b.startswith("![")]
        if not texts:
            return "at the start"
        last = plain_text(texts[-1].lstrip("#>-+ ")).strip()
        return f'after "{last if len(last) <= 60 else "…" + last[-60:]}"'

    def _list(self, element, depth: int = 1) -> list[str]:
        """Write a list (or, at depth 2, return its lines for the item that holds it)."""
        ordered = element.tag == "ol"
        kind = "ol" if ordered else "ul"
        other = self.previous_list == kind and depth == 1  # two lists in a row stay two
        number = int(element.get("start") or 1) if ordered else 0
        lines: list[str] = []
        for item in element.iterchildren("li"):
            marker = (f"{number}{')' if other else '.'}" if ordered else "*" if other else "-")
            number += 1
            lines += self._item(item, marker, depth)
        if depth == 1 and lines:
            self._add("\n".join(lines), kind)
            self._add_after("list")
        return lines

    def _item(self, item, marker: str, depth: int) -> list[str]:
        """Return a list item's lines: its paragraphs (the first on the marker's line, the
        others indented after a blank line) and its inner list, in their order."""
        indent = " " * (len(marker) + 1)
        lines: list[str] = []
        loose = lxml_html.Element("p")
        loose.text = item.text

        def add_paragraph(element) -> None:
            text = escape_start(self._inline(element))
            if text and not lines:
                lines.append(f"{marker} {text}")
            elif text:
                lines.extend(["", indent + text])

        for child in list(item):
            tail, child.tail = child.tail, None
            if child.tag in ("ul", "ol") or child.tag in BLOCKS or child.tag == "div":
                add_paragraph(loose)
                loose = lxml_html.Element("p")
                loose.text = tail
            if child.tag in ("ul", "ol"):
                if not lines:
                    lines.append(marker)
                if depth >= 2:  # kept at this level, after this item
                    self.conversion.remarks.append(
                        "a list three levels deep: its innermost items are kept at the second "
                        "level")
                    lines += self._list(child, depth)
                else:
                    lines += [indent + line if line else "" for line in
                              self._list(child, depth + 1)]
            elif child.tag in BLOCKS or child.tag == "div":
                add_paragraph(child)
            else:
                loose.append(child)
                child.tail = tail
        add_paragraph(loose)
        return lines

    def _add_after(self, what: str) -> None:
        """Write the pictures found inside the list or table just written, after it."""
        for picture in self.after:
            self.conversion.remarks.append(f"a picture inside a {what} now follows the {what}")
            self._add(picture)
        self.after = []

    def _table(self, element) -> None:
        rows = [[self._cell(cell) for cell in row.iterchildren("td", "th")]
                for row in element.iter("tr")]
        first = next(element.iter("tr"), None)
        has_header = element.find(".//thead") is not None or (
            first is not None and first.find("th") is not None)
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        self.tables += 1
        if not has_header:
            self.conversion.remarks.append(f"table {self.tables} had no header row: its first "
                                           "row is now the header")
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        self._add("\n".join(lines))
        self._add_after("table")

    def _cell(self, cell) -> str:
        for block in cell.xpath(".//p|.//li|.//br|.//div"):
            block.tail = " " + (block.tail or "")
        return self._inline(cell).replace("|", "\\|")

    def _quote(self, element) -> None:
        start = len(self.blocks)
        self._blocks(element)
        quoted = self.blocks[start:]
        del self.blocks[start:]
        if quoted:
            self._add("\n>\n".join("> " + b.replace("\n", "\n> ") for b in quoted))


def html_to_markdown(source: str, label: str, resolve_picture: PictureResolver,
                     missing_alt: str, base_url: str = "") -> Conversion:
    """Return the library Markdown of HTML `source` (see the module docstring)."""
    return HtmlToMarkdown(label, resolve_picture, missing_alt, base_url).convert(source)
