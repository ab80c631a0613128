"""Read library/<slug>.md into an Article: sections of blocks with stable ids and source lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .blocks import INTRO_ID, Block, BlockWalk, inline_source
from .errors import SourceError
from .front_matter import comment_problem, yaml_problem
from .ids import check_id_lines
from .inline import html_tag, link_problem, plain_text
from .new_readers import check_editions, read_easy_read_of, read_glossary_flag
from .picture_blocks import read_speak_pictures
from .provenance import Origin, read_origin
from .readability_targets import EASY_READ, STANDARD
from .slugs import slug_problem
from .textfiles import read_text_file
from .topics import read_topics

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@dataclass(frozen=True)
class Section:
    """The intro (no heading) or a section under a level-2 heading, with what follows it."""

    id: str
    heading: Block | None
    body: tuple[Block, ...]

    @property
    def blocks(self) -> tuple[Block, ...]:
        return ((self.heading,) if self.heading else ()) + self.body


@dataclass(frozen=True)
class Article:
    """An English source article."""

    slug: str
    path: Path
    title: str
    summary: str
    source: str
    sections: tuple[Section, ...]
    derived_ids: tuple[tuple[int, str], ...] = ()  # (start line from 0, id): no `{#id}` line
    topics: tuple[str, ...] = ()  # see topics.py
    topics_line: int = 0  # the front matter line that lists them
    easy_read_of: str = ""  # front matter `easy-read-of`: the article this is the easy read of
    easy_read_line: int = 0  # the front matter line that names it
    glossary: bool = False  # front matter `glossary: true`: the library's spoken glossary
    speak_pictures: bool = True  # front matter `speak_pictures: false`: descriptions not spoken
    origin: Origin = Origin()  # where it comes from and its medical review (provenance.py)

    @property
    def edition_kind(self) -> str:
        """The kind of edition (readability.py): easy read (the glossary's plain-language
        definitions too), or the standard one."""
        return EASY_READ if self.easy_read_of or self.glossary else STANDARD

    @property
    def meta_blocks(self) -> tuple[Block, ...]:
        return (
            Block("title", "title", self.title, 2, where="the article's title"),
            Block("summary", "summary", self.summary, 3, where="the article's summary"),
        )

    @property
    def blocks(self) -> tuple[Block, ...]:
        """Every translatable block, title and summary first (empty table cells left out)."""
        return tuple(b for b in self.meta_blocks + tuple(b for s in self.sections
                                                         for b in s.blocks) if b.text)


def markdown_parser() -> MarkdownIt:
    """Return the Markdown parser used for library articles (raw HTML is read as text; notes
    `[^1]` stay where they are written, and a reference to a note never written is kept as one,
    for notes.py to refuse with its line)."""
    from markdown_it import MarkdownIt  # here: a command that reads no article never loads it
    from mdit_py_plugins.attrs import attrs_block_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return (MarkdownIt("commonmark", {"html": False}).enable("table")
            .use(front_matter_plugin).use(attrs_block_plugin)
            .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True))


@cache
def _article_parser() -> MarkdownIt:
    """Return the one parser articles are read with (made once: it costs more than an article)."""
    return markdown_parser()


def block_text(inline) -> str:
    """Return the text of an inline token as it is shown and spoken: Markdown syntax (emphasis
    marks, link targets) left out, white space collapsed."""
    return plain_text(inline_source(inline))


KnownIds = Callable[[], Collection[str]]  # the ids an article's blocks had, read when needed


def _check_front_text(key: str, value: str, front_matter: str, label: str) -> None:
    """Refuse raw HTML or an unpublishable link in the title or summary, on its line."""
    tag, link = html_tag(value), link_problem(value)
    if not tag and not link:
        return
    line = next((n for n, text in enumerate(front_matter.splitlines(), start=2)
                 if text.startswith(f"{key}:")), 1)
    what, todo = link or (f"raw HTML ('{tag}') cannot be carried to the page and the voices",
                          "Remove it")
    raise SourceError(f"{label}:{line}: the {key}: {what}. {todo}")


def read_article(path: Path, label: str | None = None, known_ids: KnownIds | None = None
                 ) -> Article:
    """Parse one library article; raise SourceError naming the file and line on bad input."""
    label = label or str(path)
    return parse_article(read_text_file(path, label), path, label, known_ids)


def parse_article(text: str, path: Path, label: str, known_ids: KnownIds | None = None
                  ) -> Article:
    """Parse the text of library article `path` (see read_article)."""
    tokens = _article_parser().parse(text)
    meta = read_front_matter(tokens, label)
    title = str(meta.get("title") or "").strip()
    if not title:
        raise SourceError(f"{label}:1: the article has no title. Add 'title:' to the front matter.")
    summary = str(meta.get("summary") or "").strip()
    for key, value in (("title", title), ("summary", summary)):
        _check_front_text(key, value, tokens[0].content if meta else "", label)
    topics, topics_line = read_topics(meta, tokens[0].content if meta else "", label)
    easy_read_of, easy_read_line = read_easy_read_of(meta, tokens[0].content if meta else "",
                                                     label)
    check_id_lines(text, tokens, label, known_ids)
    walk = BlockWalk(tokens, label, path.parent)
    sections: list[Section] = []
    for block in walk.walk():
        if block.kind == "heading" and block.level == 2:
            sections.append(Section(block.id, block, ()))
        elif not sections:
            sections.append(Section(INTRO_ID, None, (block,)))
        else:
            last = sections[-1]
            sections[-1] = Section(last.id, last.heading, last.body + (block,))
    if not sections:
        raise SourceError(f"{label}: the article has no text. Add at least one paragraph.")
    return Article(
        slug=path.stem,
        path=path,
        title=title,
        summary=summary,
        source=str(meta.get("source") or "").strip(),
        sections=tuple(sections),
        derived_ids=tuple(walk.derived),
        topics=topics,
        topics_line=topics_line,
        easy_read_of=easy_read_of,
        easy_read_line=easy_read_line,
        glossary=read_glossary_flag(meta, tokens[0].content if meta else "", label),
        speak_pictures=read_speak_pictures(meta, tokens[0].content if meta else "", label),
        origin=read_origin(meta, tokens[0].content if meta else "", label),
    )


def read_library(library_dir: Path, root: Path | None = None,
                 known_ids: Callable[[str], Collection[str]] | None = None,
                 only: Collection[str] | None = None) -> list[Article]:
    """Read every article in the library folder (or those whose slug is in `only`), sorted by
    slug.

    `known_ids` returns the ids an article's blocks had, given its slug (for error messages).
    """
    def label(path: Path) -> str:
        return str(path.relative_to(root)) if root else str(path)

    articles, paths = [], sorted(library_dir.glob("*.md"))
    for path in paths:
        problem = slug_problem(path.stem)
        if problem:  # it would be built, but no link could reach it
            raise SourceError(f"{label(path)}: the file name is not an article's name: "
                              f"{problem}. Rename the file, then run the command again")
        if only is not None and path.stem not in only:
            continue
        known = partial(known_ids, path.stem) if known_ids else None
        articles.append(read_article(path, label(path), known))
    check_editions(articles, lambda article: label(article.path), [p.stem for p in paths])
    return articles


def read_front_matter(tokens, label: str) -> dict:
    """Return the YAML front matter of parsed Markdown; raise SourceError if it is invalid."""
    if not tokens or tokens[0].type != "front_matter":
        return {}
    try:
        meta = yaml.safe_load(tokens[0].content) or {}
    except yaml.YAMLError as error:
        line, problem = yaml_problem(tokens[0].content, error)
        end = "" if problem.endswith(".") else "."  # a fix that ends with a full stop
        raise SourceError(f"{label}:{line}: {problem}{end}") from None
    if not isinstance(meta, dict):
        glued = re.search(r"(?m)^([\w-]+):(\S.*)$", tokens[0].content)
        todo = f": put a space after the colon: {glued[1]}: {glued[2]}" if glued else ""
        raise SourceError(f"{label}:1: the front matter must be 'key: value' lines{todo}.")
    cut = comment_problem(tokens[0].content)
    if cut:
        raise SourceError(f"{label}:{cut[0]}: {cut[1]}.")
    return meta
