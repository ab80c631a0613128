"""The site's own address: every absolute URL comes from the base URL, never from the request.

The base URL is `[site] base_url` in library.toml, or LIBRARY_BASE_URL, which wins. Before Flask
sees a request, its Host, scheme and script root are set to the base URL's, so url_for(...,
_external=True), the trailing-slash redirect and request.host_url all name the site's address
whatever Host a client sent. A request whose Host is neither the base URL's host nor a loopback
name (local probes, a front server on this machine) is refused with 400 and a short page; the
health check answers any Host, as it names no address.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from .headers import SECURITY

LOOPBACK = frozenset({"localhost", "127.0.0.1", "[::1]"})
# A WSGI environ key, which no client can send (headers arrive as HTTP_*): the static export
# crawls the site as seen from its own --base-url.
BASE_URL_KEY = "library.base_url"
ANY_HOST_PATHS = ("/healthz",)
REFUSAL = (b"<!doctype html>\n<html lang=\"en\">\n<title>Unknown address</title>\n"
           b"<h1>Unknown address</h1>\n<p>This site does not answer for the host name this "
           b"request was sent to.</p>\n</html>\n")


@lru_cache(maxsize=8)
def site_environ(base_url: str) -> dict[str, str]:
    """Return the WSGI environ values of a request made to `base_url` (a normalized one)."""
    parts = urlsplit(base_url)
    return {"HTTP_HOST": parts.netloc, "SERVER_NAME": host_name(parts.netloc),
            "SERVER_PORT": str(parts.port or (443 if parts.scheme == "https" else 80)),
            "wsgi.url_scheme": parts.scheme,
            # Percent-encoded, as Werkzeug writes the script root into URLs as it is.
            "SCRIPT_NAME": parts.path.rstrip("/")}


def host_name(host: str) -> str:
    """Return the name in a Host header ("Example.org:80" gives "example.org")."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.split(":", 1)[0].rstrip(".")


class CanonicalHost:
    """WSGI middleware: refuses unknown Hosts and presents every request as made to the base
    URL of `config` (app.config["BASE_URL"], read on each request)."""

    def __init__(self, wsgi_app, config):
        self.wsgi_app, self.config = wsgi_app, config

    def __call__(self, environ, start_response):
        site = site_environ(environ.get(BASE_URL_KEY) or self.config["BASE_URL"])
        asked = host_name(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""))
        if (asked != site["SERVER_NAME"] and asked not in LOOPBACK
                and environ.get("PATH_INFO") not in ANY_HOST_PATHS):
            start_response("400 Bad Request", [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(REFUSAL))), ("Cache-Control", "no-store"),
                *SECURITY.items()])
            return [REFUSAL]
        environ.update(site)
        return self.wsgi_app(environ, start_response)
