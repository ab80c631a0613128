"""What curl shows: the language redirect, ranges, ETags, caching, security headers, gzip, feed."""

from __future__ import annotations

import gzip
import io
import re
import time

import feedparser
import podcastparser
import pytest

SLUG = "heroin-and-the-brain"


@pytest.fixture
def mp3(client) -> str:
    """The URL of the first section track of the English article."""
    page = client.get(f"/en/{SLUG}/").get_data(as_text=True)
    return re.search(r'href="(/audio/en/[^"]+/01-[^"]+\.mp3)"', page).group(1)


@pytest.mark.parametrize("header, target", [
    ("es-MX,es;q=0.9,en;q=0.5", "/es/"),
    ("en-GB", "/en/"),
    ("fr-FR, de", "/en/"),
    (";;q=x,,*-,", "/en/"),
    ("es" * 5000, "/en/"),
    ("", "/en/"),
])
def test_root_redirects_by_accept_language(client, header, target):
    response = client.get("/", headers={"Accept-Language": header})
    assert response.status_code == 302
    assert response.headers["Location"] == target
    assert "Accept-Language" in response.headers["Vary"]


def cpu_seconds(client, repeats: int = 40, **headers) -> float:
    """Return the least CPU time of three rounds of `repeats` requests for `/`."""
    rounds = []
    for _ in range(3):
        start = time.process_time()
        for _ in range(repeats):
            assert client.get("/", headers=headers).status_code == 302
        rounds.append(time.process_time() - start)
    return min(rounds)


@pytest.mark.parametrize("name, value", [
    ("Accept-Language", "x," * 4000), ("Accept-Language", "fr-FR;q=0.9," * 700),
    ("Accept-Language", "es" * 4000), ("Cookie", "a=b; " * 1600), ("Cookie", ";" * 8000),
])
def test_an_8_kb_header_costs_about_what_a_short_one_does(app, name, value):
    client = app.test_client(use_cookies=False)
    usual = cpu_seconds(client, **{name: "es-MX,es;q=0.9,en;q=0.5" if name != "Cookie"
                                   else "lang=es"})
    assert cpu_seconds(client, **{name: value}) < 3 * usual


def test_a_long_header_is_read_from_its_start(app):
    client = app.test_client(use_cookies=False)
    prefers = {"Accept-Language": "es-MX, en;q=0.5, " + "x," * 4000}
    assert client.get("/", headers=prefers).headers["Location"] == "/es/"
    remembered = {"Accept-Language": "en", "Cookie": "a=b; " * 1600 + "lang=es"}
    assert client.get("/", headers=remembered).headers["Location"] == "/es/"
    assert client.get("/", headers={"Accept-Language": "en", "Cookie": "flang=es; lang=x"}
                      ).headers["Location"] == "/en/"


def test_an_explicit_choice_is_remembered(client):
    client.get(f"/es/{SLUG}/")  # the visitor chose Spanish
    assert client.get("/", headers={"Accept-Language": "en"}).headers["Location"] == "/es/"
    client.get("/en/")
    assert client.get("/", headers={"Accept-Language": "es"}).headers["Location"] == "/en/"


def test_security_headers_on_pages_errors_and_files(client, mp3):
    for url in ("/en/", f"/en/{SLUG}/", "/en/missing/", mp3, "/static/js/player.js"):
        headers = client.get(url).headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_style_and_no_other_host(client):
    page = client.get(f"/en/{SLUG}/").get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert " style=" not in page and "<style" not in page and " on" + "click=" not in page
    hosts = set(re.findall(r'(?:src|href)="(?:https?:)?//([^/"]+)', page))
    assert hosts == {"127.0.0.1:5000"}  # the alternate-language links: library.toml's base_url


