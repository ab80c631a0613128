"""Web addresses fetched for an import: http and https only, with a timeout and a size limit,
and a message that says what to do when the computer is offline or the server says no."""

from __future__ import annotations

from urllib.parse import urlsplit

import requests

from .errors import SourceError

TIMEOUT_SECONDS = (10, 30)  # to connect, then between bytes
MAX_PAGE_BYTES = 5_000_000  # a long article page with its markup is well under 1 MB
USER_AGENT = "audio-health-library-import/1 (+staff import of one page)"
SAVE_INSTEAD = ("or open the page in a browser, save it (File > Save Page As, 'Web Page, "
                "complete') and import the saved file")


def is_web_address(text: str) -> bool:
    """Tell whether an import's argument is a web address rather than a file."""
    return "://" in text


def fetch(url: str, max_bytes: int = MAX_PAGE_BYTES, what: str = "the page") -> bytes:
    """Return the bytes at `url` (http or https), refusing other schemes, an unreachable server,
    a status other than 200 and anything larger than `max_bytes`, with what to do."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SourceError(f"{url}: only web addresses that start with http:// or https:// can "
                          "be imported. Check the address, or save the page and import the file.")
    try:
        with requests.get(url, timeout=TIMEOUT_SECONDS, stream=True,
                          headers={"User-Agent": USER_AGENT}) as response:
            if response.status_code != 200:
                raise SourceError(
                    f"{url}: the server answered {response.status_code} "
                    f"{response.reason or ''}".rstrip() + f" for {what}. Check the address in a "
                    f"browser, {SAVE_INSTEAD}.")
            data = bytearray()
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > max_bytes:
                    raise SourceError(f"{url}: {what} is larger than {max_bytes // 1_000_000} "
                                      f"MB, more than an article holds. Check the address, "
                                      f"{SAVE_INSTEAD}.")
            return bytes(data)
    except requests.Timeout:
        raise SourceError(f"{url}: the server did not answer within {TIMEOUT_SECONDS[1]} s. Try "
                          f"again later, {SAVE_INSTEAD}.") from None
    except requests.RequestException:
        raise SourceError(f"{url}: cannot reach {parts.hostname}. Check the address and that "
                          f"this computer is online, {SAVE_INSTEAD}.") from None
