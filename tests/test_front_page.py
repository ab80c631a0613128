"""The front page as a listener meets it: one card per article with its picture (or the
language's cover), its listening time, a Listen button and its easy read; the topics as filters;
a "Continue listening" row its own script fills; saving for offline from the player too."""

from __future__ import annotations

import re

import pytest

from web.pipeline.manifest import load_manifest

SLUG = "heroin-and-the-brain"
EASY = f"{SLUG}-easy-read"
WORDS = {
    "en": {"title": "How Heroin Affects the Brain", "listen": "Listen", "easy": "Easy read",
           "all": "All articles", "topic": "Opioids", "continue": "Continue listening",
           "save": "Save for offline listening"},
    "es": {"title": "Cómo afecta la heroína al cerebro", "listen": "Escuchar",
           "easy": "Lectura fácil", "all": "Todos los artículos", "topic": "Opioides",
           "continue": "Seguir escuchando", "save": "Guardar para escuchar sin conexión"},
}


def cards(html: str) -> list[str]:
    return re.findall(r'<li class="card">(.*?)</li>', html, re.S)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_index_shows_each_article_once_on_a_card_a_listener_can_start(client, lang,
                                                                          built_root):
    words = WORDS[lang]
    html = client.get(f"/{lang}/").get_data(as_text=True)
    found = cards(html)
    assert len(found) == 1  # the article, once, whatever its topics; its easy read on its card
    assert html.count(f">{words['title']}</a></h3>") == 1
    card = found[0]
    assert re.search(rf'<a href="/{lang}/{SLUG}/#listen">.*<span>{words["listen"]}</span>'
                     rf'<span class="sr-only">: <span>{words["title"]}</span></span></a>', card)
    assert f'<a href="/{lang}/{EASY}/" data-key="{lang}:{EASY}">{words["easy"]}</a>' in card
    # The listening time reads as on the article's page, to the second.
    page = client.get(f"/{lang}/{SLUG}/").get_data(as_text=True)
    time = re.search(r'<time datetime="PT\d+S">[^<]+</time>', page)[0]
    assert time in card
    # No picture in the seed article: the language's cover, decorative beside the title.
    cover = load_manifest(built_root / "audio" / "manifest.json").covers[lang].file
    assert re.search(rf'<img src="/audio/{cover}" alt="" width="1400" height="1400" '
                     r'loading="lazy"', card)
    assert client.get(f"/audio/{cover}").status_code == 200


@pytest.mark.parametrize("lang", ["en", "es"])
def test_topics_are_filters_that_narrow_the_list(client, lang):
    words = WORDS[lang]
    html = client.get(f"/{lang}/").get_data(as_text=True)
    topics = re.search(r'<ul class="topics">(.*?)</ul>', html, re.S)[1]
    assert f'<a href="/{lang}/#topics" aria-current="page">{words["all"]}</a>' in topics
    assert re.search(rf'<a href="/{lang}/topics/opioids/"><span>{words["topic"]}</span> '
                     r'\(1 \w+\)</a>', topics)
    narrowed = client.get(f"/{lang}/topics/opioids/").get_data(as_text=True)
    assert len(cards(narrowed)) == 1
    assert f'<a href="/{lang}/#topics">{words["all"]}</a>' in narrowed
    assert re.search(rf'<a href="/{lang}/topics/opioids/" aria-current="page"><span>'
                     rf'{words["topic"]}</span>', narrowed)


def test_the_continue_row_waits_hidden_for_its_script_on_the_index_only(client):
    for lang, words in WORDS.items():
        html = client.get(f"/{lang}/").get_data(as_text=True)
        row = re.search(r'<section class="continue"[^>]*>(.*?)</section>', html, re.S)
        assert row and " hidden" in re.search(r'<section class="continue"[^>]*>', html)[0]
        assert f">{words['continue']}</h2>" in row[1]
        assert "js/continue.js" in html and "css/cards.css" in html
        # Each card's title says which of the player's places is its own.
        assert f'data-key="{lang}:{SLUG}">{words["title"]}</a>' in html
    article = client.get(f"/en/{SLUG}/").get_data(as_text=True)
    assert "continue.js" not in article and "cards.css" not in article


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_players_options_offer_to_save_the_article_for_offline(client, lang):
    page = client.get(f"/{lang}/{SLUG}/").get_data(as_text=True)
    options = re.search(r'<div class="panel js-only" id="options-panel">(.*?)</div>\n</section>',
                        page, re.S)[1]
    here = re.search(r"<p data-offline-here hidden>(.*?)</p>", options, re.S)[1]
    assert f'<button type="button" data-offline-act="save">{WORDS[lang]["save"]}</button>' \
        in here
    assert "data-offline-status" in here
    assert "<dialog class=\"term-card\"" in page  # whose audio is saved with the article
