"""A web page's article as HTML: its main content found by trafilatura (readability-lxml when
trafilatura finds none), without the site's navigation, header, footer, asides, adverts,
cookie banners, related links and scripts; its title; its pictures read from the saved page's
folder or fetched from the site; and a count of the site chrome left out.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from .errors import SourceError
from .page_fetch import fetch
from .picture_files import MAX_BYTES, picture_name

MISSING_ALT = ("Save the page, add a description to that picture's <img> tag (alt=\"what it "
               "shows\", or alt=\"\" if it only decorates), and import the saved file.")
# Trafilatura's XML elements as the HTML tags html_markdown.py reads.
_TAGS = {"item": "li", "row": "tr", "graphic": "img", "lb": "br", "quote": "blockquote",
         "main": "div", "doc": "div", "del": "span"}
_EMPHASIS = {"#b": "strong", "#i": "em", "#t": "code"}
_COOKIES = ("//*[contains(@id, 'cookie') or contains(@class, 'cookie') or contains(@id, "
            "'consent') or contains(@class, 'consent')]")
# The chrome counted in the report: (what staff call it, XPath in the saved page).
_CHROME = (
    ("navigation", "//nav | //*[@role='navigation']"),
    ("page header", "//body//header"),
    ("footer", "//footer | //*[@role='contentinfo']"),
    ("aside", "//aside | //*[@role='complementary']"),
    ("cookie banner", _COOKIES),
    ("advert", "//*[contains(concat(' ', @class, ' '), ' ad ') or contains(@class, 'advert') "
               "or contains(@class, 'sponsor')]"),
    ("related links", "//*[contains(@class, 'related') or contains(@id, 'related')]"),
    ("script", "//script"),
)


@dataclass
class WebPage:
    """A page's article as HTML, its title, its site's name and its pictures by library name."""

    html: str
    title: str
    site: str
    pictures: dict[str, bytes] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    base: str = ""  # the page's address, or its saved file's folder

    def resolve_picture(self, src: str, number: int, near: str) -> str:
        """Return the library name of picture `number`, read from the page's folder or site."""
        label = f"{self.base}: picture {number} ({near})"
        data = _picture_bytes(src, self.base, label)
        name = picture_name(data, label)
        self.pictures[name] = data
        return name


def _picture_bytes(src: str, base: str, label: str) -> bytes:
    if src.startswith("data:"):
        try:
            return base64.b64decode(src.split(",", 1)[1], validate=False)
        except (IndexError, binascii.Error):
            raise SourceError(f"{label}: the picture's data cannot be read.") from None
    if urlsplit(base).scheme in ("http", "https"):
        return fetch(urljoin(base, src), MAX_BYTES, "the picture")
    if urlsplit(src).scheme in ("http", "https"):
        return fetch(src, MAX_BYTES, "the picture")
    path = Path(base).parent / unquote(urlsplit(src).path)
    try:
        return path.read_bytes()
    except OSError:
        raise SourceError(f"{label}: its file {src} is not beside the saved page. Save the page "
                          "as 'Web Page, complete' (which keeps its pictures in a folder beside "
                          "it) and import it again.") from None


def _as_html(body) -> str:
    """Return trafilatura's XML body with HTML tags, so one converter reads every source."""
    for element in body.iter():
        tag, rend = element.tag, element.get("rend") or ""
        if tag == "head":
            element.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h3"
        elif tag == "list":
            element.tag = "ol" if rend == "ol" else "ul"
        elif tag == "hi":
            element.tag = _EMPHASIS.get(rend, "span")
        elif tag == "cell":
            element.tag = "th" if element.get("role") == "head" else "td"
        elif tag == "ref":
            element.tag, element.attrib["href"] = "a", element.get("target", "")
        elif tag in _TAGS:
            element.tag = _TAGS[tag]
    return etree.tostring(body, encoding="unicode")


