"""Word documents as HTML: a .docx read by mammoth (Word's styles as headings, lists, tables,
emphasis, links, pictures with their alt text, footnotes), and .odt, .rtf and .doc files made
into a .docx by LibreOffice when it is installed.

Mammoth keeps tracked insertions and leaves tracked deletions out (as if every change were
accepted) and leaves comments out; those are counted here from the document's XML, so the import
can say what was dropped.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import mammoth

from .errors import SourceError
from .html_markdown import DECORATIVE
from .picture_files import picture_name

OTHER_WORD_PROCESSORS = (".odt", ".rtf", ".doc")
CONVERT_SECONDS = 120
_CAPTIONS = ("p[style-name='Caption'] => p.caption:fresh", "p[style-name='caption'] => "
             "p.caption:fresh", "p[style-name='Subtitle'] => p:fresh")
MISSING_ALT = ("In Word, right-click the picture, choose Edit Alt Text, and describe what it "
               "shows (or tick 'Mark as decorative' if it only decorates); save and import again.")


@dataclass
class WordDocument:
    """A Word document's HTML, its pictures by library name, and what mammoth left out."""

    html: str
    pictures: dict[str, bytes] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)


def _parts(data: bytes, label: str) -> dict[str, str]:
    """Return the XML of the document and of its comments, by part name."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                raise SourceError(f"{label}: is a zipped file but not a Word document. Open it "
                                  "in Word or LibreOffice and save it as .docx.")
            return {name: archive.read(name).decode("utf-8", "replace")
                    for name in ("word/document.xml", "word/comments.xml") if name in names}
    except zipfile.BadZipFile:
        raise SourceError(f"{label}: is damaged or not a Word document. Open it in Word and "
                          "save it again as .docx.") from None


def _style_map(document: str) -> str:
    """Return mammoth's style map: Word's Title is the article's title and its headings are
    sections, or, in a document without a Title that one Heading 1 opens, that heading is the
    title and the next levels are sections."""
    titles = len(re.findall(r'<w:pStyle w:val="Title"/>', document))
    firsts = re.findall(r'<w:pStyle w:val="Heading1"/>', document)
    opens_with_heading = re.search(r'<w:p\b[^>]*>\s*<w:pPr>\s*<w:pStyle w:val="Heading1"/>',
                                   document)
    shift = 0 if not titles and len(firsts) == 1 and opens_with_heading else 1
    lines = ["p[style-name='Title'] => h1:fresh", *_CAPTIONS]
    for word in range(1, 7):
        lines.append(f"p[style-name='Heading {word}'] => h{min(word + shift, 4)}:fresh")
    return "\n".join(lines)


def _decorative(document: str) -> list[bool]:
    """Return, for each picture in document order, whether Word marks it decorative."""
    return [bool(re.search(r'decorative\b[^>]*\bval="(?:1|true)"', match))
            for match in re.findall(r"<wp:docPr\b.*?(?:/>|</wp:docPr>)", document, re.DOTALL)]


def read_word_document(path: Path, label: str) -> WordDocument:
    """Read a .docx into HTML with its pictures checked and named; refuse what is not one."""
    data = path.read_bytes()
    parts = _parts(data, label)
    document = parts["word/document.xml"]
    decorative = _decorative(document)
    found = WordDocument("")

    def convert_image(image) -> dict[str, str]:
        number = len(found.pictures) + 1
        with image.open() as stream:
            picture = stream.read()
        name = picture_name(picture, f"{label}, picture {number}")
        found.pictures[name] = picture
        attributes = {"src": name}
        if not (image.alt_text or "").strip() and number <= len(decorative) and \
                decorative[number - 1]:
            attributes["alt"] = DECORATIVE
        return attributes

    result = mammoth.convert_to_html(
        io.BytesIO(data), style_map=_style_map(document), ignore_empty_paragraphs=False,
        convert_image=mammoth.images.img_element(convert_image))
    found.html = result.value
    comments = len(re.findall(r"<w:comment\b", parts.get("word/comments.xml", "")))
    deleted = len(re.findall(r"<w:del\b", document))
    inserted = len(re.findall(r"<w:ins\b", document))
    if comments:
        found.dropped.append(f"{comments} comment{'s' * (comments != 1)}")
    if deleted:
        found.dropped.append(f"{deleted} tracked deletion{'s' * (deleted != 1)} (as if "
                             "accepted)")
    if inserted:
        found.remarks.append(f"{inserted} tracked insertion{'s' * (inserted != 1)} kept, as if "
                             "accepted: check the text, or accept or reject the changes in "
                             "Word and import again")
    ignored = [m.message for m in result.messages if "ignored" in m.message]
    if ignored:
        found.dropped.append(f"{len(ignored)} Word element{'s' * (len(ignored) != 1)} the "
                             "converter does not read")
    return found


def convert_to_docx(path: Path, label: str, folder: Path) -> Path:
    """Make a .docx of an .odt, .rtf or .doc file with LibreOffice in `folder`; refuse with
    advice when LibreOffice is not installed or cannot convert it."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    advice = ("Open it in Word or LibreOffice, save it as .docx (File > Save As, Word "
              "Document), and import the .docx")
    if not soffice:
        raise SourceError(f"{label}: a {path.suffix.lower()} document is read through "
                          f"LibreOffice, which is not installed here. {advice}.")
    with tempfile.TemporaryDirectory() as profile:
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "docx", "--outdir", str(folder), str(path)],
                capture_output=True, timeout=CONVERT_SECONDS, check=True)
        except (subprocess.SubprocessError, OSError):
            raise SourceError(f"{label}: LibreOffice could not convert it. {advice}.") from None
    converted = folder / f"{path.stem}.docx"
    if not converted.exists():
        raise SourceError(f"{label}: LibreOffice could not convert it. {advice}.")
    return converted
