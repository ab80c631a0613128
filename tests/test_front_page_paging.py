"""The front page of a large library: a page of cards at a time with links between the pages
that work without JavaScript, each page small whatever the library's size, every article on
one page; a topic's filter and the downloads page paged the same way; the static export writes
every page."""

from __future__ import annotations

import re

import pytest
from projects import copy_project
from web_support import TOPIC_NAMES, write_paged_library

from web.export import export_site
from web.paging import PAGE_SIZE
from web.pipeline.manifest import load_manifest

COUNT = 60  # three pages: 24, 24 and 12 cards
SLUGS = [f"topic-{number:03}" for number in range(1, COUNT + 1)]
WORDS = {"en": {"pages": "Pages", "of": "Page {} of {}", "page": "Page {}",
                "previous": "Previous page", "next": "Next page"},
         "es": {"pages": "Páginas", "of": "Página {} de {}", "page": "Página {}",
                "previous": "Página anterior", "next": "Página siguiente"}}


@pytest.fixture
def client(paged_root, support):
    return support.make_app(paged_root).test_client()


def card_slugs(html: str, lang: str) -> list[str]:
    """Return the slugs of the page's cards, by their titles' links, in order."""
    return re.findall(rf'<h3><a href="/{lang}/([^/"]+)/"', html)


def download_slugs(html: str, lang: str) -> list[str]:
    """Return the slugs of the articles the downloads page lists, by their titles' links."""
    return re.findall(rf'<h2><a href="/{lang}/([^/"]+)/"', html)


def next_link(html: str) -> str | None:
    found = re.search(r'<a href="([^"]+)" rel="next">', html)
    return found and found[1]


def walk(client, path: str) -> list[tuple[str, str]]:
    """Return (path, page) of each page from `path` on, following the links to the next."""
    pages = []
    while path:
        response = client.get(path)
        assert response.status_code == 200, path
        pages.append((path, response.get_data(as_text=True)))
        path = next_link(pages[-1][1])
    return pages


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_front_page_lists_one_page_of_cards_and_stays_small(client, lang):
    html = client.get(f"/{lang}/").get_data(as_text=True)
    assert card_slugs(html, lang) == SLUGS[:PAGE_SIZE]
    # 217 KB for 200 articles when it listed them all; all 60 cards here would be 45 KB.
    assert len(html.encode()) < 25_000
    words = WORDS[lang]
    nav = re.search(rf'<nav class="pages" aria-label="{words["pages"]}">(.*?)</nav>', html,
                    re.S)[1]
    assert f"<p>{words['of'].format(1, 3)}</p>" in nav
    assert f'<a href="/{lang}/page/2/" rel="next">{words["next"]}</a>' in nav
    assert 'rel="prev"' not in nav
    assert f'<a href="/{lang}/" aria-label="{words["page"].format(1)}" aria-current="page">1</a>' \
        in nav
    assert f'<a href="/{lang}/page/3/" aria-label="{words["page"].format(3)}">3</a>' in nav


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_article_is_on_one_page_reached_by_the_next_links(client, lang):
    pages = walk(client, f"/{lang}/")
    assert [path for path, _ in pages] == [f"/{lang}/", f"/{lang}/page/2/", f"/{lang}/page/3/"]
    assert [slug for _, html in pages for slug in card_slugs(html, lang)] == SLUGS
    second = pages[1][1]
    words = WORDS[lang]
    assert f'<a href="/{lang}/" rel="prev">{words["previous"]}</a>' in second
    assert f"<p>{words['of'].format(2, 3)}</p>" in second
    assert f"<title>{words['of'].format(2, 3)} · " in second
    assert 'aria-current="page">2</a>' in second
    assert "data-continue" in pages[0][1] and "data-continue" not in second  # the front's own
    assert client.get(f"/{lang}/page/4/").status_code == 404
    assert client.get(f"/{lang}/page/0/").status_code == 404
    first = client.get(f"/{lang}/page/1/")  # one address for each page
    assert first.status_code == 308 and first.location.endswith(f"/{lang}/")


