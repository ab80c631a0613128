"""Turn a text, Markdown or Word file or a web page into a library article with front matter and
block ids.

Word documents and web pages are read as Markdown (documents.py) and take the Markdown path. Plain
text is read as a person sees it (plaintext.py) and written as Markdown, which is read
back before it is saved: text that Markdown would read otherwise is refused. Markdown keeps its
structure as written. A revised article imported over the library's copy keeps the ids of the
blocks they share (reimport.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

import yaml
from sentencex import segment

from .blocks import CAPTION, INTRO_ID, RESERVED_IDS, BlockWalk
from .documents import read_source
from .errors import SourceError
from .files import write_atomic
from .ids import check_id_lines
from .picture_files import store_picture
from .plaintext import Sections, TextList, normalize_text, split_plain_text
from .reimport import KeptIds, keep_ids
from .slugs import slug_problem, slugify
from .sources import block_text, markdown_parser, read_article, read_front_matter


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote (or, in a dry run, would write), kept and left out."""

    slug: str
    path: Path
    title: str
    sections: int
    paragraphs: int  # quoted paragraphs included
    lists: int = 0
    items: int = 0
    tables: int = 0
    links: int = 0
    ids: KeptIds | None = None  # when it replaced an article: the ids it kept
    pictures: int = 0
    notes: int = 0
    kind: str = ""  # what it was converted from ("Word document", "web page"), if anything
    dropped: tuple[str, ...] = ()  # what the conversion left out ("2 empty paragraphs")
    remarks: tuple[str, ...] = ()  # what the conversion changed, for staff to check
    dry_run: bool = False


def split_markdown(text: str, label: str) -> tuple[dict, Sections, str, set[str]]:
    """Split Markdown into front matter, sections, its body with an id before every block, and
    the ids the file wrote itself.

    The body keeps the Markdown as written (lists, tables, quotes, emphasis and links); '#'
    becomes the title, and each block without a `{#id}` line gets one.
    """
    tokens = markdown_parser().parse(text)
    meta = dict(read_front_matter(tokens, label))
    check_id_lines(text, tokens, label)
    lines = text.splitlines()
    drop, ids = set(), {}  # lines to leave out; line -> the id to write before it
    written = {str(t.attrs["id"]) for t in tokens if "id" in t.attrs}
    used = set(RESERVED_IDS) | written
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    section_id, previous = INTRO_ID, None
    for index, token in enumerate(tokens):
        if token.type == "front_matter":
            drop.update(range(*token.map))
        if token.level != 0 or token.nesting != 1 or not token.map:
            continue
        start, end = token.map
        first = next((t for t in tokens[index:] if t.type == "inline"), None)
        content = block_text(first) if first else ""
        caption = token.type == "paragraph_open" and previous == "table_open" and \
            CAPTION.match(content)
        previous = token.type
        if token.tag == "h1":
            meta.setdefault("title", content)
            drop.update(range(start, end))
            continue
        if token.tag == "h2":
            sections.append((content, []))
            section_id = str(token.attrs.get("id") or _unique(slugify(content) or "section", used))
            block_id = section_id
        else:
            if not caption:
                sections[-1][1].append(content)
            block_id = _unique(slugify(content) if token.tag in ("h3", "h4") else
                               f"{section_id}-{len(sections[-1][1])}", used)
        if "id" not in token.attrs and not caption:
            ids[start] = block_id
    body = []
    for number, line in enumerate(lines):
        if number in ids:
            body += ["", f"{{#{ids[number]}}}"][bool(body) and body[-1] == "":]
        if number not in drop:
            body.append(line)
    if not sections[0][1]:
        sections.pop(0)
    return meta, sections, "\n".join(body).strip() + "\n", written


