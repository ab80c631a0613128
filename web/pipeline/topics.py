"""Topics: the names an article's front matter lists (`topics: [opioids, addiction]`), and what
each is called in each language (locales/<lang>/topics.csv, columns `topic,name`).

A topic is a slug, the same in every language; only its name is translated. The source
language's file must name every topic an article uses, so a mistyped topic is caught on its line;
a language that does not name a topic yet shows the source language's name, marked as such.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterable

import yaml

from .errors import SourceError
from .front_matter import describe, node_line, value_node
from .settings import Settings
from .slugs import slugify
from .textfiles import decode_text

TOPICS_NAME = "topics.csv"
TOPIC = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
EXAMPLE = "topics: [opioids, addiction]"


def read_topics(meta: dict, front_matter: str, label: str) -> tuple[tuple[str, ...], int]:
    """Return an article's topics and the line they are on; raise SourceError with the line of
    a value that is not a list of topic names."""
    if meta.get("topics") is None:
        return (), 0
    node = value_node(front_matter, "topics")
    line = node_line(node)
    value = meta["topics"]
    if not isinstance(value, list):
        raise SourceError(f"{label}:{line}: topics must be a list of topic names, not "
                          f"{describe(value)}. Write, for example, {EXAMPLE}.")
    items = node.value if isinstance(node, yaml.SequenceNode) else []
    topics: list[str] = []
    for index, topic in enumerate(value):
        where = node_line(items[index]) if index < len(items) else line
        if not isinstance(topic, str) or not TOPIC.fullmatch(topic):
            raise SourceError(f"{label}:{where}: {describe(topic)} is not a topic name. Write "
                              f"it in lower-case letters, digits and hyphens, such as "
                              f"{slugify(str(topic)) or 'opioids'}.")
        if topic not in topics:
            topics.append(topic)
    return tuple(topics), line


def read_topic_names(settings: Settings, language: str) -> dict[str, str]:
    """Return topic -> name from locales/<language>/topics.csv ({} when there is none)."""
    path = settings.locales_dir / language / TOPICS_NAME
    if not path.exists():
        return {}
    label = settings.relative(path)
    names = {}
    text = decode_text(path.read_bytes(), label)
    for line, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        cells = [cell.strip() for cell in row]
        if not any(cells) or (line == 1 and cells[:2] == ["topic", "name"]):
            continue
        if len(cells) < 2 or not cells[0] or not cells[1]:
            raise SourceError(f"{label}:{line}: a row needs a topic and its name, such as "
                              "opioids,Opioids. Fill in both cells or delete the row.")
        names[cells[0]] = cells[1]
    return names


def check_topics(settings: Settings, articles: Iterable) -> dict[str, str]:
    """Return the source language's topic names; raise SourceError on the line of a topic that
    they do not name."""
    source = settings.source_language
    known = read_topic_names(settings, source)
    for article in articles:
        for topic in article.topics:
            if topic not in known:
                close = difflib.get_close_matches(topic, known, n=1)
                hint = f"Did you mean {close[0]}? " if close else ""
                raise SourceError(
                    f"{settings.relative(article.path)}:{article.topics_line}: the topic "
                    f"{topic} has no name in locales/{source}/{TOPICS_NAME}. {hint}Fix the "
                    f"topic, or add the row {topic},<its name>.")
    return known


def topic_names(settings: Settings, articles: Iterable, languages: Iterable[str]) -> dict:
    """Return, per language, {topic: {"name": ..., "language": ...}} for the topics `articles`
    use (see check_topics); a language that does not name one gets the source name."""
    articles = list(articles)
    source = settings.source_language
    known = check_topics(settings, articles)
    used = sorted({topic for article in articles for topic in article.topics})
    names = {}
    for code in languages:
        own = known if code == source else read_topic_names(settings, code)
        names[code] = {topic: {"name": own[topic], "language": code} if topic in own
                       else {"name": known[topic], "language": source} for topic in used}
    return names