def test_a_page_names_itself_and_its_other_languages(client):
    html = client.get("/es/page/2/").get_data(as_text=True)
    assert re.search(r'<link rel="canonical" href="http://[^"]+/es/page/2/">', html)
    assert re.search(r'<link rel="alternate" hreflang="en" href="http://[^"]+/en/page/2/">',
                     html)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_topic_filter_lists_only_that_topics_articles_a_page_at_a_time(client, lang):
    water = [slug for number, slug in enumerate(SLUGS, start=1) if number % 3]
    pages = walk(client, f"/{lang}/topics/water/")
    assert [path for path, _ in pages] == [f"/{lang}/topics/water/",
                                           f"/{lang}/topics/water/page/2/"]
    assert [slug for _, html in pages for slug in card_slugs(html, lang)] == water
    name = TOPIC_NAMES[lang]["water"]
    assert re.search(rf'<a href="/{lang}/topics/water/" aria-current="page"><span>{name}</span> '
                     r'\(40 \w+\)</a>', pages[1][1])  # the filter stays chosen on its pages
    sleep = client.get(f"/{lang}/topics/sleep/").get_data(as_text=True)
    assert card_slugs(sleep, lang) == SLUGS[2::3]  # 20: one page, and no page links
    assert 'class="pages"' not in sleep
    assert client.get(f"/{lang}/topics/sleep/page/2/").status_code == 404


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_downloads_page_lists_one_page_of_articles_and_stays_small(client, lang):
    html = client.get(f"/{lang}/downloads/").get_data(as_text=True)
    assert download_slugs(html, lang) == SLUGS[:PAGE_SIZE]
    assert len(html.encode()) < 16_000  # about 0.7 KB an article: all 60 would be 40 KB
    words = WORDS[lang]
    assert f"<p>{words['of'].format(1, 3)}</p>" in html
    assert f'<a href="/{lang}/downloads/page/2/" rel="next">{words["next"]}</a>' in html
    assert f'<a href="/{lang}/downloads/page/3/" aria-label="{words["page"].format(3)}">3</a>' \
        in html


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_downloads_pages_reach_every_articles_download(client, paged_root, lang):
    manifest = load_manifest(paged_root / "audio" / "manifest.json", blocks=False)
    pages = walk(client, f"/{lang}/downloads/")
    assert [path for path, _ in pages] == [f"/{lang}/downloads/", f"/{lang}/downloads/page/2/",
                                           f"/{lang}/downloads/page/3/"]
    assert [slug for _, html in pages for slug in download_slugs(html, lang)] == SLUGS
    linked = [name for _, html in pages
              for name in re.findall(r'<a href="/audio/([^"]+)" type="application/zip"', html)]
    assert linked == [manifest.downloads[slug][lang].file for slug in SLUGS]
    assert f"<title>{WORDS[lang]['of'].format(2, 3)} · " in pages[1][1]
    assert f'<a href="/{lang}/downloads/" rel="prev">' in pages[1][1]
    assert client.get(f"/{lang}/downloads/page/4/").status_code == 404
    assert client.get(f"/{lang}/downloads/page/0/").status_code == 404
    first = client.get(f"/{lang}/downloads/page/1/")
    assert first.status_code == 308 and first.location.endswith(f"/{lang}/downloads/")


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_topics_downloads_list_only_its_articles_a_page_at_a_time(client, lang):
    water = [slug for number, slug in enumerate(SLUGS, start=1) if number % 3]
    topic = client.get(f"/{lang}/topics/water/page/2/").get_data(as_text=True)
    assert f'<a href="/{lang}/topics/water/downloads/">' in topic  # from each of its pages
    pages = walk(client, f"/{lang}/topics/water/downloads/")
    assert [path for path, _ in pages] == [f"/{lang}/topics/water/downloads/",
                                           f"/{lang}/topics/water/downloads/page/2/"]
    assert [slug for _, html in pages for slug in download_slugs(html, lang)] == water
    name = TOPIC_NAMES[lang]["water"]
    assert f"<h1><span>{name}</span> · " in pages[1][1]
    assert f'<a href="/{lang}/downloads/">' in pages[1][1]  # back to every article's
    sleep = client.get(f"/{lang}/topics/sleep/downloads/").get_data(as_text=True)
    assert download_slugs(sleep, lang) == SLUGS[2::3] and 'class="pages"' not in sleep
    assert client.get(f"/{lang}/topics/sleep/downloads/page/2/").status_code == 404
    assert client.get(f"/{lang}/topics/nothing/downloads/").status_code == 404
    first = client.get(f"/{lang}/topics/water/downloads/page/1/")
    assert first.status_code == 308 and first.location.endswith(f"/{lang}/topics/water/downloads/")


