"""Rendered pages kept per published version, so a page is rendered once, not per request.

A page depends only on its URL and the published manifest (the visitor's preferences live in
their browser), so the HTML, and its gzipped form, are stored with the published version and
dropped with it when a build publishes a new manifest. Conditional requests get 304.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from flask import current_app, request

from .headers import accepts_gzip, gzip_bytes
from .published import get_published

MAX_PAGES = 1000  # the key holds the host name a visitor sent: keep the store bounded


def cached_page(mimetype: str):
    """Decorate a view whose response body depends only on its URL and the manifest."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            published = get_published()
            if published is None:
                return view(*args, **kwargs)
            key = (request.url_root, request.path)
            page = published.pages.get(key)
            if page is None:
                body = view(*args, **kwargs)
                body = body.encode("utf-8") if isinstance(body, str) else body
                page = (body, gzip_bytes(body), hashlib.sha256(body).hexdigest()[:32])
                if len(published.pages) < MAX_PAGES:
                    published.pages[key] = page
            return _respond(*page, mimetype=mimetype)
        return wrapper
    return decorate


def _respond(body: bytes, gzipped: bytes, etag: str, *, mimetype: str):
    compressed = accepts_gzip()
    response = current_app.response_class(gzipped if compressed else body, mimetype=mimetype)
    response.vary.add("Accept-Encoding")
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(f"{etag}-gzip" if compressed else etag)
    response.cache_control.no_cache = True  # revalidate: a build may publish a new version
    return response.make_conditional(request)
