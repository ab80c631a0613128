"""What search engines and link previews read, in the app and in the static export: canonical
links, descriptions, Open Graph cards with the cover, hreflang alternates with x-default, the
sitemap and robots.txt."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import requests

from deploy.nginx_server import Nginx, free_port
from web.export import export_site
from web.pipeline.manifest import load_manifest

SLUG = "heroin-and-the-brain"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class Head(HTMLParser):
    """The <link> and <meta> elements of a page."""

    def __init__(self, text: str):
        super().__init__()
        self.links: list[dict] = []
        self.meta: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link":
            self.links.append(attrs)
        elif tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")

    def link(self, rel: str) -> str | None:
        return next((a["href"] for a in self.links if a.get("rel") == rel), None)

    def alternates(self) -> dict[str, str]:
        return {a["hreflang"]: a["href"] for a in self.links
                if a.get("rel") == "alternate" and "hreflang" in a}


@pytest.fixture(scope="module")
def exported(built_root: Path, tmp_path_factory):
    """The built library exported for its nginx address, and nginx serving it."""
    from web_support import make_app

    folder = tmp_path_factory.mktemp("discovery")
    port = free_port()
    site = folder / "site"
    export_site(make_app(built_root), site, f"http://127.0.0.1:{port}/")
    with Nginx(site, folder / "nginx", port) as nginx:
        yield site, nginx, load_manifest(built_root / "audio" / "manifest.json")


def sitemap_entries(data: bytes) -> dict[str, dict[str, str]]:
    """Return each URL the sitemap lists with its alternates (hreflang -> URL)."""
    return {url.find(f"{SITEMAP}loc").text: {
        link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        for url in ElementTree.fromstring(data).iter(f"{SITEMAP}url")}


def exported_pages(site: Path, base: str) -> dict[str, str]:
    """Return the URL and text of every page the export wrote (but the language chooser)."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative == "index.html":
            continue
        url = base + (relative[:-len("index.html")] if relative.endswith("index.html")
                      else relative)
        pages[url] = path.read_text("utf-8")
    return pages


def test_the_sitemap_lists_every_page_of_the_export_in_every_language(exported):
    site, nginx, manifest = exported
    response = requests.get(nginx.url + "/sitemap.xml", timeout=10)
    assert response.status_code == 200
    listed = sitemap_entries(response.content)
    pages = exported_pages(site, nginx.url + "/")
    indexed = {url for url, text in pages.items() if 'name="robots" content="noindex"' not in text}
    assert set(listed) == indexed
    assert {f"{nginx.url}/{lang}/{SLUG}/" for lang in ("en", "es")} <= indexed
    assert f"{nginx.url}/en/{SLUG}/with/es/" in indexed
    left_out = set(pages) - indexed  # one visitor's own pages, and the not-found pages
    assert {url.removeprefix(nginx.url + "/").split("/", 1)[-1] for url in left_out} == {
        "saved/", "offline/", "404.html"}
    for url, alternates in listed.items():
        assert url in alternates.values() and "x-default" in alternates
        assert set(alternates) - {"x-default"} <= {"en", "es"}
    assert listed[f"{nginx.url}/es/{SLUG}/"] == {
        "en": f"{nginx.url}/en/{SLUG}/", "es": f"{nginx.url}/es/{SLUG}/",
        "x-default": f"{nginx.url}/en/{SLUG}/"}
    robots = requests.get(nginx.url + "/robots.txt", timeout=10)
    assert robots.status_code == 200
    assert f"Sitemap: {nginx.url}/sitemap.xml" in robots.text.splitlines()


def test_every_page_names_its_canonical_address_and_alternates_that_resolve(exported):
    site, nginx, manifest = exported
    listed = sitemap_entries(requests.get(nginx.url + "/sitemap.xml", timeout=10).content)
    for url in listed:
        head = Head(requests.get(url, timeout=10).text)
        assert head.link("canonical") == url
        assert head.alternates() == listed[url]
        assert head.meta["og:url"] == url
        for href in head.alternates().values():
            assert requests.get(href, timeout=10).status_code == 200


def test_the_card_shows_the_articles_summary_and_the_languages_cover(exported):
    site, nginx, manifest = exported
    edition = manifest.article(SLUG).editions["es"]
    head = Head(requests.get(f"{nginx.url}/es/{SLUG}/", timeout=10).text)
    assert head.meta["description"] == head.meta["og:description"] == edition.summary
    assert head.meta["og:title"].startswith(edition.title)
    assert (head.meta["og:type"], head.meta["og:locale"]) == ("article", "es_419")
    assert head.meta["twitter:card"] == "summary"
    cover = f"{nginx.url}/audio/{manifest.covers['es'].file}"
    assert head.meta["og:image"] == cover
    image = requests.get(cover, timeout=10)
    assert image.status_code == 200 and image.headers["Content-Type"] == "image/png"
    assert image.content[:8] == b"\x89PNG\r\n\x1a\n"
    index = Head(requests.get(f"{nginx.url}/en/", timeout=10).text)
    assert index.meta["description"] == "Health articles you can listen to and read."
    assert index.meta["og:type"] == "website"
    assert index.meta["og:image"] == f"{nginx.url}/audio/{manifest.covers['en'].file}"


def test_the_app_writes_the_same_head_from_its_base_url(client):
    """Whatever Host a request names, addresses start with the configured base URL."""
    head = Head(client.get(f"/es/{SLUG}/", headers={"Host": "localhost"}).get_data(True))
    assert head.link("canonical") == f"http://127.0.0.1:5000/es/{SLUG}/"
    assert head.alternates()["x-default"] == f"http://127.0.0.1:5000/en/{SLUG}/"
    assert head.meta["og:image"].startswith("http://127.0.0.1:5000/audio/es/cover.")