def test_a_downloads_page_names_itself_and_its_other_languages(client):
    html = client.get("/es/downloads/page/3/").get_data(as_text=True)
    assert re.search(r'<link rel="canonical" href="http://[^"]+/es/downloads/page/3/">', html)
    assert re.search(r'<link rel="alternate" hreflang="en" '
                     r'href="http://[^"]+/en/downloads/page/3/">', html)


def test_the_export_writes_every_page(paged_root, support, tmp_path):
    site = tmp_path / "site"
    export_site(support.make_app(paged_root), site, "https://cdn.example.org/")
    for lang in ("en", "es"):
        pages = [site / lang / "index.html", site / lang / "page" / "2" / "index.html",
                 site / lang / "page" / "3" / "index.html"]
        assert [slug for page in pages
                for slug in card_slugs(page.read_text("utf-8"), lang)] == SLUGS
        assert (site / lang / "topics" / "water" / "page" / "2" / "index.html").is_file()
        assert not (site / lang / "page" / "1").exists()
        downloads = [site / lang / "downloads" / "index.html",
                     *(site / lang / "downloads" / "page" / str(n) / "index.html" for n in (2, 3))]
        assert [slug for page in downloads
                for slug in download_slugs(page.read_text("utf-8"), lang)] == SLUGS
        assert all((site / "audio" / lang / slug).is_dir() for slug in SLUGS)  # their zips
        assert (site / lang / "topics" / "water" / "downloads" / "page" / "2" / "index.html") \
            .is_file()


def test_the_sitemap_lists_every_page_with_its_other_languages(client):
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    listed = set(re.findall(r"<loc>http://[^/]+(/[^<]*)</loc>", sitemap))
    for lang in ("en", "es"):
        assert {f"/{lang}/", f"/{lang}/page/2/", f"/{lang}/page/3/", f"/{lang}/topics/water/",
                f"/{lang}/topics/water/page/2/", f"/{lang}/topics/sleep/"} <= listed
        assert f"/{lang}/page/4/" not in listed and f"/{lang}/topics/sleep/page/2/" not in listed
        assert {f"/{lang}/downloads/", f"/{lang}/downloads/page/2/",
                f"/{lang}/downloads/page/3/"} <= listed
        assert f"/{lang}/downloads/page/1/" not in listed
        assert {f"/{lang}/topics/water/downloads/", f"/{lang}/topics/water/downloads/page/2/",
                f"/{lang}/topics/sleep/downloads/"} <= listed
        assert f"/{lang}/downloads/page/4/" not in listed


def test_at_a_thousand_articles_the_front_page_is_under_100_kb(tmp_path, support):
    root = copy_project(tmp_path / "project")
    write_paged_library(root, 1000)
    client = support.make_app(root).test_client()
    for lang in ("en", "es"):
        first = client.get(f"/{lang}/").get_data(as_text=True)
        assert len(first.encode()) < 100_000
        assert WORDS[lang]["of"].format(1, 42) in first
        last = client.get(f"/{lang}/page/42/").get_data(as_text=True)
        assert card_slugs(last, lang) == [f"topic-{number}" for number in range(985, 1001)]
        downloads = client.get(f"/{lang}/downloads/").get_data(as_text=True)
        assert len(downloads.encode()) < 20_000  # 700 KB when it listed every article
        assert WORDS[lang]["of"].format(1, 42) in downloads
        last = client.get(f"/{lang}/downloads/page/42/").get_data(as_text=True)
        assert download_slugs(last, lang) == [f"topic-{number}" for number in range(985, 1001)]
