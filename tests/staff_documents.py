"""Documents as staff meet them, made in tests: Word files written with python-docx (lists,
tables, links, pictures with Alt Text, footnotes, comments, tracked changes), news pages with
their site's chrome, and a site served from loopback."""

from __future__ import annotations

import io
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from docx import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches
from PIL import Image


def picture_bytes(colour: str = "red") -> bytes:
    """Return a small PNG."""
    data = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(data, "PNG")
    return data.getvalue()


class WordFile:
    """A Word document written as staff write one (Word's own styles)."""

    def __init__(self, title: str | None = None):
        self.document = Document()
        self.notes: list[str] = []
        if title:
            self.document.add_heading(title, 0)

    def heading(self, text: str, level: int = 1) -> WordFile:
        self.document.add_heading(text, level)
        return self

    def paragraph(self, *runs: str | tuple[str, str]):
        """Add a paragraph of runs: text, or (text, "bold" / "italic")."""
        paragraph = self.document.add_paragraph()
        for run in runs:
            text, style = (run, "") if isinstance(run, str) else run
            added = paragraph.add_run(text)
            added.bold, added.italic = style == "bold" or None, style == "italic" or None
        return paragraph

    def items(self, *texts: str, numbered: bool = False, level: int = 0) -> WordFile:
        """Add list items at `level` 0 or 1 of a two-level Word list, as Word numbers them."""
        number = self._numbering(numbered)
        for text in texts:
            paragraph = self.document.add_paragraph(text, style="List Paragraph")
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/>'
                f'<w:numId w:val="{number}"/></w:numPr>'))
        return self

    def _numbering(self, numbered: bool) -> int:
        """Return the id of a two-level numbered or bulleted list, defined once."""
        number = 60 + numbered
        numbering = self.document.part.numbering_part.element
        if numbering.find(f".//{qn('w:num')}[@{qn('w:numId')}='{number}']") is None:
            levels = "".join(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val='
                f'"{"decimal" if numbered else "bullet"}"/><w:lvlText w:val='
                f'"{f"%{level + 1}." if numbered else "•"}"/></w:lvl>' for level in (0, 1))
            numbering.insert(0, parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId='
                                          f'"{number}">{levels}</w:abstractNum>'))
            numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{number}">'
                                       f'<w:abstractNumId w:val="{number}"/></w:num>'))
        return number

    def table(self, rows: list[tuple[str, ...]], header: bool = False) -> WordFile:
        """Add a table; with `header`, its first row repeats as a header row (Word's way)."""
        table = self.document.add_table(rows=len(rows), cols=len(rows[0]))
        for cells, row in zip(rows, table.rows, strict=True):
            for text, cell in zip(cells, row.cells, strict=True):
                cell.text = text
        if header:
            properties = table.rows[0]._tr.get_or_add_trPr()
            properties.append(OxmlElement("w:tblHeader"))
        return self

    def link(self, before: str, text: str, url: str) -> WordFile:
        """Add a paragraph with a hyperlink."""
        paragraph = self.document.add_paragraph(before)
        rel = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        paragraph._p.append(parse_xml(
            f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel}"><w:r><w:t>{text}</w:t></w:r>'
            "</w:hyperlink>"))
        return self

    def picture(self, description: str | None, caption: str = "", colour: str = "red",
                decorative: bool = False) -> WordFile:
        """Add a picture with its Alt Text (none when `description` is None), or marked
        decorative as Word marks it."""
        self.document.add_picture(io.BytesIO(picture_bytes(colour)), width=Inches(1))
        shape = self.document.inline_shapes[-1]._inline.docPr
        if description is not None:
            shape.set("descr", description)
        if decorative:
            shape.append(parse_xml(
                f'<a:extLst {nsdecls("a")}><a:ext uri="{{C183D7F6-B498-43B3-948B-1728B52AA6E4}}">'
                '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
                'decorative" val="1"/></a:ext></a:extLst>'))
        if caption:
            self.document.add_paragraph(caption, style="Caption")
        return self

    def footnote(self, paragraph, note: str) -> WordFile:
        """Add a footnote reference at the end of `paragraph`, and its note."""
        self.notes.append(note)
        run = paragraph.add_run()._r
        run.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="{len(self.notes)}"/>'))
        return self

    def comment(self, paragraph, text: str) -> WordFile:
        """Add a reviewer's comment on `paragraph`."""
        self.document.add_comment(paragraph.runs, text=text, author="Reviewer")
        return self

    def deletion(self, paragraph, text: str) -> WordFile:
        """Add text deleted with Track Changes on to `paragraph`."""
        paragraph._p.append(parse_xml(
            f'<w:del {nsdecls("w")} w:id="90" w:author="Reviewer"><w:r><w:delText '
            f'xml:space="preserve">{text}</w:delText></w:r></w:del>'))
        return self

    def save(self, path: Path) -> Path:
        if self.notes:
            notes = "".join(f'<w:footnote w:id="{n}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
                            "</w:footnote>" for n, text in enumerate(self.notes, start=1))
            part = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                        f'<w:footnotes {nsdecls("w")}>{notes}</w:footnotes>'.encode(),
                        self.document.part.package)
            self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.document.save(str(path))
        return path


