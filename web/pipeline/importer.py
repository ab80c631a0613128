"""Turn a plain-text or Markdown file into a library article with front matter and block ids."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path

import yaml
from sentencex import segment

from .blocks import CAPTION, INTRO_ID, RESERVED_IDS, BlockWalk
from .errors import SourceError
from .files import write_atomic
from .sources import (
    block_text,
    markdown_parser,
    read_front_matter,
    read_text_file,
)

MAX_HEADING_WORDS = 12
MAX_HEADING_CHARS = 90
FINAL_PUNCTUATION = ".!?:;,…\"”’)»"


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    slug: str
    path: Path
    title: str
    sections: int
    paragraphs: int


def slugify(text: str, max_length: int = 40) -> str:
    """Return a lowercase ASCII slug of `text`, cut at a word boundary."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("’", "").replace("'", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug


def is_heading_like(line: str) -> bool:
    """Tell whether a line reads like a heading: short, no final punctuation."""
    line = line.strip()
    return (
        0 < len(line) <= MAX_HEADING_CHARS
        and len(line.split()) <= MAX_HEADING_WORDS
        and line[-1] not in FINAL_PUNCTUATION
    )


def split_plain_text(text: str) -> tuple[str | None, list[tuple[str | None, list[str]]]]:
    """Split plain text into an optional title and sections of (heading, paragraphs)."""
    if re.search(r"\n\s*\n", text.strip()):
        units = [" ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", text.strip())]
    else:
        units = [" ".join(line.split()) for line in text.splitlines()]
    units = [unit for unit in units if unit]
    headings = {
        i for i, unit in enumerate(units[:-1])
        if is_heading_like(unit) and not is_heading_like(units[i + 1])
    }
    title = None
    if 0 in headings:  # a heading-like first line is the article's title
        title = units[0]
        headings.discard(0)
        units = units[1:]
        headings = {i - 1 for i in headings}
    sections: list[tuple[str | None, list[str]]] = [(None, [])]
    for i, unit in enumerate(units):
        if i in headings:
            sections.append((unit, []))
        else:
            sections[-1][1].append(unit)
    if not sections[0][1]:
        sections.pop(0)
    return title, sections


def split_markdown(text: str, label: str) -> tuple[dict, list[tuple[str | None, list[str]]], str]:
    """Split Markdown into front matter, sections and its body with an id before every block.

    The body keeps the Markdown as written (lists, tables, quotes, emphasis and links); '#'
    becomes the title, and each block without a `{#id}` line gets one.
    """
    tokens = markdown_parser().parse(text)
    meta = dict(read_front_matter(tokens, label))
    lines = text.splitlines()
    drop, ids = set(), {}  # lines to leave out; line -> the id to write before it
    used = set(RESERVED_IDS) | {str(t.attrs["id"]) for t in tokens if "id" in t.attrs}
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
            body += ["", f"{{#{ids[number]}}}"]
        if number not in drop:
            body.append(line)
    if not sections[0][1]:
        sections.pop(0)
    return meta, sections, "\n".join(body).strip() + "\n"


def render_front_matter(meta: dict) -> str:
    """Render the front matter of a library article, and the blank line after it."""
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front.rstrip()}\n---\n\n"


def render_article(meta: dict, sections: list[tuple[str | None, list[str]]]) -> str:
    """Render front matter and sections as library Markdown with an id on every block."""
    lines = [render_front_matter(meta).rstrip("\n"), ""]
    used = set(RESERVED_IDS)  # a heading called "Summary" must not take a reserved id
    for heading, paragraphs in sections:
        if heading is None:
            section_id = INTRO_ID
        else:
            section_id = _unique(slugify(heading) or "section", used)
            lines += [f"{{#{section_id}}}", f"## {heading}", ""]
        used.add(section_id)
        for number, paragraph in enumerate(paragraphs, start=1):
            lines += [f"{{#{_unique(f'{section_id}-{number}', used)}}}", paragraph, ""]
    return "\n".join(lines)


def import_article(
    source_file: Path,
    library_dir: Path,
    *,
    slug: str | None = None,
    title: str | None = None,
    source: str | None = None,
    replace: bool = False,
    label: str | None = None,
) -> ImportResult:
    """Import a .txt or .md file as library/<slug>.md; write nothing on bad input."""
    label = label or str(source_file)
    text = read_text_file(source_file, label)
    body = None
    if source_file.suffix.lower() in (".md", ".markdown"):
        meta, sections, body = split_markdown(text, label)
    else:
        found_title, sections = split_plain_text(text)
        meta = {"title": found_title} if found_title else {}
    meta["title"] = " ".join(str(title or meta.get("title") or "").split())
    if not meta.get("title"):
        raise SourceError(
            f"{label}: the article has no title. Pass --title \"...\" "
            "(or start the file with a short title line)."
        )
    if not sections:
        raise SourceError(f"{label}: no paragraphs found. Give a file with the article's text.")
    slug = slug or slugify(meta["title"], max_length=60)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug or ""):
        raise SourceError(f"--slug '{slug}': use lowercase letters, digits and hyphens.")
    target = library_dir / f"{slug}.md"
    if target.exists() and not replace:
        raise SourceError(
            f"library/{slug}.md: an article with slug '{slug}' already exists. "
            "Choose another --slug, or pass --replace to overwrite it."
        )
    first_paragraph = sections[0][1][0] if sections[0][1] else ""
    meta.setdefault("summary", _first_sentence(first_paragraph))
    meta.setdefault("source", source or source_file.name)
    if source:
        meta["source"] = source
    ordered = {key: meta[key] for key in ("title", "summary", "source")}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    if body is None:
        rendered = render_article(ordered, sections)
        _check_reads_back(rendered, sections, label)
    else:
        rendered = render_front_matter(ordered) + body
    # What the library cannot carry (raw HTML, code) is refused now, not at the next build;
    # what is counted is what the library will read.
    blocks = BlockWalk(markdown_parser().parse(rendered), f"{label} (as library/{slug}.md)"
                       ).walk()
    headings = sum(b.kind == "heading" and b.level == 2 for b in blocks)
    write_atomic(target, rendered)
    return ImportResult(
        slug=slug,
        path=target,
        title=meta["title"],
        sections=headings + (blocks[0].level != 2),  # the intro, if any, is a section too
        paragraphs=len(blocks) - headings,
    )


def _check_reads_back(rendered: str, sections, label: str) -> None:
    """Refuse text that Markdown would read as something else (a heading, a list, code)."""
    tokens = markdown_parser().parse(rendered)
    found = [block_text(tokens[i + 1]) for i, token in enumerate(tokens)
             if token.type in ("heading_open", "paragraph_open")]
    meant = [text for heading, paragraphs in sections for text in [heading, *paragraphs] if text]
    for text, got in zip_longest(meant, found):
        if text != got:
            raise SourceError(f"{label}: \"{(text or got)[:40]}\" would not read back as written "
                              "(Markdown such as '#', '-' or '1.' at its start?). Reword it, or "
                              "import the file as .md.")


def _first_sentence(paragraph: str) -> str:
    sentences = [s.strip() for s in segment("en", paragraph) if s.strip()]
    return sentences[0] if sentences else paragraph


def _unique(candidate: str, used: set[str]) -> str:
    result, number = candidate, 2
    while result in used or result in ("title", "summary"):
        result, number = f"{candidate}-{number}", number + 1
    used.add(result)
    return result
