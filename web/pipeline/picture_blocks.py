"""A picture in an article's Markdown: a paragraph holding only `![Description](pictures/<name>
"Caption")`, read into its file, description and caption, or refused with what to do.

The description (the alt text) is content: for a blind listener it is the picture, so it is
required, translated and spoken ("Picture: …"), unless the article says `speak_pictures: false`.
A picture that only decorates is written `![decorative](pictures/<name>)`: it is shown, never
translated or spoken. The file must be in `library/pictures/` (picture_files.py stores it there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from .errors import SourceError
from .front_matter import describe, node_line, value_node
from .picture_files import PICTURES

DECORATIVE = "decorative"  # the alt text of a picture that only decorates
SPEAK_KEY = "speak_pictures"
HOW = '![What the picture shows](pictures/<name> "Caption")'


@dataclass(frozen=True)
class PictureSource:
    """A picture as the Markdown names it."""

    file: str  # "pictures/<name>", relative to library/
    description: str  # inline Markdown; "" for a decorative picture
    caption: str  # inline Markdown; "" for none


Fail = Callable[[str, str], SourceError]  # (what, what to do) -> the error, with file and line


def read_picture(inline, fail: Fail, library_dir: Path | None = None) -> PictureSource | None:
    """Return the picture a paragraph's inline token holds (None if it holds none); refuse one
    with other text beside it, without a description, or whose file is not in the library
    (checked when `library_dir` is given)."""
    children = inline.children or ()
    images = [c for c in children if c.type == "image"]
    if not images:
        return None
    others = [c for c in children if c.type not in ("image", "softbreak")
              and not (c.type == "text" and not c.content.strip())]
    if others or len(images) > 1:
        raise fail("a picture sits in a paragraph with other text (or other pictures)",
                   "Put each picture in a paragraph of its own, with a blank line before and "
                   f"after it: {HOW}")
    image = images[0]
    file = unquote(str(image.attrs.get("src", "")))  # the parser escapes "é" as "%C3%A9"
    description = " ".join(image.content.split())
    caption = " ".join(str(image.attrs.get("title", "")).split())
    name = PurePosixPath(file)
    if name.parent != PurePosixPath(PICTURES) or name.name in ("", ".", ".."):
        raise fail(f"the picture '{file}' is not in the library's {PICTURES} folder",
                   f"Copy it into library/{PICTURES}/ and write {PICTURES}/<its name>")
    if not description:
        raise fail(f"the picture '{file}' has no description",
                   "Say in a few words what it shows, for readers who cannot see it: "
                   f"{HOW}; if it only decorates, write ![{DECORATIVE}]({file})")
    if description == DECORATIVE:
        if caption:
            raise fail(f"the decorative picture '{file}' has a caption, which would be "
                       "neither translated nor spoken",
                       "Describe the picture instead of 'decorative', or remove the caption")
        description = ""
    if library_dir is not None and not (library_dir / name).is_file():
        raise fail(f"the picture file library/{file} is missing",
                   f"Copy the picture into library/{PICTURES}/ under that name, or correct "
                   "the name")
    return PictureSource(file, description, caption)


def read_speak_pictures(meta: dict, front_matter: str, label: str) -> bool:
    """Return whether the article's pictures are spoken (`speak_pictures: false` turns it off)."""
    value = meta.get(SPEAK_KEY, True)
    if not isinstance(value, bool):
        line = node_line(value_node(front_matter, SPEAK_KEY))
        raise SourceError(f"{label}:{line}: {SPEAK_KEY} must be true or false, not "
                          f"{describe(value)}. Write {SPEAK_KEY}: false to keep the pictures' "
                          "descriptions out of the audio")
    return value

