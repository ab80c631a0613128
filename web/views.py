"""Pages: the language redirect, the library index, the article, the podcast feed, the
downloads, the saved articles and the page shown offline, health."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, g, jsonify, redirect, render_template, url_for
from flask_babel import gettext

from .bilingual import pair_sections
from .edition_lists import (
    editions_by_language,
    get_editions,
    standard_editions,
    topic_in_languages,
)
from .feeds import CHAPTERS_TYPE, render_chapters, render_feed
from .i18n import in_language, language_in_page, languages, negotiate, page_language, remember
from .install import render_app_manifest
from .page_cache import cached_page
from .paging import card_page
from .pipeline.labels import FALLBACK, MACHINE, edition_credits, label_counts
from .pipeline.manifest import Chapter
from .published import get_problem, get_published
from .spoken_glossary import glossary_terms, terms_used
from .topic_groups import topic_groups

site = Blueprint("site", __name__)
bp = Blueprint("library", __name__, url_prefix="/<lang>")


@bp.url_value_preprocessor
def pull_lang(endpoint, values) -> None:
    """Take the language from the URL; an unknown one is a 404."""
    lang = values.pop("lang", None)
    if lang not in languages():
        abort(404)
    g.lang = lang


@bp.url_defaults
def add_lang(endpoint, values) -> None:
    """Keep links in the page's language unless another is asked for."""
    values.setdefault("lang", page_language())


bp.after_request(remember)


@site.get("/")
def home():
    """Send the visitor to the index in their remembered or preferred language."""
    response = redirect(url_for("library.index", lang=negotiate()))
    response.vary.update(("Accept-Language", "Cookie"))
    response.cache_control.private = True
    return response


@site.get("/healthz")
def healthz():
    """Say whether the site serves its library: "ok", or "degraded" and why (200 while the last
    good library is served, naming any published file that is not as the manifest records it;
    503 when there is no library to serve)."""
    published = get_published()
    problem = get_problem()
    damaged = published.damaged() if published else []
    health = {"status": "degraded" if problem or damaged else "ok",
              "built": published is not None,
              "articles": len(published.manifest.articles) if published else 0}
    if problem:
        health["problem"] = problem
    if damaged:  # not served (503) until a build makes them again
        health["damaged"] = damaged
    return jsonify(health), 503 if problem and published is None else 200


@bp.app_context_processor
def glossary_link() -> dict:
    """Give every page the address of the glossary in its language (None when there is none)."""
    def glossary_url():
        found = glossary_of_page() if getattr(g, "lang", None) else None
        return url_for("library.article", slug=found[0].slug) if found else None

    return {"glossary_url": glossary_url}


def glossary_of_page():
    """Return (article, edition with its text) of the library's glossary in the page's
    language, or None."""
    published = get_published()
    glossary = published.manifest.glossary if published else None
    return (glossary, published.edition(glossary, g.lang)) \
        if glossary and g.lang in glossary.editions else None


def other_edition(entry) -> tuple[str, str] | None:
    """Return (slug, kind) of the other edition of an article in the page's language: its
    easy read ("easy_read"), or the article an easy read retells ("standard")."""
    published = get_published()
    if entry.easy_read_of:
        other, kind = published.manifest.article(entry.easy_read_of), "standard"
    else:
        other, kind = published.manifest.easy_read_for(entry.slug), "easy_read"
    return (other.slug, kind) if other and g.lang in other.editions else None


def get_edition(slug: str):
    """Return (article, edition with its text) for `slug` in the page's language, or abort
    with 404."""
    published = get_published()
    entry = published.manifest.article(slug) if published else None
    if entry is None or g.lang not in entry.editions:
        abort(404)
    return entry, published.edition(entry, g.lang)


@bp.get("/", defaults={"number": 1})
@bp.get("/page/<int:number>/")  # /page/1/ is sent to the index ("/") by the router
@cached_page("text/html")
def index(number: int):
    """List the articles, a page of cards at a time, with the topics as filters."""
    published = get_published()
    editions, easy = standard_editions()
    page = card_page(editions_by_language(standard=True), g.lang, number)
    return render_template("index.html", page=page, built=published is not None,
                           topics=topic_groups(editions, g.lang), easy_reads=easy)


@bp.get("/topics/<topic>/", defaults={"number": 1})
@bp.get("/topics/<topic>/page/<int:number>/")
@cached_page("text/html")
def topic(topic: str, number: int):
    """List the articles of one topic, a page of cards at a time, with the other topics as
    filters."""
    editions, easy = standard_editions()
    groups = topic_groups(editions, g.lang)
    found = topic_in_languages(topic)
    page = card_page({code: group.editions for code, group in found.items()}, g.lang, number)
    group = found[g.lang]
    return render_template("topic.html", topic=group, topics=groups, easy_reads=easy, page=page)


