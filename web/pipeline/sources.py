"""Read library/<slug>.md into an Article whose blocks carry stable ids and source lines."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from .errors import SourceError

META_IDS = ("title", "summary")
INTRO_ID = "intro"  # the section before the first heading
RESERVED_IDS = (*META_IDS, INTRO_ID)
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Block:
    """One heading or paragraph: the unit that is translated and voiced."""

    id: str
    kind: str  # "title", "summary", "heading" or "paragraph"
    text: str
    line: int


@dataclass(frozen=True)
class Section:
    """The intro (no heading) or a headed section, with its paragraphs."""

    id: str
    heading: Block | None
    paragraphs: tuple[Block, ...]

    @property
    def blocks(self) -> tuple[Block, ...]:
        return ((self.heading,) if self.heading else ()) + self.paragraphs


@dataclass(frozen=True)
class Article:
    """An English source article."""

    slug: str
    path: Path
    title: str
    summary: str
    source: str
    sections: tuple[Section, ...]

    @property
    def meta_blocks(self) -> tuple[Block, ...]:
        return (
            Block("title", "title", self.title, 2),
            Block("summary", "summary", self.summary, 3),
        )

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Every translatable block, title and summary first."""
        return self.meta_blocks + tuple(b for s in self.sections for b in s.blocks)


def markdown_parser() -> MarkdownIt:
    """Return the Markdown parser used for library articles."""
    return MarkdownIt("commonmark").use(front_matter_plugin).use(attrs_block_plugin)


def block_text(inline) -> str:
    """Return the text of an inline token as it is shown and spoken: Markdown syntax (emphasis
    marks, link targets) left out, white space collapsed."""
    parts = [child.content if child.type in ("text", "code_inline") else " "
             for child in inline.children or ()
             if child.type in ("text", "code_inline", "softbreak", "hardbreak")]
    return " ".join("".join(parts).split())


def derived_id(text: str) -> str:
    """Return an id for a block that has none (a paragraph staff added by hand)."""
    return "b-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def read_text_file(path: Path, label: str) -> str:
    """Read a UTF-8 text file, failing clearly on binary or badly encoded input."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{label}: cannot read: {error.strerror}. Check the path.") from None
    if b"\x00" in data:
        raise SourceError(
            f"{label}: is a binary file, not text. Give a UTF-8 text or Markdown file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            f"{label}:{line}: is not valid UTF-8 (byte 0x{data[error.start]:02x}). "
            "Save the file as UTF-8 and try again."
        ) from None
    if not text.strip():
        raise SourceError(f"{label}: is empty. Give a file with the article's text.")
    return text


def read_article(path: Path, label: str | None = None) -> Article:
    """Parse one library article; raise SourceError naming the file and line on bad input."""
    label = label or str(path)
    text = read_text_file(path, label)
    tokens = markdown_parser().parse(text)
    meta = read_front_matter(tokens, label)
    title = str(meta.get("title") or "").strip()
    if not title:
        raise SourceError(f"{label}:1: the article has no title. Add 'title:' to the front matter.")
    sections: list[Section] = []
    heading: Block | None = None
    paragraphs: list[Block] = []
    seen: dict[str, int] = {}

    def close_section() -> None:
        if heading or paragraphs:
            section_id = heading.id if heading else INTRO_ID
            sections.append(Section(section_id, heading, tuple(paragraphs)))

    for index, token in enumerate(tokens):
        if token.type not in ("heading_open", "paragraph_open"):
            continue
        content = block_text(tokens[index + 1])
        line = token.map[0] + 1 if token.map else 0
        if token.type == "heading_open" and token.tag == "h1":
            continue  # the title lives in the front matter
        block_id = str(token.attrs.get("id") or derived_id(content))
        if not _ID_PATTERN.match(block_id) or block_id in RESERVED_IDS:
            raise SourceError(
                f"{label}:{line}: '{block_id}' cannot be a block id. Use lowercase letters, "
                "digits and hyphens, and not 'title', 'summary' or 'intro'."
            )
        if block_id in seen:
            raise SourceError(
                f"{label}:{line}: block id '{block_id}' is already used on line {seen[block_id]}. "
                "Give each block its own id."
            )
        seen[block_id] = line
        if token.type == "heading_open":
            close_section()
            heading, paragraphs = Block(block_id, "heading", content, line), []
        else:
            paragraphs.append(Block(block_id, "paragraph", content, line))
    close_section()
    if not sections:
        raise SourceError(f"{label}: the article has no text. Add at least one paragraph.")
    return Article(
        slug=path.stem,
        path=path,
        title=title,
        summary=str(meta.get("summary") or "").strip(),
        source=str(meta.get("source") or "").strip(),
        sections=tuple(sections),
    )


def read_library(library_dir: Path, root: Path | None = None) -> list[Article]:
    """Read every article in the library folder, sorted by slug."""
    articles = []
    for path in sorted(library_dir.glob("*.md")):
        label = str(path.relative_to(root)) if root else str(path)
        articles.append(read_article(path, label))
    return articles


def read_front_matter(tokens, label: str) -> dict:
    """Return the YAML front matter of parsed Markdown; raise SourceError if it is invalid."""
    if not tokens or tokens[0].type != "front_matter":
        return {}
    try:
        meta = yaml.safe_load(tokens[0].content) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        raise SourceError(f"{label}:{line}: the front matter is not valid YAML. Fix it.") from None
    if not isinstance(meta, dict):
        raise SourceError(f"{label}:1: the front matter must be 'key: value' lines.")
    return meta
