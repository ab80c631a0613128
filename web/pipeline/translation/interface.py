"""The website's own words that the pipeline publishes too, from the interface catalog.

The section before an article's first heading has no heading of its own: the page and the
whole-article track's chapters both call it by the interface's word for "Introduction". Tracks,
playlists and transcripts carry the library's name and the labels of unreviewed text in their
edition's language, in the words the pages use (babel.cfg extracts this module's N_ marks).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ..article_files import UI_DOMAIN
from ..artwork import Cover
from ..languages import is_right_to_left
from ..settings import Settings
from .pofiles import read_catalog


def N_(text: str) -> str:
    """Mark `text` for the interface catalog; return it unchanged."""
    return text


INTRODUCTION = N_("Introduction")
PICTURE = N_("Picture")  # said before a picture's description: "Picture: a hand holding…"
TAGLINE = N_("Health articles you can listen to and read.")  # the feed's and cover's line
# Labels, lower case to sit inside a sentence or parentheses; a line of their own capitalizes.
MACHINE_LABEL = N_("machine translation, not reviewed")
FALLBACK_LABEL = N_("not translated yet, shown in %(language)s")
# The talking book's (talking_books.py): its table of contents, and what it offers, as its
# accessibility metadata tells readers' apps and catalogues.
CONTENTS = N_("Contents")
BOOK_SUMMARY = N_("The whole article as text and as narration: each sentence is highlighted "
                  "while it is read. Headings and a table of contents lead to every section. "
                  "The only image is the cover, which shows the title.")
BOOK_SUMMARY_PICTURES = N_("The whole article as text and as narration: each sentence is "
                           "highlighted while it is read. Headings and a table of contents lead "
                           "to every section. Every picture has a text description.")
# The MP3 credits: every voice is made by a computer, and listeners are told so.
VOICE_ROLE, VOICE_KIND = N_("Narrator"), N_("computer-generated voice")
# Said before a step of an ordered list and before a note (leads.py), and the notes' name
# and their links back to the text, on the page and in the talking book.
STEP, NOTE_LEAD = N_("Step %(number)s."), N_("Note %(number)s:")
NOTES, BACK_TO_TEXT = N_("Notes"), N_("Back to the text")
IN_PARTS = N_("in parts: %(labels)s")  # labels of a track or item of which only some text is


@dataclass(frozen=True)
class Interface:
    """The interface catalog of one language: its reviewed translations, by English text."""

    language: str
    strings: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def gettext(self, text: str) -> str:
        """Return `text` as the interface translates it (English when it does not)."""
        return self.strings.get(text, text)

    def cover(self, library: str) -> Cover:
        """Return the library's cover in this language: its name and tagline, in its direction."""
        return Cover(self.gettext(library), self.gettext(TAGLINE),
                     "rtl" if is_right_to_left(self.language) else "ltr")


def read_interface(settings: Settings, language: str) -> Interface:
    """Read the interface catalog of `language` (the source language needs none)."""
    path = settings.catalog_path(language, UI_DOMAIN)
    if language == settings.source_language or not path.exists():
        return Interface(language)
    strings = {m.id: m.string for m in read_catalog(path, settings, language)
               if isinstance(m.id, str) and m.id and m.string and not m.fuzzy}
    return Interface(language, MappingProxyType(strings))
