"""A static copy of the website for any static host or CDN: pages, feeds, files and assets.

The copy is made by crawling the app itself with Flask's test client, so it holds exactly what
the app serves: every route that takes no argument or only the language, the files of every
static folder, the files the manifest names, and whatever their pages, stylesheets and JSON link
to. Links stay root-relative under the base URL's path; feeds carry absolute URLs. Text files
are written beside their gzip and brotli copies (precompressed.py).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

from flask import render_template, url_for
from flask_babel import force_locale, gettext

from .export_folder import MARKER, ExportError, check_outside, check_target, swap_into_place
from .hosts import BASE_URL_KEY, site_environ
from .pipeline.addresses import normalize_base_url
from .precompressed import compress_text_files

# The language redirect becomes the front page written below; health checks need a server.
SERVER_ONLY = {"site.home", "site.healthz"}
LINK_ATTRIBUTES = {"href", "src", "poster"}
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)""")
JSON_TYPES = {"application/json", "application/manifest+json", "application/json+chapters"}
FEED_TYPE = "application/rss+xml"
FEED_LINKS = ("url", "href")  # the attributes a feed names files with (enclosures, chapters…)


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: its folder, base URL, pages, files and total bytes."""

    out_dir: Path
    base_url: str
    pages: int
    files: int
    bytes: int


def export_base_url(base_url: str) -> str:
    """Return --base-url as the copy's base URL (see pipeline/addresses.py), or raise
    ExportError."""
    try:
        return normalize_base_url(base_url)
    except ValueError as error:
        raise ExportError(f"--base-url {base_url} {error}. Give the address the copy will be "
                          "served from, such as https://cdn.example.org/library/.") from None


def export_site(app, out_dir: Path | str, base_url: str) -> ExportResult:
    """Write a static copy of the site to `out_dir`, replacing a previous export in one step."""
    base_url = export_base_url(base_url)
    out_dir = Path(out_dir).absolute()
    app.config["FRONT_FILES"] = ""  # the copy needs the files' bytes, never a hand-off to nginx
    check_target(out_dir)
    check_outside(out_dir, app)
    published = app.extensions["library"].current()
    if published is None:
        path = app.extensions["library"].path
        raise ExportError(f"{path}: no library is built yet. Run 'python manage_content.py build' "
                          "first, then export again.")
    languages = published.manifest.languages
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".export",
                                    dir=out_dir.parent))
    try:
        crawler = Crawler(app, base_url, staging)
        with app.test_request_context("/", base_url=base_url,
                                      environ_overrides=site_environ(base_url)):
            crawler.add_many(seed_urls(app, published))
            front = render_front_page(languages, published.manifest.library)
        for lang in languages:
            crawler.save_missing(f"/{lang}/404.html")
        crawler.save_missing("/404.html")
        crawler.crawl()
        (staging / "index.html").write_text(front, encoding="utf-8")
        # Before the swap: an export is whole or not there.
        compress_text_files(staging, out_dir if (out_dir / MARKER).is_file() else None)
        (staging / MARKER).write_text(json.dumps({"base_url": base_url}) + "\n", "utf-8")
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a web server must read it
        swap_into_place(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ExportResult(out_dir, base_url, crawler.pages + 1, crawler.files,
                        crawler.bytes + len(front.encode()))


def seed_urls(app, published) -> list[str]:
    """Return the URLs to start from (call inside a request context on the base URL)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SERVER_ONLY or "GET" not in rule.methods or rule.endpoint.endswith(
                "static"):
            continue
        if not rule.arguments:
            urls.append(url_for(rule.endpoint))
        elif rule.arguments == {"lang"}:
            urls += [url_for(rule.endpoint, lang=code) for code in published.manifest.languages]
    for name, blueprint in [(None, app), *app.blueprints.items()]:
        if blueprint.has_static_folder:
            folder = Path(blueprint.static_folder)
            endpoint = f"{name}.static" if name else "static"
            urls += [url_for(endpoint, filename=path.relative_to(folder).as_posix())
                     for path in sorted(folder.rglob("*")) if path.is_file()]
    urls += [url_for("media.audio", name=name) for name in sorted(published.files)]
    return urls


