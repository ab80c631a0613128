"""How search engines, link previews and other sites find and show the pages: the canonical
address, the same page in every language (hreflang, with x-default), a description and an Open
Graph card with the language's cover, `/sitemap.xml` and `/robots.txt`.

Every address is absolute and starts with the base URL (hosts.py), so the export's pages name
the export's addresses. Pages that are one visitor's own (saved articles, "no connection", the
not-found page) are marked noindex and left out of the sitemap.
"""

from __future__ import annotations

from collections.abc import Iterator
from xml.etree import ElementTree as ET

from babel import Locale
from flask import Blueprint, current_app, g, request, url_for

from .edition_lists import editions_by_language
from .i18n import format_locale, languages
from .page_cache import cached_page
from .paging import languages_with_page, page_count
from .published import get_published
from .topic_groups import topic_groups

bp = Blueprint("discovery", __name__)
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
for prefix, uri in (("", SITEMAP), ("xhtml", XHTML)):
    ET.register_namespace(prefix, uri)


def cover_url(lang: str | None = None, external: bool = True) -> str | None:
    """Return the URL of a language's cover (the page's), absolute unless `external` is
    False, or None before a build."""
    published = get_published()
    cover = published.manifest.covers.get(lang or g.lang) if published else None
    return url_for("media.audio", name=cover.file, _external=external) if cover else None


def page_url(code: str) -> str:
    """Return the absolute URL of this page in language `code` (a side-by-side page's two
    languages trade places)."""
    values = {**(request.view_args or {}), "lang": code}
    if values.get("other") == code:
        values["other"] = g.lang
    return url_for(request.endpoint, **values, _external=True)


def alternate_links(codes) -> list[tuple[str, str]]:
    """Return (hreflang, URL) of this page in each of `codes`, in the library's order, then
    x-default: the first."""
    order = languages()
    links = [(code, page_url(code)) for code in sorted(codes, key=order.index)]
    return [*links, ("x-default", links[0][1])] if links else []


def og_locale(code: str) -> str:
    """Return a language as Open Graph writes locales ("es_419", "en")."""
    return str(Locale.parse(format_locale(code)))


def page_groups() -> Iterator[dict[str, str]]:
    """Yield each page the sitemap lists, as {language: absolute URL} of its versions."""
    published = get_published()
    if published is None:
        return
    codes, articles = languages(), published.manifest.articles

    def every(endpoint: str, **values) -> dict[str, str]:
        return {code: url_for(endpoint, lang=code, **values, _external=True) for code in codes}

    def pages(endpoint: str, lists: dict[str, list], **values) -> Iterator[dict[str, str]]:
        for number in range(1, max(page_count(len(cards)) for cards in lists.values()) + 1):
            yield {code: url_for(endpoint, lang=code, number=number, **values, _external=True)
                   for code in languages_with_page(lists, number)}

    standard = editions_by_language(standard=True)
    yield from pages("library.index", standard)
    yield every("library.search")
    yield from pages("library.downloads", editions_by_language())
    topics: dict[str, dict[str, list]] = {}
    for code in codes:
        for group in topic_groups(standard[code], code):
            topics.setdefault(group.slug, {})[code] = group.editions
    for slug, lists in topics.items():
        yield from pages("library.topic", lists, topic=slug)
        yield from pages("library.downloads", lists, topic=slug)
    for article in articles:
        has = [code for code in codes if code in article.editions]
        yield {code: url_for("library.article", lang=code, slug=article.slug, _external=True)
               for code in has}
        for number, first in enumerate(has):
            for second in has[number + 1:]:
                yield {code: url_for("library.bilingual", lang=code, slug=article.slug,
                                     other=second if code == first else first, _external=True)
                       for code in (first, second)}


def render_sitemap() -> bytes:
    """Return the sitemap: every page in every language, each with its alternates."""
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for group in page_groups():
        links = [*group.items(), ("x-default", next(iter(group.values())))]
        for url in group.values():
            entry = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
            ET.SubElement(entry, f"{{{SITEMAP}}}loc").text = url
            for hreflang, href in links:
                ET.SubElement(entry, f"{{{XHTML}}}link", rel="alternate", hreflang=hreflang,
                              href=href)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


@bp.get("/sitemap.xml")
@cached_page("application/xml")
def sitemap():
    """Serve the sitemap of every page in every language."""
    return render_sitemap()


@bp.get("/robots.txt")
def robots():
    """Let every crawler in, and name the sitemap."""
    body = f"User-agent: *\nAllow: /\n\nSitemap: {url_for('discovery.sitemap', _external=True)}\n"
    return current_app.response_class(body, mimetype="text/plain")


def init_app(app) -> None:
    """Give templates what the head of every page needs."""
    app.jinja_env.globals.update(alternate_links=alternate_links, cover_url=cover_url,
                                 page_url=page_url,
                                 og_locale=og_locale)
