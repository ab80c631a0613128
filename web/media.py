"""Audio, WebVTT and download files: only those the manifest names, with ranges and ETags; the
same reading of Range for the site's static files. Behind nginx (LIBRARY_FRONT_FILES), the app
checks and decides each answer and nginx sends the file's bytes from disk."""

from __future__ import annotations

import logging
import os
import re

from flask import Blueprint, Response, abort, current_app, g, request, send_from_directory
from werkzeug.security import safe_join

from .headers import COMPRESSIBLE
from .published import get_published

log = logging.getLogger(__name__)
bp = Blueprint("media", __name__)
# Built files carry a hash of their content in their name ("01-intro.3f2a9c1b.mp3").
HASHED = re.compile(r"\.[0-9a-f]{8,}\.[a-z0-9]+$")
YEAR = 365 * 24 * 3600
# One byte range (RFC 9110 14.1.1: "bytes=first-last", "bytes=first-", "bytes=-suffix"); a
# longer header than MAX_RANGE is not read at all.
BYTE_RANGE = re.compile(r"[ \t]*bytes[ \t]*=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)[ \t]*", re.IGNORECASE)
MAX_RANGE = 100
# The Range a visitor sent, before read_range replaced it (a WSGI key no client can send).
SENT_RANGE = "library.range"
# A range nginx reads exactly as byte_range does: one, lower case, no spaces, at most 15 digits.
PLAIN_RANGE = re.compile(r"bytes=(\d{1,15}-\d{0,15}|-\d{1,15})")
# Names nginx is sent to as they are (content-hashed names are made of these).
PLAIN_NAME = re.compile(r"[A-Za-z0-9._/-]+")


@bp.get("/audio/<path:name>")
def audio(name: str):
    """Send a published file; Range gives 206 (416 when unsatisfiable), ETag gives 304."""
    published = get_published()
    entry = published.files.get(name) if published else None
    if entry is None:
        abort(404)
    problem = entry.problem(published.audio / name)
    if problem:  # never sent as good under its manifest hash: the next build makes it again
        log.warning("audio/%s %s: answered 503 until a build makes it again", name, problem)
        return Response("This file is being repaired. Try again later.\n", status=503,
                        mimetype="text/plain",
                        headers={"Retry-After": "300", "Cache-Control": "no-store"})
    hashed = bool(HASHED.search(name))
    read_range(current_app.config["AUDIO_DIR"], name)
    response = send_from_directory(current_app.config["AUDIO_DIR"], name,
                                   mimetype=entry.mimetype, conditional=True,
                                   etag=entry.sha256 or True, max_age=YEAR if hashed else 300)
    if hashed:
        response.cache_control.public = True
        response.cache_control.immutable = True
    return hand_to_front(response, name)


def hand_to_front(response, name: str):
    """Behind nginx, let it send the bytes of a whole file or of its one range (X-Accel-Redirect
    to FRONT_FILES), with this answer's headers. Sent here: text files (which may be gzipped),
    answers other than 200 and 206, ranges nginx might read differently, and requests with
    If-Match or If-Unmodified-Since (nginx would judge them again, without the app's ETag)."""
    front = current_app.config.get("FRONT_FILES")
    if (not front or response.mimetype in COMPRESSIBLE or not PLAIN_NAME.fullmatch(name)
            or g.get("preconditions")):
        return response
    sent = request.environ.get(SENT_RANGE, "")
    if response.status_code == 200:
        part = "whole"
    elif response.status_code == 206 and PLAIN_RANGE.fullmatch(sent):
        part = "part"
    else:
        return response
    response.close()  # a file response holds its file open
    response.direct_passthrough = False
    response.status_code = 200
    response.set_data(b"")
    response.headers.pop("Content-Range", None)
    response.headers["X-Accel-Redirect"] = f"{front}{part}/{name}"
    return response


@bp.before_app_request
def read_static_range() -> None:
    """Read the Range of a request for a static file as audio's is read."""
    if request.endpoint == "static" and request.view_args:
        read_range(current_app.static_folder, request.view_args["filename"])


def read_range(folder: str, name: str) -> None:
    """Replace the request's Range header by what byte_range makes of it for this file."""
    path = safe_join(folder, name)
    if "HTTP_RANGE" in request.environ and path and os.path.isfile(path):
        request.environ[SENT_RANGE] = request.environ.pop("HTTP_RANGE")
        wanted = byte_range(request.environ[SENT_RANGE], os.path.getsize(path))
        if wanted:
            request.environ["HTTP_RANGE"] = wanted


def byte_range(header: str, size: int) -> str | None:
    """Return a Range header as Werkzeug should act on it, as RFC 9110 14.2 says: one range
    within the file ("bytes=first-last"), one past its end ("bytes=SIZE-", which Werkzeug
    answers with 416 and "Content-Range: bytes */SIZE"), or None to send the whole file (a
    range of another unit, several ranges, or one that is not valid)."""
    found = BYTE_RANGE.fullmatch(header) if len(header) <= MAX_RANGE else None
    if found is None or not (found[1] or found[2]):
        return None
    if not found[1]:  # the last N bytes; a suffix longer than the file asks for all of it
        first, last = max(size - int(found[2]), 0), size - 1
        return f"bytes={first}-{last}" if int(found[2]) else f"bytes={size}-"
    first, last = int(found[1]), int(found[2]) if found[2] else size - 1
    if found[2] and last < first:
        return None
    return f"bytes={first}-{min(last, size - 1)}" if first < size else f"bytes={size}-"
