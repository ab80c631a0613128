"""The library's cover: a square PNG with its name and a line under it, in one language.

Podcast apps show it as the feed's artwork (Apple asks for 1400 to 3000 px, sRGB), MP3 players
as the tracks' cover, talking-book readers as the cover of a book, and browsers as the app's
icon. White on deep blue (over 12:1), in DejaVu Sans (Debian's fonts-dejavu-core: Latin,
Vietnamese, Arabic), shaped with Raqm so Arabic letters join and right-to-left lines read right
to left. Drawn in a few shades and written as an indexed PNG, so a cover is small (tens of KB)
and the same title gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin, features

from .errors import ContentError

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
BOLD, REGULAR = FONT_DIR / "DejaVuSans-Bold.ttf", FONT_DIR / "DejaVuSans.ttf"
BACKGROUND, INK, ACCENT = (11, 45, 80), (255, 255, 255), (255, 209, 102)
SHADES = 16  # colours of the indexed PNG: enough for smooth letter edges
COVER_SIZE = 1400  # the podcast feed's artwork: Apple's smallest
ICON_SIZES = (192, 512)  # the web app manifest's icons
SRGB = b"\x00"  # the PNG sRGB chunk, perceptual intent: the colours are sRGB
ARTWORK_VERSION = 2  # bump when the drawing changes, so every cover gets a new name


class ArtworkError(ContentError):
    """A cover cannot be drawn (its font is not installed)."""


@dataclass(frozen=True)
class Cover:
    """What one language's cover says: the library's name and a line under it."""

    title: str
    subtitle: str
    direction: str = "ltr"  # "rtl" for Arabic, Hebrew…

    def png(self, size: int = COVER_SIZE) -> bytes:
        """Return this cover drawn `size` pixels square."""
        return draw_cover(self.title, self.subtitle, direction=self.direction, size=size)

    def key(self) -> str:
        """Return the sha256 of what this cover is drawn from (its words, its size, the
        drawing's and Pillow's versions): the same key, the same picture."""
        return hashlib.sha256(json.dumps([ARTWORK_VERSION, PIL.__version__, COVER_SIZE,
                                          asdict(self)], ensure_ascii=False).encode()).hexdigest()


@lru_cache(maxsize=32)
def draw_cover(title: str, subtitle: str, *, direction: str = "ltr", size: int = 1400) -> bytes:
    """Return a square PNG cover: `title` large, `subtitle` under it, laid out for
    `direction`; the same arguments give the same bytes."""
    image = Image.new("RGB", (size, size), BACKGROUND)
    draw = ImageDraw.Draw(image)
    margin = size // 10
    width = size - 2 * margin
    wave = size * 45 // 100  # the sound's sign, on the side lines start from
    left = size - margin - wave if direction == "rtl" else margin
    _draw_waves(draw, (left, size * 15 // 100, left + wave, size * 30 // 100))
    top = size * 38 // 100
    top = _draw_lines(draw, title, BOLD, size // 9, width, margin, top, direction, INK)
    draw.rectangle((margin, top + size // 40, size - margin, top + size // 40 + size // 120),
                   fill=ACCENT)
    _draw_lines(draw, subtitle, REGULAR, size // 20, width, margin, top + size // 14,
                direction, INK)
    return _png(image)


@lru_cache(maxsize=8)
def draw_icon(size: int) -> bytes:
    """Return the app's square icon: the sign of sound alone, inside the middle 60 %, so a
    launcher's round or rounded mask ("maskable") never cuts it."""
    image = Image.new("RGB", (size, size), BACKGROUND)
    _draw_waves(ImageDraw.Draw(image), (size // 5, size * 3 // 10, size * 4 // 5,
                                        size * 7 // 10))
    return _png(image)


@lru_cache(maxsize=1)
def _palette() -> Image.Image:
    """Return the covers' colours: the accent, and the shades from the background to the ink
    that smooth the letters' edges (the only colours a cover blends)."""
    shades = [tuple(round(b + (i - b) * n / (SHADES - 2)) for b, i in zip(BACKGROUND, INK,
                                                                          strict=True))
              for n in range(SHADES - 1)]
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for colour in (ACCENT, *shades) for value in colour])
    return palette


def _png(image: Image.Image) -> bytes:
    """Return an image as an indexed sRGB PNG whose bytes depend only on its pixels.

    Its colours are known, so each pixel takes the nearest of them (a tenth of the time of
    choosing them from the picture, which made a talking book's cover its slowest part).
    """
    indexed = image.quantize(palette=_palette(), dither=Image.Dither.NONE)
    info = PngImagePlugin.PngInfo()
    info.add(b"sRGB", SRGB)
    buffer = io.BytesIO()
    indexed.save(buffer, "PNG", compress_level=6, pnginfo=info)
    return buffer.getvalue()


def _draw_waves(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    """Draw the sign of sound in `box`: bars of a voice's loudness, standing on its bottom."""
    heights = (3, 6, 10, 7, 12, 8, 5, 9, 4)  # of 12
    left, top, right, bottom = box
    step = (right - left) / len(heights)
    bar = round(step * 0.55)
    for number, height in enumerate(heights):
        x = round(left + number * step)
        draw.rounded_rectangle((x, bottom - (bottom - top) * height // 12, x + bar, bottom),
                               radius=bar // 2, fill=ACCENT)


def _draw_lines(draw: ImageDraw.ImageDraw, text: str, font_file: Path, font_size: int,
                width: int, margin: int, top: int, direction: str, fill) -> int:
    """Draw `text` wrapped to `width` from `top` (made smaller until it fits in four lines);
    return the bottom of the last line."""
    for size in range(font_size, font_size // 3, -max(1, font_size // 12)):
        font = _font(font_file, size)
        lines = _wrap(text, font, width, direction)
        if len(lines) <= 4:
            break
    start = margin + width if direction == "rtl" else margin
    anchor = "ra" if direction == "rtl" else "la"
    step = size * 5 // 4
    for number, line in enumerate(lines):
        draw.text((start, top + number * step), line, font=font, fill=fill, anchor=anchor,
                  **_layout(direction))
    return top + len(lines) * step


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, direction: str) -> list[str]:
    """Return `text` in lines of whole words no wider than `width` (a longer word alone)."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and font.getlength(joined, **_layout(direction)) <= width:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines


def _layout(direction: str) -> dict:
    return {"direction": direction} if features.check("raqm") else {}


@lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    try:
        engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
        return ImageFont.truetype(str(path), size, layout_engine=engine)
    except OSError:
        raise ArtworkError(f"{path}: the cover's font is missing. Install Debian's "
                           "fonts-dejavu-core (make system).") from None
