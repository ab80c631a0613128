"""What staff import, read as Markdown or plain text: a text or Markdown file as it is; a Word
document (.docx, or .odt, .rtf, .doc through LibreOffice) or a web page (saved, or fetched from
its address) as HTML turned into the library's Markdown, with its pictures and what was left out.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .errors import SourceError
from .html_markdown import html_to_markdown
from .page_fetch import MAX_PAGE_BYTES, fetch, is_web_address
from .textfiles import HTML_SUFFIXES, read_text_file
from .web_pages import MISSING_ALT as PAGE_MISSING_ALT
from .web_pages import read_web_page
from .word_documents import MISSING_ALT as WORD_MISSING_ALT
from .word_documents import OTHER_WORD_PROCESSORS, convert_to_docx, read_word_document

MARKDOWN_SUFFIXES = (".md", ".markdown")


@dataclass
class SourceDocument:
    """An import's text, and what its conversion found, changed and left out."""

    text: str
    markdown: bool
    name: str  # what `source:` says when staff give none: the file's name, or the site's
    kind: str = ""  # "Word document", "web page": empty for text and Markdown files
    title: str = ""  # a title found outside the text (a page's <h1> or <title>)
    title_hint: str = "start the file with a short title line"  # how to give it one
    original_url: str = ""
    pictures: dict[str, bytes] = field(default_factory=dict)  # library name -> bytes
    dropped: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def read_source(given: str | Path, label: str) -> SourceDocument:
    """Read a file or web address given to `import`; refuse what cannot be read, saying what
    to do."""
    if is_web_address(str(given)):
        url = str(given).strip().replace(" ", "%20")  # as a browser sends it
        page = read_web_page(fetch(url), url, url)
        return _from_page(page, label, url, page.site or urlsplit(url).hostname or url)
    path = Path(given)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _from_word(path, label)
    if suffix in OTHER_WORD_PROCESSORS:
        with tempfile.TemporaryDirectory() as folder:
            return _from_word(convert_to_docx(path, label, Path(folder)), label, path.name)
    if suffix in HTML_SUFFIXES:
        page = read_web_page(_read_page(path, label), label, str(path))
        return _from_page(page, label, "", path.name)
    return SourceDocument(read_text_file(path, label), suffix in MARKDOWN_SUFFIXES, path.name)


def _read_page(path: Path, label: str) -> bytes:
    try:
        if path.stat().st_size > MAX_PAGE_BYTES:
            raise SourceError(f"{label}: is larger than {MAX_PAGE_BYTES // 1_000_000} MB, more "
                              "than a page with one article. Check that it is the right file.")
        return path.read_bytes()
    except OSError as error:
        raise SourceError(f"{label}: cannot read: {error.strerror}. Check the path.") from None


def _from_word(path: Path, label: str, name: str = "") -> SourceDocument:
    try:
        word = read_word_document(path, label)
    except OSError as error:
        raise SourceError(f"{label}: cannot read: {error.strerror}. Check the path.") from None

    def named(src: str, number: int, near: str) -> str:
        return src  # read_word_document named and checked it

    converted = html_to_markdown(word.html, label, named, WORD_MISSING_ALT)
    return _converted(converted, "Word document", name or path.name, pictures=word.pictures,
                      dropped=word.dropped, remarks=word.remarks,
                      title_hint="give its title Word's Title style")


def _from_page(page, label: str, url: str, name: str) -> SourceDocument:
    converted = html_to_markdown(page.html, label, page.resolve_picture, PAGE_MISSING_ALT,
                                 base_url=url)
    return _converted(converted, "web page", name, title=page.title, original_url=url,
                      pictures=page.pictures, dropped=page.dropped, remarks=[],
                      title_hint="give the page an <h1> heading")


def _converted(converted, kind: str, name: str, **found) -> SourceDocument:
    dropped = list(found.pop("dropped"))
    if converted.empty_paragraphs:
        count = converted.empty_paragraphs
        dropped.append(f"{count} empty paragraph{'s' * (count != 1)}")
    remarks = list(found.pop("remarks")) + list(dict.fromkeys(converted.remarks))
    return SourceDocument(converted.markdown, True, name, kind, dropped=dropped,
                          remarks=remarks, **found)