NEWS_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Naloxone Saves Lives | City Health News</title>
<script>var tracker = "TRACKERSCRIPT";</script></head>
<body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your experience.
Accept all cookies?</p><button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">Newsroom</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav></header>
<div class="ad advertisement"><p>Buy cheap vitamins today! Sponsored offer.</p></div>
<main><article>
<h1>Naloxone Saves Lives</h1>
<p>Naloxone is a medicine that quickly reverses an opioid overdose. Anyone can carry it, and
pharmacies sell it without a prescription in most states.</p>
<h2>Signs of an overdose</h2>
<p>Watch for these signs in a person who has used opioids, and act <b>quickly</b>:</p>
<ul><li>Small, pinpoint pupils</li><li>Slow or stopped breathing</li>
<li>Blue lips and fingertips</li></ul>
<h2>How to give naloxone</h2>
<ol><li>Call 911 right away.</li><li>Spray one dose in a nostril.</li>
<li>Stay with the person until help arrives.</li></ol>
<p>Read the <a href="https://health.example.org/guides/naloxone">naloxone guide</a> for more
about doses and storage.</p>
{picture}
<table><thead><tr><th>Form</th><th>Dose</th></tr></thead>
<tbody><tr><td>Nasal spray</td><td>4 mg</td></tr><tr><td>Injection</td><td>0.4 mg</td></tr>
</tbody></table>
<p>Naloxone does not work on alcohol or benzodiazepines, but it does no harm if given by
mistake.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Fentanyl test strips
explained</a></li><li><a href="/b">Winter flu season update</a></li></ul></aside>
</main>
<footer><p>Copyright 2026 City Health News. Privacy policy. Terms of service.</p></footer>
</body></html>
"""
# Words only the site's chrome holds: none may reach the article.
CHROME_WORDS = ("cookies", "Newsroom", "Contact us", "vitamins", "Sponsored", "Related stories",
                "Fentanyl", "Winter flu", "Copyright", "Privacy", "TRACKERSCRIPT", "City Health")
PICTURE = ('<figure><img src="page_files/spray.png" alt="A hand holding a naloxone nasal '
           'spray"><figcaption>Nasal naloxone</figcaption></figure>')


def news_page(picture: str = "") -> str:
    """Return a saved news page with its chrome, and `picture` (HTML) in its article."""
    return NEWS_PAGE.replace("{picture}", picture)


@contextmanager
def serve(pages: dict[str, bytes]):
    """Serve `pages` (path -> bytes) from a loopback HTTP server; yield its address. Any
    other path answers 404."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = pages.get(self.path)
            self.send_response(200 if body is not None else 404)
            kind = "image/png" if self.path.endswith(".png") else "text/html; charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):  # quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
