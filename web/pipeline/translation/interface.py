"""The website's own words that the pipeline publishes too, from the interface catalog.

The section before an article's first heading has no heading of its own: the page and the
whole-article track's chapters both call it by the interface's word for "Introduction".
"""

from __future__ import annotations

from ..settings import Settings
from .catalogs import UI_DOMAIN
from .pofiles import read_catalog

INTRODUCTION = "Introduction"  # extracted into messages.pot from web/i18n.py's N_ marker


def interface_text(settings: Settings, language: str, text: str) -> str:
    """Return `text` as the interface translates it in `language` (English when it does not)."""
    path = settings.catalog_path(language, UI_DOMAIN)
    if language == settings.source_language or not path.exists():
        return text
    message = read_catalog(path, settings, language).get(text)
    return message.string if message and message.string and not message.fuzzy else text
