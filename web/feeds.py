"""The podcast feed of one language: RSS 2.0 with the tags Apple Podcasts and Spotify read and
Podcasting 2.0's (a transcript and chapters per item, the feed's guid and lock), an item per
section and article; and each track's chapters as JSON (Podcasting 2.0 chapters, 1.2.0).

An item's title carries the labels of its titles, and its description those of everything the
item says (a machine draft, English shown in place of a translation), as the page does.
Titles are plain text; an item's description is HTML (RSS 2.0, and what podcast apps show), so
its text is escaped as HTML inside a paragraph: "<script>" in an article is shown, never run or
dropped. An article's item also says where the article comes from and who reviewed it, as
its page's "About this article" does.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from flask import current_app, g, render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from .discovery import cover_url
from .i18n import library_name, page_labels, section_heading
from .pipeline.labels import edition_credits
from .pipeline.transcript import heading_of
from .pipeline.translation.interface import TAGLINE

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
# Podcasting 2.0's namespace for podcast:guid, a UUIDv5 of the feed's URL without its scheme.
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
CHAPTERS_TYPE = "application/json+chapters"
CHAPTERS_VERSION = "1.2.0"
CATEGORY = "Health & Fitness"  # Apple's category, in English whatever the feed's language
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


def feed_guid(feed_url: str) -> str:
    """Return the podcast:guid of a feed: UUIDv5 of its URL, scheme and final slashes off."""
    return str(uuid.uuid5(GUID_NAMESPACE, feed_url.split("://", 1)[-1].rstrip("/")))


def render_chapters(title: str, chapters) -> bytes:
    """Return a track's chapters as Podcasting 2.0 JSON chapters: start and end in seconds."""
    return json.dumps({"version": CHAPTERS_VERSION, "title": title, "chapters": [
        {"startTime": c.start_ms / 1000, "endTime": c.end_ms / 1000, "title": c.title}
        for c in chapters]}, ensure_ascii=False, indent=1).encode("utf-8")


def _item(channel, title, description, link, guid, track, chapters: str,
          about: str = "") -> None:
    item = _add(channel, "item")
    _add(item, "title", title)
    _add(item, "description", (str(Markup("<p>{}</p>").format(description)) if description
                               else "") + about)
    _add(item, "link", link)
    _add(item, "guid", guid, isPermaLink="false")
    _add(item, "pubDate", _published(track))
    _add(item, "enclosure", url=url_for("media.audio", name=track.file, _external=True),
         length=track.bytes, type="audio/mpeg")
    _add(item, f"{{{ITUNES}}}duration", str(round(track.duration_ms / 1000)))
    _add(item, f"{{{ITUNES}}}episodeType", "full")
    _add(item, f"{{{PODCAST}}}transcript", url=url_for("media.audio", name=track.vtt,
                                                        _external=True), type="text/vtt",
         language=g.lang)
    _add(item, f"{{{PODCAST}}}chapters", url=chapters, type=CHAPTERS_TYPE)


def _owner(channel, name: str) -> None:
    """Say who owns the feed: the library, at its contact address (library.toml's [site])."""
    email = current_app.config.get("CONTACT")
    owner = _add(channel, f"{{{ITUNES}}}owner")
    _add(owner, f"{{{ITUNES}}}name", name)
    if email:
        _add(owner, f"{{{ITUNES}}}email", email)
    # Locked: no other podcast host may take the feed over; its owner may unlock it.
    _add(channel, f"{{{PODCAST}}}locked", "yes", **({"owner": email} if email else {}))


def render_feed(editions) -> bytes:
    """Return the RSS document for (article, edition) pairs of the page's language."""
    rss = ET.Element("rss", version="2.0")
    channel = _add(rss, "channel")
    name, home, feed = library_name(), url_for("library.index", _external=True), \
        url_for("library.feed", _external=True)
    _add(channel, "title", name)
    _add(channel, "link", home)
    _add(channel, "description", _(TAGLINE))
    _add(channel, "language", g.lang)
    cover = cover_url()
    if cover:
        image = _add(channel, "image")
        for tag, value in (("url", cover), ("title", name), ("link", home)):
            _add(image, tag, value)
    _add(channel, f"{{{ATOM}}}link", href=feed, rel="self", type="application/rss+xml")
    _add(channel, f"{{{ITUNES}}}author", name)
    _add(channel, f"{{{ITUNES}}}summary", _(TAGLINE))
    if cover:
        _add(channel, f"{{{ITUNES}}}image", href=cover)
    _add(channel, f"{{{ITUNES}}}category", text_=CATEGORY)
    _add(channel, f"{{{ITUNES}}}explicit", "false")
    _add(channel, f"{{{ITUNES}}}type", "episodic")
    _owner(channel, name)
    _add(channel, f"{{{PODCAST}}}guid", feed_guid(feed))
    labels = page_labels()
    for article, edition in editions:
        page = url_for("library.article", slug=article.slug, _external=True)
        title = edition.title_block
        spoken = [b for s in edition.sections for b in s.blocks]
        _item(channel, labels.labelled(edition.title, [title]),
              labels.labelled(edition.summary, [edition.summary_block, *spoken]), page,
              f"{article.slug}/{g.lang}", edition.track,
              url_for("library.chapters", slug=article.slug, _external=True),
              # where it comes from and who reviewed it, as its page says
              re.sub(r">\s+<", ">\n<", render_template("_provenance.html", article=article,
                                                       credits=edition_credits(edition)).strip()))
        for section in edition.sections:
            heading, _language = section_heading(section)
            text = " ".join(b.text for b in section.blocks if b.kind != "heading")
            headings = [b for b in [heading_of(section)] if b]
            _item(channel, labels.labelled(f"{edition.title}: {heading}", [title, *headings]),
                  labels.labelled(text, section.blocks),
                  f"{page}#{section.id}", f"{article.slug}/{g.lang}/{section.id}", section.track,
                  url_for("library.section_chapters", slug=article.slug, section=section.id,
                          _external=True))
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)
