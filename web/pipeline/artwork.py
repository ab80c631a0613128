"""Cover art the build draws: the title and a subtitle, large and plain, on the library's colours.

DejaVu Sans (Debian fonts-dejavu-core) covers the Latin, Vietnamese and Arabic letters of the
library's languages, which the site's Atkinson Hyperlegible subset does not. The PNG bytes
depend only on the words, the direction and the size, so a cover drawn again is the same file.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
BACKGROUND = "#0b57a4"  # the site's link and button blue; white on it is 6.9:1
INK = "#ffffff"
ACCENT = "#ffd166"


@cache
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT, size)


def _lines(draw: ImageDraw.ImageDraw, text: str, font, width: int, direction: str) -> list[str]:
    """Return `text` broken into lines no wider than `width`, at spaces."""
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font, direction=direction) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def draw_cover(title: str, subtitle: str, *, direction: str = "ltr", size: int = 1400) -> bytes:
    """Return a square PNG cover with `title` and `subtitle` written in `direction`."""
    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin, width = size // 10, size - 2 * (size // 10)
    title_font, subtitle_font = _font(size // 14), _font(size // 28)
    anchor, x = ("ra", size - margin) if direction == "rtl" else ("la", margin)
    y = size // 4
    for line in _lines(draw, title, title_font, width, direction):
        draw.text((x, y), line, font=title_font, fill=INK, anchor=anchor, direction=direction)
        y += size // 14 * 5 // 4
    y += size // 28
    draw.rectangle((margin, y, size - margin, y + size // 140), fill=ACCENT)
    y += size // 20
    for line in _lines(draw, subtitle, subtitle_font, width, direction):
        draw.text((x, y), line, font=subtitle_font, fill=INK, anchor=anchor, direction=direction)
        y += size // 28 * 5 // 4
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
