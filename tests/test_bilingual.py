"""The bilingual page: an article in two languages, block beside block, linked from the article
page in its language, with one native player per language and each cell in its language."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from web_support import make_app

from web.pipeline.manifest import load_manifest, write_manifest

SLUG = "heroin-and-the-brain"


def text(response) -> str:
    return response.get_data(as_text=True)


def cells(page: str, lang: str) -> list[str]:
    """Return the block ids of the cells of one language, in page order."""
    return [ids for cell in re.findall(
        rf'<div class="twin"(?: lang="{lang}")? data-voice="{lang}">(.*?)\n</div>', page, re.S)
        for ids in re.findall(r'data-block="([^"]+)"', cell)]


@pytest.mark.parametrize(("lang", "other", "words"), [
    ("en", "es", "Read side by side with Spanish"),
    ("es", "en", "Leer lado a lado con inglés"),
])
def test_the_article_page_links_to_the_side_by_side_view_in_its_language(client, lang, other,
                                                                            words):
    page = text(client.get(f"/{lang}/{SLUG}/"))
    assert f'<a href="/{lang}/{SLUG}/with/{other}/">{words}</a>' in page


def test_every_block_is_beside_its_twin(client, built_root):
    response = client.get(f"/es/{SLUG}/with/en/")
    assert response.status_code == 200
    page = text(response)
    assert '<html lang="es">' in page
    article = load_manifest(built_root / "audio" / "manifest.json").article(SLUG)
    blocks = [b.id for s in article.editions["es"].sections for b in s.blocks
              if not (b.kind == "heading" and b.level in (0, 2))]  # section headings: the h2s
    assert cells(page, "es") == cells(page, "en") == blocks
    assert "<h1>Cómo afecta la heroína al cerebro</h1>" in page
    assert '<p class="title" lang="en">How Heroin Affects the Brain</p>' not in page  # cell's
    assert '<p class="title">How Heroin Affects the Brain</p>' in page
    assert '<div class="twin" lang="en" data-voice="en">' in page


def test_both_native_players_and_a_switch_in_each_language(client):
    page = text(client.get(f"/es/{SLUG}/with/en/"))
    assert page.count("<audio ") == 2 and page.count("controls") >= 2
    assert re.search(r'<audio id="a-whole" controls preload="none" src="/audio/es/', page)
    assert re.search(r'<audio id="a-whole-en" controls preload="none" src="/audio/en/', page)
    assert '<p class="voice-name" id="a-whole-en-h" lang="en">English</p>' in page
    assert '<p class="voice-name" id="a-whole-h">Español</p>' in page
    assert 'data-to="en" lang="en">Listen in English</button>' in page
    assert 'data-to="es">Escuchar en español</button>' in page


def test_a_block_not_translated_is_labelled_in_its_columns_language(tiny_root):
    client = make_app(tiny_root).test_client()
    spanish = text(client.get("/es/tiny/with/en/"))
    assert 'Aún no traducido, se muestra en inglés' in spanish
    assert '<h2 id="h-care" lang="en">' in spanish  # the Spanish column shows English here
    assert 'Traducción automática, sin revisar' in spanish
    english = text(client.get("/en/tiny/with/es/"))
    spanish_cells = re.findall(r'<div class="twin" lang="es" data-voice="es">(.*?)\n</div>',
                               english, re.S)
    care = next(c for c in spanish_cells if 'id="h-care-es"' in c)
    # Labelled for the Spanish reader, and the English heading marked as English.
    assert "Aún no traducido, se muestra en inglés" in care
    assert '<h2 id="h-care-es" lang="en">' in care
    assert "Not translated yet" not in english


@pytest.mark.parametrize("path", [f"/es/{SLUG}/with/es/", f"/es/{SLUG}/with/fr/",
                                  f"/es/{SLUG}-no/with/en/"])
def test_the_same_or_an_unpublished_language_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_language_menu_keeps_the_pair(client):
    page = text(client.get(f"/es/{SLUG}/with/en/"))
    assert f'<a href="/en/{SLUG}/with/es/" hreflang="en" lang="en">English</a>' in page


def test_a_right_to_left_language_gets_its_direction_in_its_cells_only(tiny_root):
    path = tiny_root / "audio" / "manifest.json"
    manifest = load_manifest(path)
    article = manifest.articles[0]
    arabic = replace(article.editions["es"], language="ar")
    write_manifest(replace(manifest, languages=("en", "ar"), articles=(
        replace(article, editions={"en": article.editions["en"], "ar": arabic}),)), path)
    page = text(make_app(tiny_root).test_client().get("/en/tiny/with/ar/"))
    assert '<html lang="en">' in page
    assert page.count('<div class="twin" lang="ar" dir="rtl" data-voice="ar">') == page.count(
        '<div class="twin" data-voice="en">') > 2
