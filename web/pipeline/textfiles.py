"""Text files as staff save them: UTF-8 with or without a BOM, or UTF-16 or UTF-32 with one (what
Notepad and Word call "Unicode"), or UTF-16 without one. Documents that are not plain text (a
PDF, or a Word, RTF or HTML file named as text) are named and refused with what to do instead."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from .errors import ContentError, SourceError

# UTF-32's byte order marks first: UTF-16's little-endian one is the start of UTF-32's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
COPY_TEXT = "copy its text into a .txt or .md file and import that file"
# Documents known by their first bytes, and what to do with each.
_DOCUMENTS = (
    (b"%PDF-", f"a PDF, not text. Open it, {COPY_TEXT}"),
    (b"PK\x03\x04", "a Word document (or another zipped file), not text. If it is a Word "
                    "document, give its file name the .docx ending and import it again"),
    (b"\xd0\xcf\x11\xe0", "a Word document (.doc), not text. Give its file name the .doc "
                          "ending and import it again, or save it as .docx in Word"),
    (b"{\\rtf", "a rich text (RTF) document, not text. Give its file name the .rtf ending and "
                "import it again, or save it as .docx in Word"),
)
WEB_PAGE = ("a web page (HTML), not text. Give its file name the .html ending and import it "
            "again, or import the page's web address")
_HTML_START = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
                         re.IGNORECASE | re.DOTALL)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def _without_bom(data: bytes) -> tuple[str, str]:
    """Return the encoding of a file without a BOM: UTF-16 when every other byte is nearly
    always zero (Latin-script text saved as UTF-16 by a tool that writes no BOM), else UTF-8."""
    if len(data) >= 4 and data.count(0) * 3 >= len(data):
        for codec, zeros in (("utf-16-le", data[1::2]), ("utf-16-be", data[::2])):
            if zeros.count(0) >= 0.9 * len(zeros):
                return codec, "UTF-16"
    return "utf-8", "UTF-8"


def _encoding(data: bytes) -> tuple[str, str]:
    """Return the codec and the name of the encoding a file's BOM, or its bytes, show."""
    return next(((e, n) for bom, e, n in _BOMS if data.startswith(bom)), _without_bom(data))


def decode_text(data: bytes, label: str, error: type[ContentError] = SourceError) -> str:
    """Decode a text file's bytes as UTF-8, or as UTF-16 or UTF-32 (with a BOM, or UTF-16
    without one, as its zero bytes show); raise `error` with file:line on a bad encoding."""
    encoding, name = _encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as problem:
        line = data[:problem.start].decode(encoding, errors="replace").count("\n") + 1
        detail = (f"byte 0x{data[problem.start]:02x}" if name == "UTF-8" else problem.reason)
        raise error(f"{label}:{line}: is not valid {name} ({detail}). Save it as UTF-8 and run "
                    "the command again.") from None


# An article larger than this is a book or a mistake: the longest health booklets are a tenth
# of it, and reading, voicing and packaging it would take hours.
MAX_ARTICLE_BYTES = 1_000_000


def read_text_file(path: Path, label: str) -> str:
    """Read an article's text file (see decode_text); refuse documents, binary files, bad
    encodings and files too large for an article with file:line and what to do."""
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:  # refused before it is read
            raise SourceError(f"{label}: is {size / 1_000_000:.1f} MB; an article holds at "
                              f"most {MAX_ARTICLE_BYTES // 1_000_000} MB of text (about 150,000 "
                              "words). Split it into several articles, one file each.")
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(f"{label}: cannot read: {error.strerror}. Check the path.") from None
    for magic, what in _DOCUMENTS:
        if data.startswith(magic):
            raise SourceError(f"{label}: is {what}.")
    if _encoding(data)[1] == "UTF-8" and b"\x00" in data:
        raise SourceError(
            f"{label}: is a binary file, not text. Give a UTF-8 text or Markdown file.")
    text = decode_text(data, label)
    if path.suffix.lower() in HTML_SUFFIXES or _HTML_START.match(text):
        raise SourceError(f"{label}: is {WEB_PAGE}.")
    if not text.strip():
        raise SourceError(f"{label}: is empty. Give a file with the article's text.")
    return text
