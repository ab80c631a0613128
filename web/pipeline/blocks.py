"""The Markdown block walk: an article's headings, paragraphs, lists, tables, quotes, notes and
pictures as Blocks.

Every translatable unit is one Block (a paragraph, a list item, a table cell, a quoted
paragraph) with a stable id and a note for translators that says where it sits ("table 1,
row 2, column Dose"). Lists, tables and quotes take their id from the `{#id}` line before them;
their items and cells are numbered from it: a list inside an item, and an item's further
paragraphs, from the item's id (`steps-2-1`, `steps-2-p2`). Notes take theirs from their label
(notes.py). What cannot be carried to the page, the catalogs and
the voices is refused with its line and what to do instead, never dropped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .inline import html_tag, link_problem, plain_text
from .lists import ListWalk
from .notes import NoteWalk, Reference, place_notes
from .picture_blocks import read_picture

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
INTRO_ID = "intro"  # the section before the first heading
RESERVED_IDS = ("title", "summary", INTRO_ID)
ATTRIBUTION = re.compile(r"^\s*(?:—|―|–|--)\s*")  # "— Dr. Ana Ruiz" ends a quote
CAPTION = re.compile(r"^Table:\s*")  # "Table: Doses by day", right after a table
REFUSED = {
    "fence": "a code block", "code_block": "an indented code block (four spaces)",
    "html_block": "raw HTML", "image": "an image",
}


@dataclass(frozen=True)
class Block:
    """One translatable and voiced unit, its text in inline Markdown as written."""

    id: str
    kind: str  # title, summary, heading, paragraph, item, cell, caption, quote, attribution,
    # note, picture (its description), picture-caption
    text: str
    line: int
    where: str = ""  # for translators: where the unit sits
    level: int = 0  # a heading's level, 2 to 4
    group: str = ""  # the list, table or quote the block belongs to (a list inside a list too)
    number: int = 0  # an ordered list item's number (0 in a bulleted list), a note's number
    sublist: str = ""  # a list item's: the first item of the list inside a list it is in
    paragraph: int = 0  # a list item's further paragraph: 2 for its second
    row: int = 0  # a table cell's row (0: the header row) and column
    column: int = 0
    picture: str = ""  # a picture's file (picture_blocks.py), on its description and caption


# More than a health article holds (a long booklet has a few hundred): beyond it, a build
# would voice for hours with no sign of a mistake.
MAX_BLOCKS = 3000
MAX_SECTIONS = 200


def derived_id(text: str) -> str:
    """Return an id for a block that has none (a paragraph staff added by hand)."""
    return "b-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def inline_source(token) -> str:
    """Return an inline token's Markdown with its white space collapsed."""
    return " ".join(token.content.split())


