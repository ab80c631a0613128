"""The pages a visitor reads: index, article, notices, language links, errors, escaping."""

from __future__ import annotations

import re

from web.pipeline.build import BuildOptions, build_library
from web.pipeline.settings import load_settings

SLUG = "heroin-and-the-brain"


def text(response) -> str:
    return response.get_data(as_text=True)


def test_index_lists_titles_summaries_and_durations(client):
    english, spanish = text(client.get("/en/")), text(client.get("/es/"))
    assert '<html lang="en">' in english and '<html lang="es">' in spanish
    assert f'href="/en/{SLUG}/"' in english and "How Heroin Affects the Brain" in english
    assert "Cómo afecta la heroína al cerebro" in spanish
    assert re.search(r"\d+ minutes and \d+ seconds?", english)
    assert re.search(r"\d+ minutos y \d+ segundos?", spanish)


def test_article_has_one_player_for_the_whole_article_and_section_downloads(client):
    page = text(client.get(f"/en/{SLUG}/"))
    sections = page.count('class="section"')
    assert sections == 5
    # One player; the glossary's word cards each speak their definition.
    assert page.count("<audio ") - page.count('<dialog class="term-card"') == 1
    assert 'aria-labelledby="player-h"' in page
    assert page.count('<track kind="metadata"') == 1
    assert "autoplay" not in page
    # the section tracks stay as downloads, beside the whole article, its talking book and its
    # offline download (also in the player's options)
    assert page.count('download>') == sections + 4
    assert page.count('data-cue="') > 20  # one span per spoken sentence
    assert 'data-cue="intro-1.1" data-at="0.0"' in page


def test_chapters_point_into_the_whole_track(client):
    page = text(client.get(f"/en/{SLUG}/"))
    starts = [float(x) for x in re.findall(r'<a href="#[^"]+" data-at="([\d.]+)"', page)]
    assert len(starts) == 5 and starts[0] == 0 and starts == sorted(starts)


def test_a_duration_reads_the_same_in_the_chapters_the_sections_the_header_and_the_player(
        client):
    for lang, said in (("en", "Listening time:"), ("es", "Duración:")):
        page = text(client.get(f"/{lang}/{SLUG}/"))
        chapters = re.findall(r'<a href="#[^"]+" data-at="[^"]+"[^>]*>[^<]*</a> '
                              r'<span class="meta">([^<]+)</span>', page)
        sections = re.findall(rf'<p class="meta">{said} ([^<]+)</p>', page)
        assert len(chapters) == 5 and chapters == sections
        # The whole article: in words in the header, as a clock and a slider in the player.
        seconds = int(re.search(r'<time datetime="PT(\d+)S">', page)[1])
        assert f'max="{seconds}"' in page
        assert f"<span data-length>{seconds // 60}:{seconds % 60:02d}</span>" in page
        assert f'data-duration="{seconds}"' in page


def test_language_switch_goes_to_the_same_article(client):
    page = text(client.get(f"/en/{SLUG}/"))
    assert f'<a href="/es/{SLUG}/" hreflang="es" lang="es">Español</a>' in page
    assert f'<link rel="alternate" hreflang="es" href="http://127.0.0.1:5000/es/{SLUG}/">' in page
    spanish = text(client.get(f"/es/{SLUG}/"))
    assert f'<a href="/en/{SLUG}/" hreflang="en" lang="en">English</a>' in spanish


def test_spanish_article_credits_translator_and_reviewer(client):
    page = text(client.get(f"/es/{SLUG}/"))
    assert "Traducción: " in page and "Revisión: " in page


def test_unknown_slug_or_language_is_a_localized_404(app):
    for url, title in ((f"/es/{SLUG}-no/", "Página no encontrada"), ("/xx/", "Page not found"),
                       ("/en/../../etc/passwd", "Page not found"), ("/fr/", "Page not found")):
        response = app.test_client().get(url)
        assert response.status_code == 404, url
        assert title in text(response)


def test_404_outside_a_language_follows_accept_language(client):
    response = client.get("/nowhere/at/all/", headers={"Accept-Language": "es-MX"})
    assert response.status_code == 404
    assert '<html lang="es">' in text(response)


def test_500_page_is_localized_and_hides_details(built_root, support):
    app = support.make_app(built_root)
    app.config["TESTING"] = False

    @app.get("/es/broken-for-test")
    def broken():
        raise RuntimeError("secret detail")

    response = app.test_client().get("/es/broken-for-test")
    assert response.status_code == 500
    assert "Algo salió mal" in text(response) and "secret detail" not in text(response)


def test_article_text_is_escaped(tiny_root, support):
    page = text(support.make_app(tiny_root).test_client().get("/en/tiny/"))
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page
    assert "Tiny &lt;b&gt;bold&lt;/b&gt;" in page


def test_drafts_and_missing_translations_are_marked(tiny_root, support):
    page = text(support.make_app(tiny_root).test_client().get("/es/tiny/"))
    assert "traducción automática que nadie ha revisado" in page
    assert "todavía no están traducidas" in page
    assert "Traducción automática, sin revisar" in page
    assert "Aún no traducido, se muestra en inglés" in page
    # The heading shown in English carries its language.
    assert re.search(r'<h2 id="h-care" lang="en">', page)
    assert '<p id="b-intro-1" data-block="intro-1">' in page  # the draft is Spanish: no lang needed


def test_empty_library_says_it_is_not_built(tmp_path, support):
    root = support.copy_project(tmp_path / "project")
    client = support.make_app(root).test_client()
    assert "The library is not built yet" in text(client.get("/en/"))
    assert client.get("/es/").status_code == 404  # no language is published yet
    assert client.get("/healthz").get_json() == {"status": "ok", "built": False, "articles": 0}
    support.write_tiny_library(root)  # a build publishes: the next request sees it
    assert 'href="/en/tiny/"' in text(client.get("/en/"))
    assert client.get("/healthz").get_json()["articles"] == 1


def test_the_site_shows_the_languages_a_build_published_not_those_configured(tmp_path,
                                                                            support):
    root = support.copy_project(tmp_path / "project")
    settings_file = root / "library" / "library.toml"
    settings_file.write_text(settings_file.read_text("utf-8").replace(
        'languages = ["en", "es"]', 'languages = ["en", "es", "fr"]'), "utf-8")
    client = support.make_app(root).test_client()
    settings = load_settings(root)
    build_library(settings, BuildOptions(languages=("en",), engine="silent"))
    page = text(client.get("/en/"))
    assert 'hreflang="es"' not in page and 'hreflang="fr"' not in page
    assert client.get("/es/").status_code == 404 and client.get("/fr/").status_code == 404
    build_library(settings, BuildOptions(languages=("es",), engine="silent"))
    page = text(client.get("/en/"))
    assert 'href="/es/" hreflang="es"' in page and 'hreflang="fr"' not in page
    assert "Artículos de salud" in text(client.get("/es/"))
    assert client.get("/fr/").status_code == 404


def test_a_new_manifest_is_picked_up(tiny_root, support):
    client = support.make_app(tiny_root).test_client()
    assert "Diminuto" in text(client.get("/es/"))
    path = tiny_root / "audio" / "manifest.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Diminuto", "Pequeño"),
                    encoding="utf-8")
    assert "Pequeño" in text(client.get("/es/"))


def test_a_broken_manifest_keeps_the_last_good_one(tiny_root, support):
    client = support.make_app(tiny_root).test_client()
    assert client.get("/es/tiny/").status_code == 200
    (tiny_root / "audio" / "manifest.json").write_text("{not json", encoding="utf-8")
    assert client.get("/es/tiny/").status_code == 200