class Crawler:
    """Fetches site paths with the test client, saves them, and follows the links they hold."""

    def __init__(self, app, base_url: str, folder: Path):
        self.client = app.test_client(use_cookies=False)
        self.client.environ_base[BASE_URL_KEY] = base_url  # the site as seen from the copy's
        self.base_url = base_url
        self.site = urlsplit(base_url)
        self.script_root = self.site.path.rstrip("/")
        self.folder = folder
        with app.test_request_context("/", base_url=base_url):
            self.skip = {rule.rule for rule in app.url_map.iter_rules()
                         if rule.endpoint in SERVER_ONLY and not rule.arguments}
        self.queue: deque[tuple[str, str]] = deque()
        self.seen: set[str] = set()
        self.pages = self.files = self.bytes = 0

    def add(self, url: str, found_in: str = "the site's routes") -> None:
        """Queue a URL (relative to `found_in`'s address) if it is a path of this site."""
        page = self.base_url + found_in.lstrip("/") if found_in.startswith("/") else self.base_url
        parts = urlsplit(urljoin(page, url))
        if parts.scheme not in ("http", "https") or parts.netloc != self.site.netloc:
            return
        if not parts.path.startswith(self.script_root + "/"):
            return
        path = parts.path[len(self.script_root):]
        if path not in self.seen and path not in self.skip:
            self.seen.add(path)
            self.queue.append((path, found_in))

    def add_many(self, urls) -> None:
        for url in urls:
            self.add(url)

    def crawl(self) -> None:
        """Fetch every queued path and what it links to; a broken link is an ExportError."""
        while self.queue:
            path, found_in = self.queue.popleft()
            response = self.client.get(path, base_url=self.base_url, buffered=False)
            try:
                if 300 <= response.status_code < 400 and response.location:
                    self.add(response.location, path)
                elif response.status_code != 200:
                    raise ExportError(f"{self.script_root}{path} (linked from {found_in}): the "
                                      f"site answers {response.status}. Fix the link or the "
                                      "page, then export again.")
                else:
                    self.save(path, response)
            finally:
                response.close()

    def save_missing(self, path: str) -> None:
        """Save as `path` the not-found page the site shows in that folder."""
        probe = path.replace("404.html", "not/found/404.html")
        response = self.client.get(probe, base_url=self.base_url)
        if response.status_code != 404:
            raise ExportError(f"{probe}: expected the not-found page, got {response.status}. "
                              "Rename the page that uses this address.")
        self.save(path, response)

    def save(self, path: str, response) -> None:
        """Write a response body to its file ("/en/" becomes en/index.html) and follow links."""
        self.seen.add(path)
        target = self.folder / file_name(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as handle:
            for chunk in response.iter_encoded():
                handle.write(chunk)
        self.bytes += target.stat().st_size
        if response.mimetype == "text/html":
            self.pages += 1
        else:
            self.files += 1
        for url in links(target, response.mimetype):
            self.add(url, path)


def file_name(path: str) -> str:
    """Return the file of a site path: directories hold index.html; no way out of the folder."""
    parts = [unquote(p) for p in path.split("/") if p]
    if any(p in (".", "..") or "\\" in p for p in parts):
        raise ExportError(f"{path}: a link leaves the site's folder. Fix the link.")
    return "/".join(parts + ["index.html"] if path.endswith("/") else parts)


def links(file: Path, mimetype: str) -> list[str]:
    """Return the URLs an HTML page, stylesheet, JSON document or feed of the site refers to."""
    if mimetype == "text/html":
        parser = LinkParser()
        parser.feed(file.read_text("utf-8"))
        return parser.urls
    if mimetype == "text/css":
        return CSS_URL.findall(file.read_text("utf-8"))
    if mimetype in JSON_TYPES:
        return list(json_links(json.loads(file.read_text("utf-8"))))
    if mimetype == FEED_TYPE:
        return [element.get(name) for element in ElementTree.parse(file).iter()
                for name in FEED_LINKS if element.get(name)]
    return []


def json_links(value, key: str = ""):
    """Yield the strings under keys such as "src", "href", "url" or "start_url"."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from json_links(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from json_links(item, key)
    elif isinstance(value, str) and key.lower().endswith(("src", "href", "url")):
        yield value


class LinkParser(HTMLParser):
    """Collects href/src attributes, and data-* attributes that hold a site path."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        for name, value in attrs:
            if value and (name in LINK_ATTRIBUTES
                          or (name.startswith("data-") and value.startswith("/"))):
                self.urls.append(value)


def render_front_page(languages: tuple[str, ...], library: str) -> str:
    """Return the root page: each language's name and link; a script picks the visitor's."""
    names = {}
    for code in languages:
        with force_locale(code):
            names[code] = gettext(library)
    first_language_of: dict[str, str] = {}
    for code in languages:
        first_language_of.setdefault(names[code], code)
    return render_template("front.html", languages=languages, names=names,
                           first_language_of=first_language_of)
