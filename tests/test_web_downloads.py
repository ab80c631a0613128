"""The downloads a listener keeps on the phone: each article's file, listed per language with
its size and listening time, linked from the front and offline pages and the player's options."""

from __future__ import annotations

import json
import re

from web.pipeline.manifest import load_manifest

SLUG = "heroin-and-the-brain"


def text(response) -> str:
    return response.get_data(as_text=True)


def megabytes(size: str) -> float:
    """Return "1.6 MB" or "1,6 MB" as a number of megabytes."""
    return float(size.replace(",", ".").split()[0])


def test_the_downloads_page_lists_each_article_with_its_file_size_and_time(client, built_root):
    manifest = load_manifest(built_root / "audio" / "manifest.json", blocks=False)
    for lang, heading, said in (("en", "Downloads for offline listening", "Listening time:"),
                                ("es", "Descargas para escuchar sin conexión", "Duración:")):
        page = text(client.get(f"/{lang}/downloads/"))
        assert f"<h1>{heading}</h1>" in page
        items = re.findall(r"^  <li>\n(.*?)^  </li>$", page, re.S | re.M)
        articles = [a for a in manifest.articles if lang in a.editions]
        assert len(items) == len(articles) == 3  # the article, its easy read and the glossary
        for article, item in zip(articles, items, strict=True):
            download = manifest.downloads[article.slug][lang]
            edition = article.editions[lang]
            assert f'<a href="/{lang}/{article.slug}/">{edition.title}</a>' in item
            assert re.search(rf'<p class="meta">{said} <time datetime="PT\d+S">', item)
            link = re.search(rf'<a href="/audio/{re.escape(download.file)}" '
                             r'type="application/zip" download>.*?</a> '
                             r'<span class="meta">([^<]+)</span>', item)
            assert link, item
            assert megabytes(link[1]) == round(download.bytes / 1_000_000, 1)
            book = manifest.books[article.slug][lang]
            assert f'href="/audio/{book.file}" type="application/epub+zip"' in item
    assert "Audio y texto (ZIP)" in page and "Libro hablado (EPUB)" in page


def test_the_file_is_served_as_a_zip(client, built_root):
    manifest = load_manifest(built_root / "audio" / "manifest.json", blocks=False)
    download = manifest.downloads[SLUG]["es"]
    response = client.get(f"/audio/{download.file}")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert len(response.data) == download.bytes


def test_the_front_and_offline_pages_link_to_the_downloads_not_to_a_whole_language(client):
    for lang in ("en", "es"):
        for page in ("", "saved/", "offline/"):
            body = text(client.get(f"/{lang}/{page}"))
            assert f'href="/{lang}/downloads/"' in body, page
            assert ".zip" not in body


def test_the_players_options_offer_the_articles_file_beside_save_for_offline(client,
                                                                             built_root):
    manifest = load_manifest(built_root / "audio" / "manifest.json", blocks=False)
    for lang, words in (("en", "Download this article"), ("es", "Descargar este artículo")):
        download = manifest.downloads[SLUG][lang]
        for url in (f"/{lang}/{SLUG}/", f"/{lang}/{SLUG}/with/{'es' if lang == 'en' else 'en'}/"):
            page = text(client.get(url))
            options = page[page.index('id="options-panel"'):page.index("</section>",
                                                                       page.index("player-h"))]
            saving = options.index("data-offline-here")
            link = re.search(rf'<a href="/audio/{re.escape(download.file)}" '
                             rf'download>{words} \(ZIP, ([^)]+)\)</a>',
                             options)
            assert link and link.start() > saving, url
            assert megabytes(link[1]) == round(download.bytes / 1_000_000, 1)


def test_a_manifest_from_before_per_article_downloads_is_still_served(tiny_root, support):
    path = tiny_root / "audio" / "manifest.json"
    data = json.loads(path.read_text("utf-8"))
    data.pop("downloads", None)
    data["bundles"] = {"es": {"file": "es/health-library-es.0123abcd.zip", "bytes": 10,
                              "sha256": "0" * 64}}
    path.write_text(json.dumps(data), "utf-8")
    assert load_manifest(path).downloads == {}
    client = support.make_app(tiny_root).test_client()
    for url in ("/es/", "/es/downloads/", "/es/tiny/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert ".zip" not in text(response)  # the old zip is neither linked nor served
    assert client.get("/audio/es/health-library-es.0123abcd.zip").status_code == 404
    assert 'href="/es/tiny/"' in text(client.get("/es/downloads/"))
