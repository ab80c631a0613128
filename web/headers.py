"""Headers on every response: security policy, and gzip for text."""

from __future__ import annotations

import gzip

from flask import current_app, request

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
                "application/rss+xml", "application/json", "text/vtt", "text/plain"}
MIN_SIZE = 512  # smaller bodies gain nothing from gzip


def gzip_bytes(data: bytes) -> bytes:
    """Gzip the same way for every response (no time stamp: same input, same bytes)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def accepts_gzip() -> bool:
    return "gzip" in request.accept_encodings and request.method != "HEAD"


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


def init_app(app) -> None:
    """Register the header hooks."""
    app.after_request(compress)
    app.after_request(secure)
