"""The static export: served by nginx with deploy/nginx.conf, it answers like the app."""

from __future__ import annotations

import gzip
import re
import shutil
from dataclasses import replace
from pathlib import Path

import brotli
import feedparser
import pytest
import requests
from conftest import Staff
from front_support import send_bytes
from markupsafe import Markup

from deploy.nginx_server import BROTLI_MODULE, Nginx, free_port
from web import create_app
from web.export import MARKER, Crawler, ExportError, export_site
from web.headers import SECURITY
from web.pipeline.manifest import load_manifest, write_manifest
from web.pipeline.products.offline_downloads import make_downloads
from web.pipeline.settings import load_settings
from web.pipeline.translation.interface import read_interface
from web.precompressed import is_text

SLUG = "heroin-and-the-brain"
CDN = "https://cdn.example.org/library/"


@pytest.fixture(scope="module")
def library(built_root: Path, tmp_path_factory) -> Path:
    """A copy of the built library, with its offline downloads (made here if the build has
    none)."""
    root = tmp_path_factory.mktemp("export") / "project"
    shutil.copytree(built_root, root)
    path = root / "audio" / "manifest.json"
    manifest = load_manifest(path)
    if not manifest.downloads:
        words = {code: read_interface(load_settings(root), code) for code in manifest.languages}
        made = make_downloads(manifest, root / "audio", words, {
            (a.slug, code) for a in manifest.articles for code in a.editions})
        downloads = {a.slug: {code: made[(a.slug, code)] for code in a.editions}
                     for a in manifest.articles}
        write_manifest(replace(manifest, downloads=downloads), path)
    return root


@pytest.fixture(scope="module")
def served(library: Path):
    """The library exported for its nginx address, and nginx serving it with the sample config."""
    port = free_port()
    site = library.parent / "site"
    export_site(make_app(library), site, f"http://127.0.0.1:{port}/")
    with Nginx(site, library.parent / "nginx", port) as nginx:
        yield nginx


def make_app(root: Path):
    """The app on `root` (web_support is imported once pytest has loaded it as a plugin)."""
    import web_support

    return web_support.make_app(root)


def get(served, path: str, **headers) -> requests.Response:
    return requests.get(served.url + path, headers=headers, timeout=10, allow_redirects=False)


def first_mp3(served) -> str:
    page = get(served, f"/en/{SLUG}/").text
    return re.search(r'href="(/audio/en/[^"]+/01-[^"]+\.mp3)"', page).group(1)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_index_and_article_pages_in_each_language(served, lang):
    for path in (f"/{lang}/", f"/{lang}/{SLUG}/"):
        response = get(served, path)
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/html")
        assert f'<html lang="{lang}">' in response.text
    other = "es" if lang == "en" else "en"
    assert f'href="/{other}/{SLUG}/" hreflang="{other}"' in response.text


def test_pages_carry_the_apps_security_headers(served):
    headers = get(served, f"/en/{SLUG}/").headers
    assert {name: headers.get(name) for name in SECURITY} == SECURITY


@pytest.mark.parametrize("request_bytes, status", [
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414),
    (b"POST /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2000000\r\n\r\n", 413),
])
def test_nginx_refusals_carry_the_apps_security_headers(served, request_bytes, status):
    response = send_bytes(served.port, request_bytes)
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in SECURITY} == SECURITY


