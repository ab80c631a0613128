"""Headers on every response: security policy, gzip for text, and no body on a failed
precondition."""

from __future__ import annotations

import gzip

from flask import current_app, g, request
from werkzeug.http import parse_date, parse_etags

# WebAssembly runs the search index in the browser ('wasm-unsafe-eval' allows nothing else).
CSP = ("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self'; font-src 'self'; media-src 'self'; connect-src 'self'; "
       "manifest-src 'self'; "
       "worker-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
COMPRESSIBLE = {"text/html", "text/css", "text/javascript", "application/javascript",
                "application/rss+xml", "application/json", "text/vtt", "text/plain",
                "application/xml", "application/manifest+json", "application/json+chapters"}
MIN_SIZE = 512  # smaller bodies gain nothing from gzip
PRECONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


def gzip_bytes(data: bytes) -> bytes:
    """Gzip the same way for every response (no time stamp: same input, same bytes)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def accepts_gzip() -> bool:
    return "gzip" in request.accept_encodings


def secure(response):
    """Add the security headers."""
    for name, value in SECURITY.items():
        response.headers.setdefault(name, value)
    return response


def compress(response):
    """Gzip whole text responses for clients that accept it (never partial ones)."""
    response.vary.add("Accept-Encoding")
    if (response.status_code != 200 or response.mimetype not in COMPRESSIBLE
            or "Content-Encoding" in response.headers
            or not accepts_gzip()):
        return response
    etag, weak = response.get_etag()
    if etag:  # the gzip body is another representation: it needs its own validator
        etag = f"{etag}-gzip"
        if request.if_none_match.contains_weak(etag):
            response = current_app.response_class(status=304, headers=response.headers)
            response.set_etag(etag, weak=weak)
            return response
    response.direct_passthrough = False  # files sent by send_file: read them to compress
    data = response.get_data()
    if len(data) < MIN_SIZE:
        return response
    response.set_data(gzip_bytes(data))
    response.headers["Content-Encoding"] = "gzip"
    response.headers.pop("Accept-Ranges", None)
    if etag:
        response.set_etag(etag, weak=weak)
    return response


def take_preconditions() -> None:
    """Keep If-Match and If-Unmodified-Since from Werkzeug, which answers a failed If-Match
    with the whole body and ignores If-Unmodified-Since; check_preconditions judges them."""
    g.preconditions = {name: request.environ.pop(name) for name in PRECONDITIONS
                       if name in request.environ}


def check_preconditions(response):
    """Answer 412 when If-Match or If-Unmodified-Since fails (RFC 9110 13.2.2): no body, and
    nothing a cache may keep (the year-long caching of a track would outlive the condition)."""
    given = g.get("preconditions")
    if not given or response.status_code not in (200, 206, 304) or _hold(given, response):
        return response
    response.close()  # a file response holds its file open
    response.direct_passthrough = False
    response.status_code = 412
    response.set_data(b"")
    for name in ("Content-Type", "Content-Range", "Content-Encoding", "Accept-Ranges"):
        response.headers.pop(name, None)
    response.headers["Cache-Control"] = "no-store"
    return response


def _hold(given: dict, response) -> bool:
    """Say whether the preconditions hold for the representation `response` carries."""
    if "HTTP_IF_MATCH" in given:  # then If-Unmodified-Since is not looked at
        etag, weak = response.get_etag()
        return bool(etag) and not weak and parse_etags(given["HTTP_IF_MATCH"]).contains(etag)
    since = parse_date(given.get("HTTP_IF_UNMODIFIED_SINCE"))
    modified = response.last_modified
    return since is None or modified is None or modified <= since


def init_app(app) -> None:
    """Register the header hooks (Flask runs them in the reverse order)."""
    app.before_request(take_preconditions)
    app.after_request(check_preconditions)
    app.after_request(compress)
    app.after_request(secure)
