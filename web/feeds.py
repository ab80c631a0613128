"""The podcast feed of one language: RSS 2.0 with iTunes tags, an item per section and article.

An item's title carries the labels of its titles, and its description those of everything the
item says (a machine draft, English shown in place of a translation), as the page does.
Titles are plain text; an item's description is HTML (RSS 2.0, and what podcast apps show), so
its text is escaped as HTML inside a paragraph: "<script>" in an article is shown, never run or
dropped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from flask import current_app, g, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from .i18n import library_name, page_labels, section_heading
from .pipeline.transcript import heading_of

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
for prefix, uri in (("itunes", ITUNES), ("podcast", PODCAST), ("atom", ATOM)):
    ET.register_namespace(prefix, uri)


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs) -> ET.Element:
    element = ET.SubElement(parent, tag, {k.rstrip("_"): str(v) for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _published(track) -> str:
    """Return when a track was made (its file's time: names change when content does)."""
    path = Path(current_app.config["AUDIO_DIR"]) / track.file
    try:
        moment = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        moment = datetime.now(UTC)
    return format_datetime(moment, usegmt=True)


def _item(channel, title, description, link, guid, track) -> None:
    item = _add(channel, "item")
    _add(item, "title", title)
    _add(item, "description", str(Markup("<p>{}</p>").format(description)) if description else "")
    _add(item, "link", link)
    _add(item, "guid", guid, isPermaLink="false")
    _add(item, "pubDate", _published(track))
    _add(item, "enclosure", url=url_for("media.audio", name=track.file, _external=True),
         length=track.bytes, type="audio/mpeg")
    _add(item, f"{{{ITUNES}}}duration", str(round(track.duration_ms / 1000)))
    _add(item, f"{{{ITUNES}}}episodeType", "full")
    _add(item, f"{{{PODCAST}}}transcript", url=url_for("media.audio", name=track.vtt,
                                                        _external=True), type="text/vtt")


def render_feed(editions) -> bytes:
    """Return the RSS document for (article, edition) pairs of the page's language."""
    rss = ET.Element("rss", version="2.0")
    channel = _add(rss, "channel")
    name = library_name()
    _add(channel, "title", name)
    _add(channel, "link", url_for("library.index", _external=True))
    _add(channel, "description", _("Health articles you can listen to and read."))
    _add(channel, "language", g.lang)
    _add(channel, f"{{{ATOM}}}link", href=url_for("library.feed", _external=True), rel="self",
         type="application/rss+xml")
    _add(channel, f"{{{ITUNES}}}author", name)
    _add(channel, f"{{{ITUNES}}}summary", _("Health articles you can listen to and read."))
    _add(channel, f"{{{ITUNES}}}category", text="Health & Fitness")
    _add(channel, f"{{{ITUNES}}}explicit", "false")
    _add(channel, f"{{{ITUNES}}}type", "episodic")
    labels = page_labels()
    for article, edition in editions:
        page = url_for("library.article", slug=article.slug, _external=True)
        title = edition.title_block
        spoken = [b for s in edition.sections for b in s.blocks]
        _item(channel, labels.labelled(edition.title, [title]),
              labels.labelled(edition.summary, [edition.summary_block, *spoken]), page,
              f"{article.slug}/{g.lang}", edition.track)
        for section in edition.sections:
            heading, _language = section_heading(section)
            text = " ".join(b.text for b in section.blocks if b.kind != "heading")
            headings = [b for b in [heading_of(section)] if b]
            _item(channel, labels.labelled(f"{edition.title}: {heading}", [title, *headings]),
                  labels.labelled(text, section.blocks),
                  f"{page}#{section.id}", f"{article.slug}/{g.lang}/{section.id}", section.track)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)
