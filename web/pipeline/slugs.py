"""Slugs: lowercase ASCII words joined by hyphens, as article file names, section ids, topic
names and download names are written; which names an article may have."""

from __future__ import annotations

import re
import unicodedata

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# The site's own pages under /<lang>/: an article of one of these names could not be reached.
SITE_PAGES = ("downloads", "feed", "offline", "saved", "search", "topics")


def slugify(text: str, max_length: int = 40) -> str:
    """Return a lowercase ASCII slug of `text`, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower().replace("'", ""))  # "don't": "dont"
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            break
        slug = candidate
    return slug


def slug_problem(slug: str) -> str | None:
    """Return why `slug` cannot name an article (a path, other characters, a name the site's
    own pages use) and what to do, or None."""
    if not SLUG.fullmatch(slug):
        suggestion = slugify(slug.replace("/", " ").replace(".", " "), max_length=60)
        return (f"an article's name is lowercase letters, digits and single hyphens, never a "
                f"path{f' (such as {suggestion})' if suggestion else ''}")
    if slug in SITE_PAGES:
        return (f"the site's own /{slug}/ page has this name, so the article could not be "
                f"reached. Choose another name (such as {slug}-guide)")
    return None
