"""Rendered pages kept per published version, so a page is rendered once, not per request.

A page depends only on its path, the site's base URL and the published manifest (the
visitor's preferences live in their browser; the Host a client sends changes nothing, see
hosts.py), so the HTML, and its gzipped form, are stored with the published version and dropped
with it when a build publishes a new manifest. The store keeps the pages used last, at most
MAX_PAGES, so no sequence of requests makes it grow without bound. Conditional requests get 304.
"""

from __future__ import annotations

import hashlib
import threading
from functools import wraps

from flask import current_app, request

from .headers import accepts_gzip, gzip_bytes
from .published import get_published

MAX_PAGES = 2000  # more than a library of 200 articles in two languages has
_lock = threading.Lock()  # the store is shared by the threads of a worker


def cached_page(mimetype: str):
    """Decorate a view whose response body depends only on its URL and the manifest."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            published = get_published()
            if published is None:
                return view(*args, **kwargs)
            # url_root is the site's base URL (or the export's), never the Host: see hosts.py.
            key = (request.url_root, request.path)
            page = _recall(published.pages, key)
            if page is None:
                body = view(*args, **kwargs)
                body = body.encode("utf-8") if isinstance(body, str) else body
                page = (body, gzip_bytes(body), hashlib.sha256(body).hexdigest()[:32])
                _keep(published.pages, key, page)
            return _respond(*page, mimetype=mimetype)
        return wrapper
    return decorate


def _recall(pages: dict, key):
    """Return the stored page of `key`, now the last used, or None."""
    with _lock:
        page = pages.pop(key, None)
        if page is not None:
            pages[key] = page  # a dict keeps its order: the end is the most recently used
        return page


def _keep(pages: dict, key, page) -> None:
    """Store a page, dropping the least recently used beyond MAX_PAGES."""
    with _lock:
        pages[key] = page
        while len(pages) > MAX_PAGES:
            del pages[next(iter(pages))]


def _respond(body: bytes, gzipped: bytes, etag: str, *, mimetype: str):
    compressed = accepts_gzip()
    response = current_app.response_class(gzipped if compressed else body, mimetype=mimetype)
    response.vary.add("Accept-Encoding")
    if compressed:
        response.headers["Content-Encoding"] = "gzip"
    response.set_etag(f"{etag}-gzip" if compressed else etag)
    response.cache_control.no_cache = True  # revalidate: a build may publish a new version
    return response.make_conditional(request)
