"""The base URL a site is served from: checked, and written one way wherever it is given.

Whether it comes from library.toml, the environment or `export --base-url`, a base URL is an
http or https address with a host name, no user name, query or fragment, and a path ending in
"/" in which every character a URL may not hold as it is (quotes, angle brackets, spaces) is
percent-encoded, so pages and feeds that write it hold a valid URL and nothing more.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit, urlunsplit

# A DNS name (letters, digits, hyphens between dots) or a bracketed IPv6 address.
HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?"
                  r"|\[[0-9a-f:.]+\]")
# What a path may hold as it is (RFC 3986 pchar, but the quote); the rest is percent-encoded.
PATH_SAFE = "/:@!$&()*+,;=-._~"
NOT_HTTP = "is not an absolute http or https address with a host name"


def normalize_base_url(value: str) -> str:
    """Return `value` as a base URL ("https://host/path/"); raise ValueError saying what is wrong
    ("is not …", "has …")."""
    try:
        parts = urlsplit(value)
        port = parts.port  # a port that is not a number raises ValueError
    except ValueError:
        raise ValueError(NOT_HTTP) from None
    host = parts.netloc.lower().rsplit(":", 1)[0] if port is not None else parts.netloc.lower()
    if parts.scheme.lower() not in ("http", "https") or not HOST.fullmatch(host):
        raise ValueError(NOT_HTTP)
    if parts.query or parts.fragment or value.endswith(("?", "#")):
        raise ValueError("has a query (?) or a fragment (#), which a base address cannot have")
    path = quote(unquote(parts.path), safe=PATH_SAFE)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(),
                       path if path.endswith("/") else path + "/", "", ""))
