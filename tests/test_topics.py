"""Topics: listed in an article's front matter, checked on their line, named per language, and
shown on the index (grouped) and on a page per topic, in English and Spanish."""

from __future__ import annotations

import re

import pytest

from web.pipeline.settings import load_settings
from web.pipeline.topics import topic_names
from web.pipeline.translation.catalogs import read_articles

SLUG = "heroin-and-the-brain"


def set_topics(project, line: str) -> None:
    """Replace the seed article's topics line (line 5 of its front matter)."""
    path = project / "library" / f"{SLUG}.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^topics:.*$", line, text, count=1), encoding="utf-8")


@pytest.mark.parametrize("line, message", [
    ("topics: opioids", 'library/heroin-and-the-brain.md:5: topics must be a list of topic '
     'names, not the text "opioids". Write, for example, topics: [opioids, addiction].'),
    ("topics: [opioids, Brain Health]", 'library/heroin-and-the-brain.md:5: the text '
     '"Brain Health" is not a topic name. Write it in lower-case letters, digits and hyphens, '
     'such as brain-health.'),
    ("topics:\n  - opioids\n  - 12", "library/heroin-and-the-brain.md:7: the int 12 is not a "
     "topic name. Write it in lower-case letters, digits and hyphens, such as 12."),
    ("topics: [opiods]", "library/heroin-and-the-brain.md:5: the topic opiods has no name in "
     "locales/en/topics.csv. Did you mean opioids? Fix the topic, or add the row "
     "opiods,<its name>."),
])
def test_a_wrong_topic_is_refused_on_its_line(staff, line, message):
    set_topics(staff.root, line)
    result = staff.run("build", "--dry-run", "--engine", "silent", expect=1)
    assert result.output == f"Error: {message}\n"


def test_a_topic_not_named_in_a_language_shows_the_source_name(project):
    topics = project / "locales" / "es" / "topics.csv"
    topics.write_text("topic,name\nopioids,Opioides\n", encoding="utf-8")
    settings = load_settings(project)
    names = topic_names(settings, read_articles(settings), ("en", "es"))
    assert names["es"] == {"addiction": {"name": "Addiction", "language": "en"},
                           "brain-health": {"name": "Brain health", "language": "en"},
                           "opioids": {"name": "Opioides", "language": "es"}}


def headings(html: str, level: int) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>",
                                                           html)]


@pytest.mark.parametrize("lang, topics, link, title", [
    ("en", ["Continue listening", "Topics", "All articles"],
     '<a href="/en/topics/opioids/"><span>Opioids</span> (1 article)</a>',
     "How Heroin Affects the Brain"),
    ("es", ["Seguir escuchando", "Temas", "Todos los artículos"],
     '<a href="/es/topics/opioids/"><span>Opioides</span> (1 artículo)</a>',
     "Cómo afecta la heroína al cerebro"),
])
def test_the_index_lists_each_article_once_with_its_topics_as_filters(client, lang, topics,
                                                                      link, title):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    assert headings(html, 2) == topics  # what was begun, the topics, then every article
    assert headings(html, 3) == [title]  # the article once, though it has three topics
    assert link in html


@pytest.mark.parametrize("lang, name, title", [
    ("en", "Opioids", "How Heroin Affects the Brain"),
    ("es", "Opioides", "Cómo afecta la heroína al cerebro"),
])
def test_a_topic_has_its_own_page(client, lang, name, title):
    html = client.get(f"/{lang}/topics/opioids/").get_data(as_text=True)
    assert headings(html, 1) == [name]
    assert headings(html, 3) == [title]
    assert f"<title>{name} · " in html
    assert client.get(f"/{lang}/topics/no-such-topic/").status_code == 404


def test_a_library_without_topics_lists_its_articles_as_before(tiny_root, support):
    client = support.make_app(tiny_root).test_client()
    html = client.get("/en/").get_data(as_text=True)
    assert headings(html, 2) == ["Continue listening", "All articles"]
    assert headings(html, 3) == ["Tiny &lt;b&gt;bold&lt;/b&gt;"]
    assert "/en/topics/" not in html
    search = client.get("/en/search/").get_data(as_text=True)
    assert "Search is not available yet. Please come back later." in search
