"""The site as an app to install: a web app manifest per language, its icons and the favicon.

The icons are artwork.py's sign of sound, drawn once per process: one image serves as the
ordinary icon and, kept inside the middle 60 %, as the maskable one launchers cut to a circle.
"""

from __future__ import annotations

import hashlib
import io
import json
from functools import lru_cache

from flask import Blueprint, abort, current_app, request, url_for
from flask_babel import gettext as _
from PIL import Image

from .i18n import library_name, text_direction
from .pipeline.artwork import BACKGROUND, ICON_SIZES, draw_icon
from .pipeline.translation.interface import TAGLINE

bp = Blueprint("install", __name__)
TOUCH_ICON = 180  # what iOS puts on the home screen (apple-touch-icon)
SIZES = (*ICON_SIZES, TOUCH_ICON)
FAVICON_SIZES = ((16, 16), (32, 32), (48, 48))
THEME_COLOUR = "#{:02x}{:02x}{:02x}".format(*BACKGROUND)  # the icons' blue, the app's bar
BACKGROUND_COLOUR = "#fdfdfb"  # the page's (site.css --bg), shown while the app starts
DAY = 24 * 3600


def render_app_manifest(lang: str) -> bytes:
    """Return the web app manifest of the page language: its name, words and direction."""
    start = url_for("library.index", lang=lang)
    icons = [{"src": url_for("install.icon", size=size), "sizes": f"{size}x{size}",
              "type": "image/png", "purpose": purpose}
             for size in ICON_SIZES for purpose in ("any", "maskable")]
    name = library_name()
    return json.dumps({
        "id": start, "name": name, "short_name": name, "description": _(TAGLINE),
        "lang": lang, "dir": text_direction(lang), "start_url": start, "scope": start,
        "display": "standalone", "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR, "icons": icons,
    }, ensure_ascii=False, indent=1).encode("utf-8")


@lru_cache(maxsize=1)
def favicon_bytes() -> bytes:
    """Return the favicon: the icon at 16, 32 and 48 px in one ICO file."""
    image = Image.open(io.BytesIO(draw_icon(max(ICON_SIZES))))
    buffer = io.BytesIO()
    image.save(buffer, "ICO", sizes=FAVICON_SIZES)
    return buffer.getvalue()


def _send(data: bytes, mimetype: str):
    response = current_app.response_class(data, mimetype=mimetype)
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = DAY
    return response.make_conditional(request)


@bp.get("/icons/<int:size>.png")
def icon(size: int):
    """Send the app's icon at one of its sizes."""
    if size not in SIZES:
        abort(404)
    return _send(draw_icon(size), "image/png")


@bp.get("/favicon.ico")
def favicon():
    """Send the favicon browsers ask for at the site's root."""
    return _send(favicon_bytes(), "image/vnd.microsoft.icon")


def init_app(app) -> None:
    """Give templates the app's colour (the browser's bar, the installed app's title bar)."""
    app.jinja_env.globals["theme_colour"] = THEME_COLOUR
