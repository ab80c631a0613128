"""The articles a page lists in a language: every edition (the downloads), the standard ones
(the index) or one topic's, each as (article, edition), for one language or for each of them."""

from __future__ import annotations

from flask import g

from .i18n import languages
from .published import get_published
from .topic_groups import TopicGroup, topic_groups


def get_editions(lang: str | None = None) -> list:
    """Return (article, edition) for each article published in `lang` (the page's language)."""
    published, lang = get_published(), lang or g.lang
    if published is None:
        return []
    return [(a, a.editions[lang]) for a in published.manifest.articles if lang in a.editions]


def standard_editions(lang: str | None = None) -> tuple[list, dict]:
    """Return (article, edition) for each article in `lang` (the page's language) that is
    neither an easy read nor the glossary (the index and topics list those), and, by slug, the
    easy read each has in that language."""
    editions = get_editions(lang)
    easy = {a.easy_read_of: a.slug for a, _ in editions if a.easy_read_of}
    return [(a, e) for a, e in editions if not (a.easy_read_of or a.glossary)], easy


def editions_by_language(standard: bool = False) -> dict[str, list]:
    """Return, for each language of the library, the (article, edition) list of get_editions,
    or of standard_editions when `standard`: a list's pages in every language (paging.py)."""
    return {code: standard_editions(code)[0] if standard else get_editions(code)
            for code in languages()}


def topic_in_languages(topic: str) -> dict[str, TopicGroup]:
    """Return one topic's group of standard editions in each language that has it (a topic
    page's, or its downloads', pages in every language)."""
    return {code: group for code in languages()
            for group in topic_groups(standard_editions(code)[0], code) if group.slug == topic}
