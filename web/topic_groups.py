"""Topics as the site shows them: each with its name in the page's language and its articles."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .published import get_published


@dataclass(frozen=True)
class TopicGroup:
    """A topic, what it is called on this page (and in which language), and its articles."""

    slug: str
    name: str
    language: str
    editions: tuple  # (article, edition) pairs, in the library's order


def topic_groups(editions: list, lang: str) -> list[TopicGroup]:
    """Return the topics of `editions` in language `lang`, sorted by name as a reader would."""
    published = get_published()
    names = published.manifest.topics.get(lang, {}) if published else {}
    groups = [TopicGroup(slug, entry["name"], entry["language"],
                         tuple((a, e) for a, e in editions if slug in a.topics))
              for slug, entry in names.items()]
    return sorted((g for g in groups if g.editions), key=lambda g: _sort_key(g.name))


def _sort_key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))
