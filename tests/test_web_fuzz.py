"""Fuzzing what visitors send: Accept-Language on `/`, Range on audio and WebVTT files, and
hostile paths. Whatever arrives, the site answers without a server error, and where the answer
is well defined (a preferred language, a valid byte range), it is the right one.

Every test runs twice: on Flask's test client, and over HTTP on the server `make run` starts
(nginx in front of gunicorn), which may refuse at the door what RFC 9110 lets it refuse.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote

import pytest
from front_support import REFUSALS, refused, send
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st

from web import PROJECT_ROOT

FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
# What a header value may hold on the wire: any character but CR and LF (they end the header).
HEADER_TEXT = st.text(st.characters(blacklist_characters="\r\n", codec="utf-8"), max_size=300)
HUGE = st.integers(0, 50_000).map(lambda n: "es-MX;q=0.9, " * (n // 13) + "en")


def wire(text: str) -> str:
    """Return `text` as a WSGI server hands it over: its UTF-8 bytes read as Latin-1."""
    return text.encode("utf-8").decode("latin-1")


class Site:
    """The built library as a visitor who keeps no cookies sees it (every request stands
    alone), through Flask's test client or over HTTP on `front`, with the files it publishes
    and those it must never serve."""

    def __init__(self, app, root: Path, front=None):
        self.client = app.test_client(use_cookies=False)
        self.front = front
        self.files = app.extensions["library"].current().files  # paths relative to audio/
        self.published = {hashlib.sha256((root / "audio" / name).read_bytes()).digest()
                          for name in self.files}
        private = [root / "library" / "library.toml", root / "audio" / "manifest.json",
                   *(root / "library").glob("*.md"), PROJECT_ROOT / "pyproject.toml"]
        self.private = [path.read_bytes() for path in private if path.is_file()]

    def get(self, url: str, headers: dict | None = None):
        """GET `url`; over HTTP, a request refused at the door is checked and not examined."""
        if self.front is None:
            return self.client.get(url, headers=headers)
        response = send(self.front.port, url, headers)
        if refused(url, headers):
            assert response.status_code in REFUSALS, (url, headers)
            reject()
        return response

    def __repr__(self) -> str:  # hypothesis prints it with every failing example
        return "Site(front)" if self.front else "Site()"


class Media:
    """A file the manifest names: its URL and its bytes."""

    def __init__(self, url: str, body: bytes):
        self.url, self.body = url, body

    def __repr__(self) -> str:
        return f"Media({self.url!r}, <{len(self.body)} bytes>)"


# Over HTTP, the real server runs: those are system tests (the quick loop skips them).
@pytest.fixture(params=["test client", pytest.param("front", marks=pytest.mark.system)])
def site(request, app, built_root) -> Site:
    front = request.getfixturevalue("front") if request.param == "front" else None
    return Site(app, built_root, front)


def home(site: Site, accept_language: str) -> str:
    """Return where `/` sends a visitor with this Accept-Language."""
    response = site.get("/", headers={"Accept-Language": accept_language})
    assert response.status_code == 302, accept_language
    return response.headers["Location"]


# -- Accept-Language ---------------------------------------------------------------------------

@FUZZ
@given(header=st.one_of(HEADER_TEXT.map(wire), HUGE,
                        st.from_regex(r"[a-zA-Z*,;=q. \t0-9_-]{0,80}", fullmatch=True)))
@example(header="es;q=nan, en;q=inf, *;q=-1")
@example(header="\x00\x01es\x7f;q=1e3")
def test_any_accept_language_redirects_to_a_language(site, header):
    assert home(site, header) in ("/en/", "/es/")


QUALITY = st.one_of(st.just(None), st.integers(0, 1000).map(lambda n: f"{n / 1000:.3f}"),
                    st.sampled_from(["0", "1", "0.5", "1.0", "0.9"]))
RANGES = {"en": ["en", "en-US", "en-GB", "EN-au"], "es": ["es", "es-MX", "es-419", "ES-es"],
          "fr": ["fr", "fr-CA"], "pt": ["pt-BR"], "*": ["*"]}


@st.composite
def preferences(draw) -> list[tuple[str, str, str | None]]:
    """A well-formed Accept-Language as (primary language, range, quality or None): one range
    per primary language."""
    primaries = draw(st.lists(st.sampled_from(sorted(RANGES)), min_size=1, unique=True))
    return [(p, draw(st.sampled_from(RANGES[p])), draw(QUALITY)) for p in primaries]


def expected_language(chosen) -> str | None:
    """Return the site language the visitor rates highest ("es-MX" counts as Spanish, `*` as
    any language not named), "en" when none is acceptable, or None on a tie."""
    rated = {primary: 1.0 if q is None else float(q) for primary, _, q in chosen}
    scores = {lang: rated.get(lang, rated.get("*", 0.0)) for lang in ("en", "es")}
    if scores["en"] == scores["es"]:
        return "en" if scores["en"] == 0 else None
    return max(scores, key=scores.get)


@FUZZ
@given(chosen=preferences(), separator=st.sampled_from([",", ", ", " , ", ",\t"]))
@example(chosen=[("es", "es-MX", "0.9"), ("en", "en", "0.5")], separator=", ")
@example(chosen=[("es", "es-419", None), ("en", "en", "0.1")], separator=",")
@example(chosen=[("es", "es-MX", "0.9"), ("*", "*", "0.5")], separator=",")
def test_the_language_the_visitor_prefers_wins(site, chosen, separator):
    header = separator.join(tag if q is None else f"{tag};q={q}" for _, tag, q in chosen)
    expected = expected_language(chosen)
    target = home(site, header)
    if expected is None:
        assert target in ("/en/", "/es/"), header
    else:
        assert target == f"/{expected}/", header


# -- Range -------------------------------------------------------------------------------------

@pytest.fixture(params=["audio/mpeg", "text/vtt"])
def media(request, site) -> Media:
    """One MP3 and one WebVTT file the manifest names."""
    name = sorted(n for n, f in site.files.items() if f.mimetype == request.param)[0]
    whole = site.get(f"/audio/{name}")
    assert whole.status_code == 200
    return Media(f"/audio/{name}", whole.data)


def fetch(site: Site, media: Media, byte_range: str):
    """Return the response to a GET of `media` with this Range header."""
    return site.get(media.url, headers={"Range": byte_range})


@FUZZ
@given(value=st.one_of(HEADER_TEXT.map(wire),
                       st.from_regex(r"bytes ?= ?[0-9 ,-]{0,40}", fullmatch=True),
                       st.from_regex(r"(bytes|items|BYTES)=-?[0-9]{1,30}-[0-9]{0,30}",
                                     fullmatch=True)))
@example(value="bytes=0-1,4-5")
@example(value="bytes=-0")
@example(value="bytes=" + "9" * 400 + "-")
def test_any_range_gets_a_whole_a_partial_or_an_unsatisfiable_answer(site, media, value):
    assert fetch(site, media, value).status_code in (200, 206, 416)


@FUZZ
@given(data=st.data())
def test_a_range_within_the_file_gets_exactly_those_bytes(site, media, data):
    size = len(media.body)
    first = data.draw(st.integers(0, size - 1), label="first")
    last = data.draw(st.integers(first, size + 100), label="last")
    response = fetch(site, media, f"bytes={first}-{last}")
    end = min(last, size - 1)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes {first}-{end}/{size}"
    assert response.data == media.body[first:end + 1]


@FUZZ
@given(length=st.one_of(st.integers(1, 2000), st.integers(1, 10**7)))
@example(length=10**7)  # longer than the file: RFC 9110 14.1.2 says send all of it
def test_a_suffix_range_gets_the_last_bytes(site, media, length):
    size = len(media.body)
    response = fetch(site, media, f"bytes=-{length}")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"bytes {max(size - length, 0)}-{size - 1}/{size}"
    assert response.data == media.body[-length:]


@FUZZ
@given(past=st.integers(0, 10**12), length=st.one_of(st.none(), st.integers(0, 10**6)))
def test_a_range_past_the_end_is_unsatisfiable(site, media, past, length):
    size = len(media.body)
    last = "" if length is None else size + past + length
    response = fetch(site, media, f"bytes={size + past}-{last}")
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"bytes */{size}"


# -- Paths -------------------------------------------------------------------------------------

TRICKS = ["..", ".", "%2e%2e", "%2E%2e%2f", "..%2f..", "%2f", "%5c", "..\\..", "%00", "\x00",
          "library", "library.toml", "pyproject.toml", "manifest.json", "etc", "passwd", "",
          "%ff", "%", "~", "en", "es", "heroin-and-the-brain", "feed.xml", "a" * 5000]
SEGMENT = st.one_of(st.sampled_from(TRICKS),
                    st.text(st.characters(codec="utf-8"), max_size=40)
                    .map(lambda s: quote(s, safe="%.\\~")))
PATHS = st.lists(SEGMENT, min_size=1, max_size=8).map("/".join)


@FUZZ
@given(prefix=st.sampled_from(["en", "es", "audio"]), path=PATHS,
       trailing=st.sampled_from(["", "/"]))
@example(prefix="audio", path="../library/library.toml", trailing="")
@example(prefix="audio", path="..%2f..%2flibrary%2flibrary.toml", trailing="")
@example(prefix="audio", path="/" + "/".join([".."] * 12) + "/etc/passwd", trailing="")
@example(prefix="audio", path="../../pyproject.toml", trailing="")
@example(prefix="es", path="%00", trailing="/")
@example(prefix="en", path="a" * 5000, trailing="")  # redirected, with a 5 KB Location
def test_hostile_paths_never_fail_nor_leak_files(site, prefix, path, trailing):
    response = site.get(f"/{prefix}/{path}{trailing}")
    assert response.status_code < 500
    assert response.data not in site.private
    if prefix == "audio":
        if response.status_code == 200:  # a file the manifest names, whatever the path said
            assert hashlib.sha256(response.data).digest() in site.published
    elif response.status_code in (200, 404) and response.mimetype == "text/html":
        # an error page under /es/ is a Spanish page, for screen readers too
        assert f'<html lang="{prefix}">' in response.get_data(as_text=True)