@bp.get("/search/")
@cached_page("text/html")
def search():
    """Offer full-text search of the page's language (the browser queries the index)."""
    published = get_published()
    index = published.manifest.search if published else None
    return render_template("search.html", index=index)


@bp.get("/<slug>/")
@cached_page("text/html")
def article(slug: str):
    """Show an article: its player, chapters, transcript, downloads, notices and credits."""
    entry, edition = get_edition(slug)
    labels = label_counts(edition)
    glossary = glossary_of_page()
    terms = [] if entry.glossary or glossary is None else \
        terms_used(edition, glossary_terms(glossary[1]))
    return render_template(
        "article.html", article=entry, edition=edition, terms=terms,
        glossary=glossary[0] if glossary else None,
        drafted=labels[MACHINE], untranslated=labels[FALLBACK], credits=edition_credits(edition),
        offsets={c.section: c.start_ms for c in edition.chapters},
        alternates=[code for code in languages() if code in entry.editions],
        other_edition=other_edition(entry), **edition_files(slug),
    )


def edition_files(slug: str) -> dict:
    """Return the talking book and the offline download of `slug` in the page's language, each
    None where there is none."""
    manifest = get_published().manifest
    return {"book": manifest.books.get(slug, {}).get(g.lang),
            "download": manifest.downloads.get(slug, {}).get(g.lang)}


def listen_in(code: str) -> str:
    """Return "Listen in English", "Escuchar en español": the switch to a voice, in its words."""
    with in_language(code):
        return gettext("Listen in %(language)s", language=language_in_page(code))


@bp.get("/<slug>/with/<other>/")
@cached_page("text/html")
def bilingual(slug: str, other: str):
    """Show an article in the page's language beside another, block by block, with one player
    that speaks either."""
    entry, edition = get_edition(slug)
    if other not in entry.editions or other == g.lang:
        abort(404)
    twin = get_published().edition(entry, other)
    return render_template(
        "bilingual.html", article=entry, edition=edition, twin=twin,
        sections=pair_sections(edition, twin), voices=(edition, twin),
        switch={code: listen_in(code) for code in (g.lang, other)},
        alternates=[code for code in languages() if code in entry.editions],
        **edition_files(slug),
    )


@bp.get("/feed.xml")
@cached_page("application/rss+xml")
def feed():
    """Serve the podcast feed of the page's language."""
    published = get_published()
    return render_feed((a, published.edition(a, g.lang))  # each article's text read in turn
                       for a, _ in get_editions() if not a.glossary)  # articles only


@bp.get("/downloads/", defaults={"number": 1})
@bp.get("/downloads/page/<int:number>/")
@bp.get("/topics/<topic>/downloads/", defaults={"number": 1})
@bp.get("/topics/<topic>/downloads/page/<int:number>/")
@cached_page("text/html")
def downloads(number: int, topic: str | None = None):
    """List the articles of the page's language (or of one topic), a page at a time, each with
    its download for offline listening (one file per article) and its talking book, each with
    its size."""
    found = topic_in_languages(topic) if topic else {}
    page = card_page({code: group.editions for code, group in found.items()} if topic
                     else editions_by_language(), g.lang, number)
    return render_template("downloads.html", built=get_published() is not None, page=replace(
        page, cards=tuple((a, e, edition_files(a.slug)) for a, e in page.cards)),
        topic=found.get(g.lang))


@bp.get("/<slug>/chapters.json")
@cached_page(CHAPTERS_TYPE)
def chapters(slug: str):
    """Serve the whole-article track's chapters (its sections) for podcast apps."""
    _entry, edition = get_edition(slug)
    return render_chapters(edition.title, edition.chapters)


@bp.get("/<slug>/chapters/<section>.json")
@cached_page(CHAPTERS_TYPE)
def section_chapters(slug: str, section: str):
    """Serve a section track's one chapter, for podcast apps."""
    _entry, edition = get_edition(slug)
    found = next((s for s in edition.sections if s.id == section), None)
    if found is None:
        abort(404)
    title = f"{edition.title}: {found.title}"
    return render_chapters(title, [Chapter(found.id, title, 0, found.track.duration_ms)])


@bp.get("/manifest.webmanifest")
@cached_page("application/manifest+json")
def app_manifest():
    """Serve the web app manifest of the page's language (the site installed as an app)."""
    return render_app_manifest(g.lang)


@bp.get("/saved/")
@cached_page("text/html")
def saved():
    """List the articles saved on this device (the browser fills the list in)."""
    return render_template("saved.html")


@bp.get("/offline/")
@cached_page("text/html")
def unavailable():
    """Say that a page is not saved; the service worker shows it when there is no connection."""
    return render_template("unavailable.html")