class BlockWalk(ListWalk, NoteWalk):
    """Walks the tokens of one article and returns its blocks in reading order."""

    def __init__(self, tokens, label: str, library_dir: Path | None = None):
        self.tokens, self.label = tokens, label
        self.library_dir = library_dir  # where picture files are looked for (None: not checked)
        self.blocks: list[Block] = []
        self.lines: dict[str, int] = {}  # each id used so far, with its line
        self.counts = {"list": 0, "table": 0, "quote": 0, "section": 0}
        self.derived: list[tuple[int, str]] = []  # (start line from 0, id): no id line
        self.notes: dict[str, Block] = {}  # by label, numbered once every reference is read
        self.references: list[Reference] = []

    def fail(self, token, what: str, todo: str) -> SourceError:
        line = token.map[0] + 1 if token.map else 0
        return SourceError(f"{self.label}:{line}: {what}. {todo}")

    def walk(self) -> list[Block]:
        """Return every block after the title (the first-level heading is the title)."""
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            kind = token.type
            if kind in REFUSED:
                raise self.fail(token, f"{REFUSED[kind]} cannot be carried to the page and the "
                                "voices", "Write it as text, a list or a table")
            if kind == "heading_open":
                index = self.heading(index)
            elif kind == "paragraph_open":
                index = self.paragraph(index)
            elif kind in ("bullet_list_open", "ordered_list_open"):
                index = self.list(index)
            elif kind == "table_open":
                index = self.table(index)
            elif kind == "blockquote_open":
                index = self.quote(index)
            elif kind == "footnote_reference_open":
                index = self.note(index)
            else:
                index += 1  # front matter, thematic breaks
        return place_notes(self.blocks, self.notes, self.references, self.label)

    def text(self, index: int) -> str:
        """Return the Markdown of the inline token at `index`, refusing raw HTML and images."""
        token = self.tokens[index]
        if any(child.type == "image" for child in token.children or ()):
            raise self.fail(token, "a picture cannot sit in a heading, a list item or a table "
                            "cell", "Put it in a paragraph of its own, after the list or table")
        return self.checked(token, inline_source(token))

    def checked(self, token, source: str) -> str:
        """Return inline Markdown `source` of `token`, refusing raw HTML and unpublishable
        links."""
        tag = html_tag(source)
        if tag:
            raise self.fail(token, f"raw HTML ('{tag}') cannot be carried to the page and the "
                            "voices", "Write **bold**, *emphasis* or [a link](https://…) in "
                            "Markdown instead; words in angle brackets that are not HTML, such "
                            "as <normal range>, are kept as text")
        problem = link_problem(source)
        if problem:
            raise self.fail(token, *problem)
        for child in token.children or ():
            if child.type == "footnote_ref":
                self.references.append(Reference(child.meta["label"], len(self.blocks),
                                                 token.map[0] + 1 if token.map else 0))
        return source

    def add(self, token, kind: str, text: str, block_id: str, **layout) -> None:
        line = token.map[0] + 1 if token.map else 0
        if not ID_PATTERN.match(block_id) or block_id in RESERVED_IDS:
            raise self.fail(token, f"'{block_id}' cannot be a block id", "Use lowercase "
                            "letters, digits and hyphens, and not 'title', 'summary' or 'intro'")
        if block_id in self.lines:
            raise self.fail(token, f"block id '{block_id}' is already used on line "
                            f"{self.lines[block_id]}", "Give each block its own id")
        if len(self.blocks) == MAX_BLOCKS:
            raise self.fail(token, f"the article has more than {MAX_BLOCKS} blocks (paragraphs, "
                            "headings, list items, table cells)", "Split it into several "
                            "articles, one file each")
        self.lines[block_id] = line
        self.blocks.append(Block(block_id, kind, text, line, **layout))

    def unit_id(self, token, seed: str) -> str:
        """Return the id of the `{#id}` line before `token`, else one derived from `seed`."""
        if token.attrs.get("id"):
            return str(token.attrs["id"])
        block_id = derived_id(seed)
        self.derived.append((token.map[0], block_id))
        return block_id

    def own_id(self, token, text: str) -> str:
        return self.unit_id(token, plain_text(text) or str(token.map))

    def heading(self, index: int) -> int:
        token = self.tokens[index]
        level = int(token.tag[1])
        if level > 4:
            raise self.fail(token, f"a level-{level} heading is deeper than the library "
                            "carries", "Use ## to #### headings")
        if level == 2:
            self.counts["section"] += 1
            if self.counts["section"] > MAX_SECTIONS:
                raise self.fail(token, f"the article has more than {MAX_SECTIONS} sections",
                                "Split it into several articles, one file each")
        text = self.text(index + 1)
        if level > 1:
            self.add(token, "heading", text, self.own_id(token, text),
                     where=f"heading, level {level}", level=level)
        return index + 3

    def paragraph(self, index: int) -> int:
        token = self.tokens[index]
        if self.picture(index):
            return index + 3
        text = self.text(index + 1)
        last = self.blocks[-1] if self.blocks else None
        if CAPTION.match(text) and last and last.kind == "cell":
            self.add(token, "caption", CAPTION.sub("", text), f"{last.group}-caption",
                     group=last.group, where=f"table {self.counts['table']}, caption")
            # Read before the table's cells, as the page shows it above them.
            first = next(i for i, b in enumerate(self.blocks) if b.group == last.group)
            self.blocks.insert(first, self.blocks.pop())
        elif text:
            self.add(token, "paragraph", text, self.own_id(token, text), where="paragraph")
        return index + 3

    def picture(self, index: int) -> bool:
        """Add the picture the paragraph at `index` holds, if any: its description, then its
        caption (a decorative picture's description is empty: never translated or spoken)."""
        token, inline = self.tokens[index], self.tokens[index + 1]
        found = read_picture(inline, lambda what, todo: self.fail(token, what, todo),
                             self.library_dir)
        if not found:
            return False
        description = self.checked(inline, found.description)
        block_id = self.unit_id(token, found.description or found.file)
        self.add(token, "picture", description, block_id,
                 where=f"picture {found.file}, its description", group=block_id,
                 picture=found.file)
        if found.caption:
            self.add(token, "picture-caption", self.checked(inline, found.caption),
                     f"{block_id}-caption", where=f"picture {found.file}, its caption",
                     group=block_id, picture=found.file)
        return True

    def close_of(self, index: int) -> int:
        """Return the index of the token that closes the one at `index`."""
        depth = 0
        for position in range(index, len(self.tokens)):
            depth += self.tokens[position].nesting
            if depth == 0:
                return position
        raise self.fail(self.tokens[index], "this block is not closed", "Check its Markdown")

    def table(self, index: int) -> int:
        token, end = self.tokens[index], self.close_of(index)
        self.counts["table"] += 1
        group = self.unit_id(token, str(token.map))
        header: list[str] = []
        row, line_of = -1, token
        for position in range(index, end):
            cell = self.tokens[position]
            if cell.type == "tr_open":
                row, column, line_of = row + 1, 0, cell
            elif cell.type in ("th_open", "td_open"):
                text = self.text(position + 1)
                if row == 0:
                    header.append(plain_text(text))
                name = header[column] if column < len(header) else str(column + 1)
                where = (f"table {self.counts['table']}, header, column {column + 1}" if row == 0
                         else f"table {self.counts['table']}, row {row}, column {name}")
                block_id = f"{group}-head-{column + 1}" if row == 0 else \
                    f"{group}-{row}-{column + 1}"
                self.add(line_of, "cell", text, block_id, where=where,
                         group=group, row=row, column=column)
                column += 1
        return end + 1

    def quote(self, index: int) -> int:
        token, end = self.tokens[index], self.close_of(index)
        self.counts["quote"] += 1
        inner = self.tokens[index + 1:end]
        if any(t.type != "paragraph_open" for t in inner if t.nesting == 1):
            raise self.fail(token, "a quote holding headings, lists or other quotes cannot be "
                            "carried", "Quote paragraphs only, then continue after the quote")
        paragraphs = [i for i in range(index + 1, end) if self.tokens[i].type == "paragraph_open"]
        group = self.unit_id(token, self.tokens[index + 2].content)
        for count, position in enumerate(paragraphs, start=1):
            text = self.text(position + 1)
            last = count == len(paragraphs) and count > 1 and ATTRIBUTION.match(text)
            kind = "attribution" if last else "quote"
            self.add(self.tokens[position], kind, ATTRIBUTION.sub("", text) if last else text,
                     f"{group}-{'by' if last else count}", group=group,
                     where=f"quote {self.counts['quote']}, "
                           f"{'attribution' if last else f'paragraph {count}'}")
        return end + 1