def test_audio_ranges_etags_and_caching(client, mp3):
    whole = client.get(mp3)
    assert whole.status_code == 200 and whole.mimetype == "audio/mpeg"
    assert "immutable" in whole.headers["Cache-Control"]
    assert "max-age=31536000" in whole.headers["Cache-Control"]
    size = len(whole.data)
    part = client.get(mp3, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["Content-Range"] == f"bytes 100-199/{size}"
    assert part.data == whole.data[100:200]
    assert client.get(mp3, headers={"Range": "bytes=-10"}).data == whole.data[-10:]
    beyond = client.get(mp3, headers={"Range": f"bytes={size + 10}-"})
    assert beyond.status_code == 416 and beyond.headers["Content-Range"] == f"bytes */{size}"
    assert client.get(mp3, headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304


@pytest.mark.parametrize("value", [
    "garbage", "bytes=", "bytes=-", "bytes=5-1", "bytes=1-2-3", "bytes=a-b", "items=0-9",
    "bytes 0-9", "bytes=0-1,4-5", "bytes=0-9, -5", "bytes=" + "0-1," * 2000,
    "bytes=" + "9" * 400 + "-", "bytes=-" + "9" * 5000,
])
def test_a_range_that_is_invalid_of_another_unit_or_multiple_is_ignored(client, mp3, value):
    """RFC 9110 14.2: such a Range is ignored, and the whole file is sent."""
    for url in (mp3, "/static/js/player.js"):
        whole = client.get(url).data
        response = client.get(url, headers={"Range": value})
        assert response.status_code == 200 and "Content-Range" not in response.headers
        assert response.data == whole


def test_an_unsatisfiable_range_is_416_with_the_size(client, mp3):
    size = len(client.get(mp3).data)
    for value in (f"bytes={size}-", f"bytes={size}-{size + 9}", "bytes=-0", "BYTES=99999999-"):
        response = client.get(mp3, headers={"Range": value})
        assert response.status_code == 416, value
        assert response.headers["Content-Range"] == f"bytes */{size}"
    # If-Range that no longer matches asks for the whole file, and gets it (RFC 9110 13.1.5).
    stale = client.get(mp3, headers={"Range": f"bytes={size}-", "If-Range": '"old"'})
    assert stale.status_code == 200 and len(stale.data) == size


@pytest.mark.parametrize("headers, page", [
    ({"If-Match": '"another-version"'}, True),
    ({"If-Match": '"a", "b"', "Range": "bytes=0-9"}, True),
    # Pages carry no modification date, so If-Unmodified-Since applies to files only.
    ({"If-Unmodified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}, False),
])
def test_a_failed_precondition_is_412_without_body_or_long_caching(client, mp3, headers, page):
    for url in (mp3, "/static/js/player.js", *([f"/en/{SLUG}/"] if page else [])):
        response = client.get(url, headers={**headers, "Accept-Encoding": "gzip"})
        assert response.status_code == 412, url
        assert response.data == b"" and response.headers["Content-Length"] == "0"
        assert response.headers["Cache-Control"] == "no-store"
        assert "Content-Range" not in response.headers


def test_a_precondition_that_holds_changes_nothing(client, mp3):
    whole = client.get(mp3)
    etag, size = whole.headers["ETag"], len(whole.data)
    for headers in ({"If-Match": etag}, {"If-Match": "*"},
                    {"If-Unmodified-Since": whole.headers["Last-Modified"]}):
        assert client.get(mp3, headers=headers).data == whole.data
        part = client.get(mp3, headers={**headers, "Range": "bytes=0-9"})
        assert part.status_code == 206 and part.headers["Content-Range"] == f"bytes 0-9/{size}"
    # A weak validator never matches If-Match (RFC 9110 13.1.1: the strong comparison).
    assert client.get(mp3, headers={"If-Match": f"W/{etag}"}).status_code == 412


def test_webvtt_is_served_with_its_type(client):
    page = client.get(f"/es/{SLUG}/").get_data(as_text=True)
    vtt = re.search(r'<track kind="metadata" src="([^"]+)"', page).group(1)
    response = client.get(vtt)
    assert response.mimetype == "text/vtt"
    assert response.get_data(as_text=True).startswith("WEBVTT")


@pytest.mark.parametrize("url", ["/audio/../library/library.toml",
                                 "/audio/%2e%2e/library/library.toml", "/audio/manifest.json",
                                 "/audio/en/../../library/library.toml",
                                 "/audio/README.md", "/audio/en/nope.mp3", "/audio//etc/passwd"])
def test_only_files_the_manifest_names_are_served(client, url):
    assert client.get(url).status_code in (404, 308)


def test_text_is_gzipped_for_clients_that_accept_it(client):
    for url in (f"/en/{SLUG}/", "/static/css/site.css", "/static/js/player.js", "/en/feed.xml"):
        plain = client.get(url)
        packed = client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert packed.headers["Content-Encoding"] == "gzip", url
        assert gzip.decompress(packed.data) == plain.data
        assert len(packed.data) < len(plain.data)
        assert "Accept-Encoding" in packed.headers["Vary"]


def test_head_and_get_agree_for_gzip_clients(client):
    page = client.get(f"/es/{SLUG}/").get_data(as_text=True)
    vtt = re.search(r'<track kind="metadata" src="([^"]+)"', page).group(1)
    for url in (f"/en/{SLUG}/", "/static/css/site.css", "/en/feed.xml", vtt):
        for encoding in ("gzip", "identity"):
            headers = {"Accept-Encoding": encoding}
            get, head = client.get(url, headers=headers), client.head(url, headers=headers)
            assert head.data == b"", url
            for name in ("Content-Length", "ETag", "Content-Encoding", "Content-Type"):
                assert head.headers.get(name) == get.headers.get(name), (url, encoding, name)


def test_compressed_static_files_revalidate(client):
    first = client.get("/static/css/site.css", headers={"Accept-Encoding": "gzip"})
    again = client.get("/static/css/site.css",
                       headers={"Accept-Encoding": "gzip", "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_healthz(client):
    assert client.get("/healthz").get_json() == {"status": "ok", "built": True, "articles": 3}


@pytest.mark.parametrize("lang, title", [("en", "Health Library"), ("es", "Biblioteca de Salud")])
def test_feed_has_an_item_per_section_and_article(client, lang, title):
    response = client.get(f"/{lang}/feed.xml")
    assert response.mimetype == "application/rss+xml"
    feed = feedparser.parse(response.data)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == title and feed.feed.language == lang
    assert feed.feed.tags[0].term == "Health & Fitness"
    assert len(feed.entries) == 12  # per article (and its easy read): the whole and 5 sections
    for entry in feed.entries:
        (enclosure,) = entry.enclosures
        assert enclosure.type == "audio/mpeg"
        path = enclosure.href.removeprefix("http://127.0.0.1:5000")
        assert int(enclosure.length) == len(client.get(path).data)
        assert int(entry.itunes_duration) > 0


def test_podcast_apps_show_item_text_as_written_never_as_html(tiny_root, support):
    """Text that looks like HTML ("<script>", "&") is shown as text by feedparser (HTML
    descriptions, which it cleans) and podcastparser (plain text as gPodder shows it)."""
    data = support.make_app(tiny_root).test_client().get("/en/feed.xml").data
    written = "<script>alert(1)</script> Drink water."
    read = feedparser.parse(data)
    assert not read.bozo, read.bozo_exception
    summaries = [(e.summary_detail.type, e.summary) for e in read.entries]
    about = ('<section class="provenance">\n<h2 id="about-h">About this article</h2>\n'
             "<ul><li>Written by Somewhere.</li></ul>\n</section>")  # where it comes from
    assert summaries == [("text/html", "<p>A summary &amp; more.</p>" + about),
                         ("text/html", "<p>&lt;script&gt;alert(1)&lt;/script&gt; Drink water.</p>"),
                         ("text/html", "")]
    episodes = podcastparser.parse("http://127.0.0.1:5000/en/feed.xml", io.BytesIO(data))
    assert [(e["title"], e["description"]) for e in episodes["episodes"]] == [
        ("Tiny <b>bold</b>", "A summary & more.\nAbout this article\n\n * Written by Somewhere."),
        ("Tiny <b>bold</b>: Tiny <b>", written),
        ("Tiny <b>bold</b>: Care", "")]
    assert episodes["description"] == "Health articles you can listen to and read."


def test_a_page_is_not_sent_again_to_a_browser_that_has_it(client):
    path = "/es/heroin-and-the-brain/"
    first = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "gzip"
    again = client.get(path, headers={"Accept-Encoding": "gzip",
                                      "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    plain = client.get(path)
    assert plain.headers["ETag"] != first.headers["ETag"] and b"<html" in plain.data


def test_a_track_a_build_replaced_still_plays_until_the_next_build(support, tmp_path):
    """A listener who loaded the page before a build can still play and seek its audio."""
    from test_build import PARAGRAPH, edit_paragraph

    from web.pipeline.build import BuildOptions, build_library
    from web.pipeline.settings import load_settings

    root = support.copy_project(tmp_path / "project")
    settings = load_settings(root)
    build_library(settings, BuildOptions(languages=("en",), engine="silent"))
    client = support.make_app(root).test_client()
    page = client.get("/en/heroin-and-the-brain/").get_data(as_text=True)
    old = sorted(set(re.findall(r'/audio/en/[^"]+\.mp3', page)))
    for text in ("Heroin changes the brain.", "Heroin changes the brain over time."):
        edit_paragraph(root, PARAGRAPH, text)
        build_library(settings, BuildOptions(languages=("en",), engine="silent"))
        statuses = {client.get(url, headers={"Range": "bytes=0-9"}).status_code for url in old}
        if text.endswith("brain."):  # one build later: everything still plays
            assert statuses == {206}
    # Two builds later, the tracks that changed are gone; the others are still published.
    assert statuses == {206, 404}


# -- The site's address: from library.toml or LIBRARY_BASE_URL, never from the request ---------

BASE = "http://127.0.0.1:5000"  # library.toml's [site] base_url
PAGES = ["/", "/en", "/en/", "/es/", f"/en/{SLUG}/", f"/es/{SLUG}", f"/es/{SLUG}/with/en/",
         "/en/feed.xml", "/es/feed.xml", "/en/search/", "/en/saved/", "/en/topics/opioids/",
         "/en/missing/", "/sw.js"]


def absolute_urls(response) -> set[str]:
    """Return every absolute URL a response names: in its Location and in its body."""
    found = set(re.findall(r"""(?:https?:)?//[^\s"'<>]+""", response.get_data(as_text=True)))
    location = response.headers.get("Location", "")
    return found | ({location} if location and not re.match("/[^/]", location) else set())


def own_urls(urls) -> set[str]:
    """Leave out the XML namespaces a feed declares."""
    return {u for u in urls if not re.match(r"https?://(www\.itunes\.com|podcastindex\.org|"
                                            r"www\.w3\.org)/", u)}


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:8123", "[::1]:9000", "LOCALHOST."])
def test_every_absolute_url_is_the_base_urls_whatever_the_host(client, host):
    for path in PAGES:
        response = client.get(path, headers={"Host": host, "X-Forwarded-Host": "evil.example"})
        assert response.status_code < 500, path
        for url in own_urls(absolute_urls(response)):
            assert url.startswith(BASE + "/"), (path, url)
    # The trailing-slash redirect and the language redirect name the site too.
    assert client.get("/en", headers={"Host": host}).headers["Location"] == f"{BASE}/en/"


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5000", "127.0.0.2",
                                  "localhost.evil.example", "127.0.0.1@evil.example",
                                  "a" * 4000])
def test_an_unknown_host_is_refused_with_a_short_page(client, host):
    for path in PAGES:
        response = client.get(path, headers={"Host": host})
        assert response.status_code == 400, path
        page = response.get_data(as_text=True)
        assert "Unknown address" in page and len(page) < 300
        assert "evil" not in page and "Location" not in response.headers
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_health_check_answers_any_host(client):
    response = client.get("/healthz", headers={"Host": "10.0.0.7:8000"})
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_the_base_url_comes_from_the_environment_first(built_root, support, monkeypatch):
    monkeypatch.setenv("LIBRARY_BASE_URL", "https://library.example.org/health")
    client = support.make_app(built_root).test_client()
    host = {"Host": "library.example.org"}
    feed = feedparser.parse(client.get("/es/feed.xml", headers=host).data)
    assert feed.feed.link == "https://library.example.org/health/es/"
    assert all(e.enclosures[0].href.startswith("https://library.example.org/health/audio/es/")
               for e in feed.entries)
    assert client.get("/es", headers=host).headers["Location"] == (
        "https://library.example.org/health/es/")
    assert client.get("/es/", headers={"Host": "127.0.0.1:5000"}).status_code == 200
    assert client.get("/es/", headers={"Host": "example.org"}).status_code == 400


def test_a_wrong_base_url_in_the_environment_stops_the_site_with_what_to_do(built_root, support,
                                                                             monkeypatch):
    from web.pipeline.errors import SettingsError

    monkeypatch.setenv("LIBRARY_BASE_URL", "library.example.org")
    with pytest.raises(SettingsError, match=r"^LIBRARY_BASE_URL=library\.example\.org is not an "
                                            r"absolute http or https address with a host name\. "
                                            r"Set it to the address"):
        support.make_app(built_root)


def test_many_hosts_do_not_grow_the_page_store(app):
    client = app.test_client()
    for port in range(1, 301):
        assert client.get("/en/", headers={"Host": f"localhost:{port}"}).status_code == 200
        assert client.get("/en/", headers={"Host": f"x{port}.example"}).status_code == 400
    assert len(app.extensions["library"].current().pages) == 1


def test_the_page_store_keeps_the_pages_used_last(app, monkeypatch):
    from web import page_cache

    monkeypatch.setattr(page_cache, "MAX_PAGES", 3)
    client = app.test_client()
    pages = app.extensions["library"].current().pages
    paths = ["/en/", "/es/", f"/en/{SLUG}/", f"/es/{SLUG}/", "/en/saved/"]
    first = {path: client.get(path).data for path in paths}
    assert len(pages) == 3
    client.get(f"/es/{SLUG}/")  # used again: kept when the next page comes in
    client.get("/en/feed.xml")
    assert [path for _, path in pages] == ["/en/saved/", f"/es/{SLUG}/", "/en/feed.xml"]
    assert {path: client.get(path).data for path in paths} == first  # the same pages as before