def _captions(page, html: str) -> str:
    """Give back the captions (<figcaption>) trafilatura leaves out, as <figure>s."""
    tree = lxml_html.fragment_fromstring(html, create_parent="div")
    for image in tree.iter("img"):
        src = image.get("src") or ""
        caption = page.xpath("//figure[.//img[@src=$src]]//figcaption", src=src)
        if src and caption:
            figure = lxml_html.Element("figure")
            image.addprevious(figure)
            figure.append(image)
            text = lxml_html.Element("figcaption")
            text.text = " ".join(caption[0].text_content().split())
            figure.append(text)
    return etree.tostring(tree, encoding="unicode")


def _chrome(page, kept_words: int) -> list[str]:
    """Return what the page had around its article that the import leaves out."""
    found = [f"{what} ({len(page.xpath(path))})" for what, path in _CHROME if page.xpath(path)]
    for element in page.xpath("//script | //style | //noscript"):
        element.drop_tree()
    body = page.find("body")
    words = len((body if body is not None else page).text_content().split()) - kept_words
    if not found and words <= 0:
        return []
    words = max(words, 0)
    return [f"site chrome: {', '.join(found) or 'text outside the article'}; about "
            f"{words} word{'s' * (words != 1)} in all"]


def _baseline(body) -> bool:
    """Tell whether trafilatura gave its baseline: on a page too small for its analysis, one
    paragraph of lines, headings run into the text."""
    return len(body) == 1 and body[0].tag == "p" and "\n" in (body[0].text or "")


def _words(html: str) -> int:
    return len(lxml_html.fragment_fromstring(html, create_parent="div").text_content().split())


def _article(data: bytes, page, base: str) -> tuple[str, str, str]:
    """Return the article's HTML, its title and its site's name: trafilatura's; else
    readability-lxml's; else, when readability keeps fewer words than trafilatura's baseline
    (a page too small for their analysis), the page without its chrome."""
    found = trafilatura.bare_extraction(
        data, url=base if "://" in base else None, with_metadata=True, include_comments=False,
        include_tables=True, include_images=True, include_formatting=True,
        include_links=True, prune_xpath=[_COOKIES])
    body = found.body if found is not None else None
    words = len(" ".join(body.itertext()).split()) if body is not None else 0
    if words and not _baseline(body):
        return _captions(page, _as_html(body)), found.title or "", found.sitename or ""
    from readability import Document  # the fallback: imported only when it is needed

    document = Document(data)
    html = document.summary(html_partial=True)
    if words and _words(html) < words:
        html = _without_chrome(page)
    return html, document.short_title(), ""


def _without_chrome(page) -> str:
    """Return the page's <main> (or <article>, or <body>) without the site's chrome."""
    copy = lxml_html.document_fromstring(etree.tostring(page))
    for _, path in _CHROME:
        for element in copy.xpath(path):
            element.drop_tree()
    found = copy.xpath("//main") or copy.xpath("//article") or copy.xpath("//body") or [copy]
    return etree.tostring(found[0], encoding="unicode")


def read_web_page(data: bytes, label: str, base: str) -> WebPage:
    """Return the article a page holds; refuse a page with no article text in it."""
    try:
        page = lxml_html.document_fromstring(data)
    except (etree.ParserError, ValueError):
        raise SourceError(f"{label}: is not a web page that can be read. Open it in a "
                          "browser, copy the article's text into a .txt file and import that."
                          ) from None
    html, title, site = _article(data, page, base)
    article = lxml_html.fragment_fromstring(html, create_parent="div")
    kept = len(article.text_content().split())
    if not kept:
        raise SourceError(f"{label}: no article text was found in the page. Open it in a "
                          "browser, copy the article's text into a .txt file and import that.")
    heading = page.xpath("//h1")
    title = " ".join((heading[0].text_content() if heading else title or
                      page.findtext(".//title") or "").split())
    return WebPage(html, title, site, dropped=_chrome(page, kept), base=base)
