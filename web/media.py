"""Audio, WebVTT and download files: only those the manifest names, with ranges and ETags."""

from __future__ import annotations

import os
import re

from flask import Blueprint, abort, current_app, request, send_from_directory
from werkzeug.security import safe_join

from .published import get_published

bp = Blueprint("media", __name__)
# Built files carry a hash of their content in their name ("01-intro.3f2a9c1b.mp3").
HASHED = re.compile(r"\.[0-9a-f]{8,}\.[a-z0-9]+$")
YEAR = 365 * 24 * 3600
SUFFIX = re.compile(r"\s*bytes\s*=\s*-\s*(\d{1,18})\s*", re.IGNORECASE)


@bp.get("/audio/<path:name>")
def audio(name: str):
    """Send a published file; Range gives 206 (416 when unsatisfiable), ETag gives 304."""
    published = get_published()
    entry = published.files.get(name) if published else None
    if entry is None:
        abort(404)
    hashed = bool(HASHED.search(name))
    suffix = SUFFIX.fullmatch(request.headers.get("Range", ""))
    path = safe_join(current_app.config["AUDIO_DIR"], name)
    if suffix and path and os.path.isfile(path) and int(suffix[1]) > os.path.getsize(path):
        # RFC 9110 14.1.2: a suffix longer than the file asks for all of it (Werkzeug says 416).
        request.environ["HTTP_RANGE"] = "bytes=0-"
    response = send_from_directory(current_app.config["AUDIO_DIR"], name,
                                   mimetype=entry.mimetype, conditional=True,
                                   etag=entry.sha256 or True, max_age=YEAR if hashed else 300)
    if hashed:
        response.cache_control.public = True
        response.cache_control.immutable = True
    return response