def render_front_matter(meta: dict) -> str:
    """Render the front matter of a library article, and the blank line after it."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front.rstrip()}\n---\n\n"


def render_article(meta: dict, sections: Sections) -> str:
    """Render front matter and sections as library Markdown with an id before every block.

    A list has one id; the reader numbers its items from it (<id>-1, <id>-2, …).
    """
    lines = [render_front_matter(meta).rstrip("\n"), ""]
    used = set(RESERVED_IDS)  # a heading called "Summary" must not take a reserved id
    for heading, blocks in sections:
        if heading is None:
            section_id = INTRO_ID
        else:
            section_id = _unique(slugify(heading) or "section", used)
            lines += [f"{{#{section_id}}}", f"## {heading}", ""]
        used.add(section_id)
        for number, block in enumerate(blocks, start=1):
            if isinstance(block, TextList):
                block_id = _unique(f"{section_id}-{number}", used, len(block.items))
                lines += [f"{{#{block_id}}}", *_item_lines(block), ""]
            else:
                lines += [f"{{#{_unique(f'{section_id}-{number}', used)}}}", block, ""]
    return "\n".join(lines)


def _item_lines(block: TextList) -> list[str]:
    return [f"{marker} {item}" for marker, item in zip(block.markers, block.items, strict=True)]


def import_article(
    source_file: Path | str,
    library_dir: Path,
    *,
    language: str,
    slug: str | None = None,
    title: str | None = None,
    source: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    label: str | None = None,
) -> ImportResult:
    """Import a text, Markdown or Word file or a web page (its file or address) in `language`
    (the library's source language) as library/<slug>.md with its pictures; write nothing on
    bad input, or in a dry run."""
    label = label or str(source_file)
    document = read_source(source_file, label)
    text = normalize_text(document.text)
    body, written = None, set()
    if document.markdown:
        meta, sections, body, written = split_markdown(text, label)
    else:
        found_title, sections = split_plain_text(text)
        meta = {"title": found_title} if found_title else {}
    meta["title"] = " ".join(normalize_text(str(title or meta.get("title") or document.title
                                                or "")).split())
    if not meta.get("title"):
        raise SourceError(f"{label}: the article has no title. Pass --title \"...\" (or "
                          f"{document.title_hint}).")
    if not sections:
        raise SourceError(f"{label}: no paragraphs found. Give a file with the article's text.")
    slug = slug or slugify(meta["title"], max_length=60)
    problem = slug_problem(slug or "")
    if problem:
        raise SourceError(f"--slug '{slug}': {problem}.")
    target = library_dir / f"{slug}.md"
    if target.exists() and not replace:
        raise SourceError(
            f"library/{slug}.md: an article with slug '{slug}' already exists. "
            "Choose another --slug, or pass --replace to overwrite it."
        )
    first = next(iter(sections[0][1]), "")
    meta.setdefault("summary", _first_sentence(language, first if isinstance(first, str) else
                                               first.items[0]))
    meta["source"] = normalize_text(source) if source else meta.get("source", document.name)
    if document.original_url:
        meta["original_url"] = document.original_url
    ordered = {key: meta[key] for key in ("title", "summary", "source", "original_url")
               if key in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    if body is None:
        rendered = render_article(ordered, sections)
        _check_reads_back(rendered, sections, label)
    else:
        rendered = render_front_matter(ordered) + body
    # What the library cannot carry (raw HTML, code) is refused now, not at the next build;
    # what is counted is what the library will read.
    as_written = f"{label} (as library/{slug}.md)"
    tokens = markdown_parser().parse(rendered)
    check_id_lines(rendered, tokens, as_written)  # plain text that reads as id markup
    blocks = BlockWalk(tokens, as_written).walk()
    kept = None
    if target.exists():
        previous = read_article(target, f"library/{slug}.md")
        rendered, kept = keep_ids(rendered, blocks, [b for s in previous.sections
                                                     for b in s.blocks], written)
        tokens = markdown_parser().parse(rendered)
        blocks = BlockWalk(tokens, as_written).walk()
    result = _result(slug, target, meta["title"], blocks, tokens, kept, rendered, document,
                     dry_run)
    if not dry_run:
        for data in document.pictures.values():
            store_picture(library_dir, data, label)  # before the article that names them
        write_atomic(target, rendered)
    return result


def _result(slug: str, path: Path, title: str, blocks, tokens, kept: KeptIds | None,
            rendered: str, document, dry_run: bool) -> ImportResult:
    """Count what the library reads in the article, and say what its conversion left out."""
    def groups(*kinds: str) -> int:
        return len({b.group for b in blocks if b.kind in kinds})

    sections = sum(b.kind == "heading" and b.level == 2 for b in blocks)
    links = sum(child.type == "link_open" for token in tokens if token.type == "inline"
                for child in token.children or ())
    return ImportResult(
        slug=slug, path=path, title=title,
        sections=sections + (blocks[0].level != 2),  # the intro, if any, is a section too
        paragraphs=sum(b.kind in ("paragraph", "quote") for b in blocks),
        lists=groups("item"), items=sum(b.kind == "item" for b in blocks),
        tables=groups("cell", "caption"), links=links, ids=kept,
        pictures=sum(child.type == "image" for token in tokens if token.type == "inline"
                     for child in token.children or ()),
        notes=len(re.findall(r"(?m)^\[\^[^\]\s]+\]:", rendered)), kind=document.kind,
        dropped=tuple(document.dropped), remarks=tuple(document.remarks), dry_run=dry_run,
    )


def _check_reads_back(rendered: str, sections: Sections, label: str) -> None:
    """Refuse text that Markdown would read as something else (a heading, a list, code)."""
    meant: list[tuple[str, str]] = []
    for heading, blocks in sections:
        meant += [("heading", heading)] if heading else []
        for block in blocks:
            if isinstance(block, TextList):
                meant += [("list", ""), *(("item", line) for line in _item_lines(block))]
            else:
                meant.append(("paragraph", block))
    for wanted, got in zip_longest(meant, _outline(markdown_parser().parse(rendered))):
        if wanted != got:
            text = next(t for t in (wanted and wanted[1], got and got[1], "a list") if t)
            raise SourceError(f"{label}: \"{text[:40]}\" would not read back as written "
                              "(Markdown such as '#', '>' or '|' at its start?). Reword it, or "
                              "import the file as .md.")


def _outline(tokens) -> list[tuple[str, str]]:
    """Return what Markdown reads, block by block, as (kind, plain text): a list item's text
    starts with its marker ("3.", "-"); anything else than headings, paragraphs and lists of
    one paragraph per item (a quote, code, a table, a rule) is named by its token type."""
    found, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            found.append(("list", ""))
            index += 1
            while tokens[index].type == "list_item_open":
                item, inner = tokens[index], tokens[index + 1:index + 4]
                simple = [t.type for t in inner] == ["paragraph_open", "inline",
                                                     "paragraph_close"]
                text = block_text(inner[1]) if simple else ""
                found.append(("item" if simple else "nested", f"{item.info}{item.markup} {text}"))
                index = next(i for i in range(index, len(tokens))
                             if tokens[i].type == "list_item_close"
                             and tokens[i].level == item.level) + 1
        elif token.type in ("heading_open", "paragraph_open"):
            found.append((token.type.removesuffix("_open"), block_text(tokens[index + 1])))
        elif token.level == 0 and token.nesting >= 0 and token.type != "front_matter":
            found.append((token.type, token.content.strip()))
        index += 1
    return found


def _first_sentence(language: str, paragraph: str) -> str:
    sentences = [s.strip() for s in segment(language, paragraph) if s.strip()]
    return sentences[0] if sentences else paragraph


def _unique(candidate: str, used: set[str], items: int = 0) -> str:
    """Return `candidate`, numbered if need be, so that it and its items' ids are new."""
    def ids(name: str) -> set[str]:
        return {name, *(f"{name}-{k}" for k in range(1, items + 1))}

    result, number = candidate, 2
    while ids(result) & used or result in ("title", "summary"):
        result, number = f"{candidate}-{number}", number + 1
    used.update(ids(result))
    return result
