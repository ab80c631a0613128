"""Slugs: lowercase ASCII words joined by hyphens, as article file names, section ids, topic
names and download names are written."""

from __future__ import annotations

import re
import unicodedata


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
