"""The covers and icons: square sRGB PNGs podcast apps accept, the same bytes for the same
words, laid out for the language's direction."""

from __future__ import annotations

import io

from PIL import Image

from web.pipeline.artwork import BACKGROUND, INK, draw_cover, draw_icon

ARABIC = ("مكتبة الصحة", "مقالات صحية يمكنك الاستماع إليها وقراءتها.")


def _image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def _luminance(rgb) -> float:
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = map(channel, rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_a_cover_is_a_square_srgb_png_apple_accepts_and_small():
    data = draw_cover("Biblioteca de Salud", "Artículos de salud que puedes escuchar y leer.")
    image = _image(data)
    assert image.format == "PNG" and image.size == (1400, 1400)
    assert "srgb" in image.info
    assert len(data) < 60_000
    assert draw_cover("Health Library", "x", size=3000)[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_same_words_give_the_same_bytes_and_other_words_others():
    first = draw_cover.__wrapped__("Thư viện Sức khỏe", "Bài viết về sức khỏe.")
    assert first == draw_cover.__wrapped__("Thư viện Sức khỏe", "Bài viết về sức khỏe.")
    assert first != draw_cover.__wrapped__("Thu vien Suc khoe", "Bai viet ve suc khoe.")


def test_text_is_white_on_deep_blue_with_high_contrast():
    light, dark = _luminance(INK), _luminance(BACKGROUND)
    assert (light + 0.05) / (dark + 0.05) > 12
    colours = {c for _, c in _image(draw_cover("Health Library", "Listen")).convert(
        "RGB").getcolors(1 << 16)}
    assert BACKGROUND in colours and INK in colours


def test_right_to_left_text_starts_from_the_right():
    """The Arabic title's ink sits against the right margin, the English against the left."""
    def ink_columns(data):
        image = _image(data).convert("RGB")
        row = image.crop((0, 500, 1400, 700))
        columns = [x for x in range(1400)
                   if any(row.getpixel((x, y)) == INK for y in range(0, 200, 4))]
        return min(columns), max(columns)

    left, right = ink_columns(draw_cover(*ARABIC, direction="rtl"))
    assert right > 1240 and left > 200
    left, right = ink_columns(draw_cover("Health", "Listen and read"))
    assert left < 160 and right < 1000


def test_icons_keep_their_sign_inside_a_maskable_icons_safe_zone():
    for size in (192, 512):
        image = _image(draw_icon(size)).convert("RGB")
        assert image.size == (size, size)
        inked = [(x, y) for x in range(size) for y in range(size)
                 if image.getpixel((x, y)) != BACKGROUND]
        centre = size / 2
        assert all(((x - centre) ** 2 + (y - centre) ** 2) ** 0.5 < 0.4 * size
                   for x, y in inked)