def test_front_page_lists_both_languages_and_loads_its_chooser_script(served):
    page = get(served, "/").text
    assert 'href="/en/" hreflang="en" lang="en">English<' in page
    assert 'href="/es/" hreflang="es" lang="es">Español<' in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all("src=" in attrs for attrs in scripts)  # no inline script under CSP
    source = re.search(r'src="([^"]+)"', scripts[0]).group(1)
    script = get(served, source)
    assert script.status_code == 200
    assert "javascript" in script.headers["Content-Type"]
    assert "location.replace" in script.text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_feed_parses_and_its_enclosures_are_served(served, lang):
    response = get(served, f"/{lang}/feed.xml")
    assert response.headers["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.feed.language == lang
    enclosures = [link for entry in feed.entries for link in entry.enclosures]
    assert len(enclosures) == len(feed.entries) > 1
    for enclosure in enclosures:
        assert enclosure.href.startswith(served.url + "/audio/")
        audio = requests.head(enclosure.href, timeout=10)
        assert audio.status_code == 200
        assert audio.headers["Content-Type"] == "audio/mpeg"
        assert audio.headers["Content-Length"] == enclosure.length


def test_audio_ranges(served, library):
    path = first_mp3(served)
    data = (library / path.lstrip("/")).read_bytes()
    partial = get(served, path, Range="bytes=100-299")
    assert partial.status_code == 206
    assert partial.content == data[100:300]
    assert partial.headers["Content-Range"] == f"bytes 100-299/{len(data)}"
    assert get(served, path, Range=f"bytes={len(data) + 10}-").status_code == 416


def test_content_hashed_files_are_cached_for_a_year_and_cues_are_vtt(served):
    mp3 = get(served, first_mp3(served))
    assert "immutable" in mp3.headers["Cache-Control"]
    assert "max-age=31536000" in mp3.headers["Cache-Control"]
    cues = get(served, first_mp3(served)[:-4] + ".vtt")
    assert cues.headers["Content-Type"].startswith("text/vtt")
    assert cues.text.startswith("WEBVTT")
    page = get(served, "/en/")
    assert "immutable" not in page.headers["Cache-Control"]


def test_each_article_download_is_listed_and_downloadable(served, library):
    for slug, of in load_manifest(library / "audio" / "manifest.json").downloads.items():
        for lang, download in of.items():
            assert f'href="/{lang}/downloads/"' in get(served, f"/{lang}/").text
            assert f'href="/audio/{download.file}"' in get(served, f"/{lang}/downloads/").text
            assert f'href="/audio/{download.file}"' in get(served, f"/{lang}/{slug}/").text
            response = get(served, f"/audio/{download.file}")
            assert response.status_code == 200
            assert len(response.content) == download.bytes


@pytest.mark.parametrize("path, lang, title", [
    ("/es/no-existe/", "es", "Página no encontrada"),
    ("/en/no-such-article/", "en", "Page not found"),
    ("/nothing/here", "en", "Page not found"),
])
def test_missing_pages_get_the_localized_404(served, path, lang, title):
    response = get(served, path)
    assert response.status_code == 404
    assert f'<html lang="{lang}">' in response.text
    assert f"<h1>{title}</h1>" in response.text


def test_text_is_compressed_and_the_marker_is_not_served(served):
    assert get(served, f"/es/{SLUG}/", **{"Accept-Encoding": "gzip"}).headers.get(
        "Content-Encoding") == "gzip"
    assert get(served, "/es/feed.xml", **{"Accept-Encoding": "gzip"}).headers.get(
        "Content-Encoding") == "gzip"
    assert get(served, f"/{MARKER}").status_code == 404


def test_every_text_file_is_written_beside_its_gzip_and_brotli_copies(served):
    texts = [path for path in served.site.rglob("*") if is_text(path)]
    assert {path.suffix for path in texts} >= {".html", ".css", ".js", ".json", ".xml", ".vtt",
                                               ".webmanifest"}
    for path in texts:
        data = path.read_bytes()
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == data, path
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == data, path
    for mp3 in served.site.rglob("*.mp3"):  # audio is compressed already
        assert not mp3.with_name(mp3.name + ".gz").exists()


def raw_get(served, path: str, encodings: str | None):
    """Ask nginx for `path` accepting `encodings`; return the answer with its body as sent."""
    accept = f"Accept-Encoding: {encodings}\r\n" if encodings else ""
    return send_bytes(served.port, f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{accept}"
                      "Connection: close\r\n\r\n".encode())


@pytest.mark.parametrize("path, file", [
    ("/es/", "es/index.html"), (f"/en/{SLUG}/", f"en/{SLUG}/index.html"),
    ("/en/feed.xml", "en/feed.xml"), ("/static/css/site.css", "static/css/site.css"),
    ("/static/js/player.js", "static/js/player.js"),
    ("/nothing/here", "404.html"),
])
@pytest.mark.parametrize("accept, encoding", [("gzip", "gzip"), ("gzip, deflate, br", "br"),
                                              (None, None)])
def test_nginx_sends_the_copy_the_export_wrote_as_it_is(served, path, file, accept, encoding):
    if encoding == "br" and not BROTLI_MODULE.exists():
        pytest.skip("nginx has no brotli module here (libnginx-mod-http-brotli-static)")
    response = raw_get(served, path, accept)
    suffix = {"gzip": ".gz", "br": ".br", None: ""}[encoding]
    assert response.data == (served.site / (file + suffix)).read_bytes()
    assert response.headers.get("Content-Encoding") == encoding
    assert response.headers.get("Vary") == "Accept-Encoding"
    assert {name: response.headers.get(name) for name in SECURITY} == SECURITY


def test_nginx_without_the_brotli_module_starts_and_sends_gzip(served, tmp_path, monkeypatch):
    monkeypatch.setattr("deploy.nginx_server.BROTLI_MODULE", tmp_path / "absent.so")
    with Nginx(served.site, tmp_path / "nginx") as plain:
        response = raw_get(plain, "/es/", "br, gzip")
    assert response.headers.get("Content-Encoding") == "gzip"
    assert response.data == (served.site / "es" / "index.html.gz").read_bytes()


def test_export_is_what_the_app_serves(library, tmp_path):
    """The copy holds what the app serves when its base URL is the copy's (a front server
    passes it the paths under /library/ without the prefix)."""
    export_site(make_app(library), tmp_path / "site", CDN)
    app = create_app({"TESTING": True, "LIBRARY_ROOT": str(library), "BASE_URL": CDN})
    client = app.test_client()
    for path in ("es/", f"es/{SLUG}/", f"es/{SLUG}/with/en/", "en/feed.xml",
                 "static/css/site.css"):
        served = client.get("/" + path, base_url="https://cdn.example.org/").data
        assert (tmp_path / "site" / path / ("index.html" if path.endswith("/") else "")
                ).read_bytes() == served


def test_base_url_with_a_path(library, tmp_path):
    export_site(make_app(library), tmp_path / "site", CDN)
    page = (tmp_path / "site" / "en" / SLUG / "index.html").read_text("utf-8")
    assert 'href="/library/static/css/site.css"' in page
    assert re.search(r'src="/library/audio/en/[^"]+\.mp3"', page)
    feed = feedparser.parse((tmp_path / "site" / "es" / "feed.xml").read_bytes())
    for entry in feed.entries:
        href = entry.enclosures[0].href
        assert href.startswith(CDN + "audio/es/")
        assert (tmp_path / "site" / href[len(CDN):]).is_file()


def test_cli_exports_and_replaces_a_previous_export(library, tmp_path):
    staff = Staff(library)
    site = tmp_path / "site"
    first = staff.run("export", str(site), "--base-url", CDN)
    assert re.fullmatch(rf"Exported \d+ pages and \d+ files \(\d+\.\d MB\) to {site} for {CDN}\n",
                        first.output)
    (site / "stale.html").write_text("left from an old export")
    staff.run("export", str(site), "--base-url", "https://example.org")
    assert not (site / "stale.html").exists()
    assert "https://example.org/en/" in (site / "index.html").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left


def test_a_base_url_with_quotes_and_angle_brackets_is_written_percent_encoded(library, tmp_path):
    site = tmp_path / "site"
    export_site(make_app(library), site, 'https://cdn.example.org/a"b<c>d\'e/')
    encoded = "https://cdn.example.org/a%22b%3Cc%3Ed%27e/"
    front = (site / "index.html").read_text("utf-8")
    assert f'<link rel="alternate" hreflang="es" href="{encoded}es/">' in front
    assert '<a href="/a%22b%3Cc%3Ed%27e/es/" hreflang="es" lang="es">Español</a>' in front
    for page in (front, (site / "es" / SLUG / "index.html").read_text("utf-8"),
                 (site / "es" / "feed.xml").read_text("utf-8")):
        # Neither as typed nor only escaped as HTML: a URL holds no quote or angle bracket.
        for raw in ('a"b', "a&#34;b", "a&quot;b", "<c>", "&lt;c&gt;", "d'e", "d&#39;e"):
            assert raw not in page
    feed = feedparser.parse((site / "es" / "feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.link == encoded + "es/"
    assert all(entry.enclosures[0].href.startswith(encoded + "audio/es/")
               for entry in feed.entries)


@pytest.mark.parametrize("base_url", ["ftp://cdn.example.org/library/", "cdn.example.org",
                                      "javascript:alert(1)//", 'https://cdn"example.org/'])
def test_cli_refuses_a_base_url_that_is_not_http(library, tmp_path, base_url):
    result = Staff(library).run("export", str(tmp_path / "site"), "--base-url", base_url,
                                expect=1)
    assert result.output == (f"Error: --base-url {base_url} is not an absolute http or https "
                             "address with a host name. Give the address the copy will be "
                             "served from, such as https://cdn.example.org/library/.\n")
    assert not (tmp_path / "site").exists()


def test_cli_refuses_a_folder_that_is_not_an_export(library, tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep me")
    result = Staff(library).run("export", str(folder), expect=1)
    assert result.output.startswith(f"Error: {folder}: the folder is not empty")
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]


def test_cli_needs_a_built_library(staff, tmp_path):
    result = staff.run("export", str(tmp_path / "site"), expect=1)
    assert result.output == (f"Error: {staff.root / 'audio' / 'manifest.json'}: no library is "
                             "built yet. Run 'python manage_content.py build' first, then export "
                             "again.\n")
    assert not (tmp_path / "site").exists()


def test_a_failed_export_leaves_the_previous_one_whole(library, tmp_path, monkeypatch):
    app = make_app(library)
    site = tmp_path / "site"
    export_site(app, site, CDN)
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    saved = []

    def fail_after_three(self, path, response):
        saved.append(path)
        if len(saved) > 3:
            raise OSError("No space left on device")
        original(self, path, response)

    original = Crawler.save
    monkeypatch.setattr(Crawler, "save", fail_after_three)
    with pytest.raises(OSError):
        export_site(app, site, "https://other.example.org/")
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before
    assert CDN in (site / "en" / "feed.xml").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_export_stopped_while_compressing_leaves_the_previous_one_whole(library, tmp_path,
                                                                        monkeypatch):
    app = make_app(library)
    site = tmp_path / "site"
    export_site(app, site, CDN)
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def full_disk(folder, previous):
        (folder / "en" / "index.html.br").write_bytes(b"half")
        raise OSError("No space left on device")

    monkeypatch.setattr("web.export.compress_text_files", full_disk)
    with pytest.raises(OSError):
        export_site(app, site, "https://other.example.org/")
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_broken_link_stops_the_export(library, tmp_path):
    app = make_app(library)
    app.jinja_env.globals["library_name"] = lambda: Markup('Library <a href="/en/gone/">old</a>')
    with pytest.raises(ExportError, match=r"/en/gone/ \(linked from /.*\): the site answers 404"):
        export_site(app, tmp_path / "site", "https://example.org/")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.browser
def test_the_front_page_sends_visitors_to_their_language_and_remembers_it(served, browser):
    """In Chromium: the browser's language first, then the language the visitor last read."""
    context = browser.new_context(locale="es-MX")
    page = context.new_page()
    page.goto(served.url + "/")
    page.wait_for_url(served.url + "/es/")
    page.goto(served.url + f"/en/{SLUG}/")  # the visitor reads in English
    page.goto(served.url + "/")
    page.wait_for_url(served.url + "/en/")
    context.close()
