"""Labels that are true everywhere: a machine draft says so, English shown in place of a
translation says so, credits name people only for what they did, and tracks and playlists speak
the edition's language."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import podcastparser
import pytest
from mutagen.id3 import ID3

from web.pipeline.labels import FALLBACK, HUMAN, MACHINE, ORIGINAL, label_kind
from web.pipeline.manifest import load_manifest
from web.pipeline.settings import load_settings
from web.pipeline.states import DRAFT, FAILING, MEMORY, MISSING, REVIEWED, SOURCE, STALE
from web.pipeline.translation.pofiles import read_catalog, render_catalog

SLUG = "drink-water"
ARTICLE = """---
title: Drink Water
summary: Why water helps the body.
source: Health Library
---

{#intro-1}
Drink water every day.

{#why}
## Why It Helps

{#why-1}
Water carries what the body needs.

{#why-2}
It keeps you cool.
"""
# block id -> (Spanish, reviewed?); why-1 is left untranslated.
SPANISH = {
    "title": ("Beba agua", False),
    "summary": ("Por qué el agua ayuda al cuerpo.", False),
    "intro-1": ("Beba agua todos los días.", True),
    "why": ("Por qué ayuda", False),
    "why-2": ("Lo mantiene fresco.", False),
}
MACHINE_ES = "traducción automática, sin revisar"
ENGLISH_ES = "aún no traducido, se muestra en inglés"
TEAM = "Equipo de traducción de la Biblioteca de Salud"  # library/library.toml [credits.es]
CDN = "https://cdn.example.org/library/"


@pytest.fixture
def drafted(staff, tmp_path):
    """The library as one short article whose Spanish title, summary and heading are machine
    drafts, one paragraph reviewed, one a draft and one not translated at all."""
    return write_article(staff, SPANISH)


def write_article(staff, translations: dict):
    """Make the article the whole library and fill in its Spanish catalog, as a translator
    (reviewed) or the machine (a fuzzy draft) would."""
    library = staff.root / "library"
    for old in library.glob("*.md"):
        old.unlink()
    (library / f"{SLUG}.md").write_text(ARTICLE, encoding="utf-8")
    staff.run("extract")
    path, settings = staff.root / f"locales/es/LC_MESSAGES/{SLUG}.po", load_settings(staff.root)
    catalog = read_catalog(path, settings, "es")
    for message in catalog:
        if message.context in translations:
            message.string, reviewed = translations[message.context]
            message.flags = set() if reviewed else {"fuzzy"}
    path.write_bytes(render_catalog(catalog))
    return staff


def exported(staff, tmp_path: Path) -> Path:
    """Export the built library as staff would deploy it; return the folder."""
    site = tmp_path / "site"
    staff.run("export", str(site), "--base-url", CDN)
    return site


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def feed_items(xml: str) -> dict[str, str]:
    """Return each item of a podcast feed as title -> description, as a podcast app reads it."""
    episodes = podcastparser.parse(CDN, io.BytesIO(xml.encode("utf-8")))["episodes"]
    return {episode["title"]: episode["description"] for episode in episodes}


def spanish_tracks(staff):
    """Return the ID3 tags of the Spanish whole-article track and of each section track."""
    edition = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG).editions["es"]
    audio = staff.root / "audio"
    return ID3(audio / edition.track.file), [ID3(audio / s.track.file) for s in edition.sections]


def download(staff, language: str = "es") -> zipfile.ZipFile:
    """Open the article's offline download in `language`."""
    manifest = load_manifest(staff.root / "audio" / "manifest.json")
    return zipfile.ZipFile(staff.root / "audio" / manifest.downloads[SLUG][language].file)


def comment(tags) -> str:
    return "".join(str(frame) for frame in tags.getall("COMM"))


def test_published_drafts_are_labelled_machine_translation_everywhere(drafted, tmp_path):
    drafted.run("build", "--engine", "silent", "--publish-drafts")
    site = exported(drafted, tmp_path)

    page = read(site, f"es/{SLUG}/index.html")
    assert f"<title>Beba agua ({MACHINE_ES}) – Biblioteca de Salud</title>" in page
    flag = r'<p class="flag">Traducción automática, sin revisar</p>\s*'
    assert re.search(flag + r"<h1>Beba agua</h1>\s*" + flag +
                     r'<p class="lead">Por qué el agua ayuda al cuerpo\.</p>', page)
    assert re.search(flag + r'<h2 id="h-why"><span[^>]*>Por qué ayuda</span></h2>', page)
    assert re.search(flag + r'<p id="b-why-2" data-block="why-2">', page)
    assert re.search(r'<p class="flag">Aún no traducido, se muestra en inglés</p>\s*'
                     r'<p id="b-why-1" lang="en" data-block="why-1">', page)
    assert re.search(r'<p id="b-intro-1" data-block="intro-1">', page)  # reviewed: no label
    assert page.count('<p class="flag">') == 5
    # One paragraph and no more is the team's work, and the page says so.
    assert f"Traducción parcial: {TEAM}. Revisión parcial: {TEAM}." in page

    index = read(site, "es/index.html")
    assert re.search(flag + rf'<h3><a href="[^"]*/es/{SLUG}/" data-key="es:{SLUG}">Beba agua'
                     r'</a></h3>\s*' + flag + r"<p>Por qué el agua ayuda al cuerpo\.</p>", index)

    assert feed_items(read(site, "es/feed.xml")) == {
        f"Beba agua ({MACHINE_ES})":
            f"Por qué el agua ayuda al cuerpo. (en parte: {MACHINE_ES}; {ENGLISH_ES})\n"
            "Acerca de este artículo\n\n * Autor: Health Library.\n\n"
            f" * Traducción parcial: {TEAM}. Revisión parcial: {TEAM}.",
        f"Beba agua: Introducción ({MACHINE_ES})": "Beba agua todos los días.",
        f"Beba agua: Por qué ayuda ({MACHINE_ES})":
            f"Water carries what the body needs. Lo mantiene fresco. ({MACHINE_ES}; {ENGLISH_ES})",
    }

    whole, (intro, why) = spanish_tracks(drafted)
    assert str(whole["TIT2"]) == str(whole["TALB"]) == f"Beba agua ({MACHINE_ES})"
    assert str(whole["TPE1"]) == str(whole["TPUB"]) == "Biblioteca de Salud"
    assert comment(whole) == f"En parte: {MACHINE_ES}; {ENGLISH_ES}"
    assert [str(c.sub_frames["TIT2"]) for c in whole.getall("CHAP")] == [
        "Introducción", f"Por qué ayuda ({MACHINE_ES})"]
    assert str(intro["TIT2"]) == f"Beba agua ({MACHINE_ES})" and comment(intro) == ""
    assert str(why["TIT2"]) == f"Por qué ayuda ({MACHINE_ES})"
    assert str(why["TALB"]) == f"Beba agua ({MACHINE_ES})"
    assert comment(why) == f"Traducción automática, sin revisar; {ENGLISH_ES}"

    downloads = read(site, "es/downloads/index.html")
    assert re.search(flag + rf'<h2><a href="[^"]*/es/{SLUG}/">Beba agua</a></h2>', downloads)
    with download(drafted) as archive:
        playlist = archive.read(f"{SLUG}-es/{SLUG}.m3u8").decode("utf-8")
        transcript = archive.read(f"{SLUG}-es/{SLUG}.txt").decode("utf-8")
    assert playlist.splitlines()[1] == f"#PLAYLIST:Beba agua ({MACHINE_ES})"
    assert [line.split(",", 1)[1] for line in playlist.splitlines()
            if line.startswith("#EXTINF")] == [
        f"Beba agua – Introducción ({MACHINE_ES})", f"Beba agua – Por qué ayuda ({MACHINE_ES})"]
    assert transcript.startswith(f"Beba agua ({MACHINE_ES})\n")
    assert f"\nWater carries what the body needs. ({ENGLISH_ES})\n" in transcript
    assert "\nBeba agua todos los días.\n" in transcript


def test_unpublished_drafts_are_english_labelled_not_translated_never_machine(drafted,
                                                                               tmp_path):
    drafted.run("build", "--engine", "silent")
    site = exported(drafted, tmp_path)

    page = read(site, f"es/{SLUG}/index.html")
    assert f"<title>Drink Water ({ENGLISH_ES}) – Biblioteca de Salud</title>" in page
    flag = r'<p class="flag">Aún no traducido, se muestra en inglés</p>\s*'
    assert re.search(flag + r'<h1 lang="en">Drink Water</h1>\s*' + flag +
                     r'<p class="lead" lang="en">Why water helps the body\.</p>', page)
    assert re.search(flag + r'<p id="b-why-2" lang="en" data-block="why-2">', page)
    assert page.count('<p class="flag">') == 5
    assert "todavía no están traducidas" in page  # the notice of English text
    index = read(site, "es/index.html")
    assert re.search(flag + r'<h3><a href="[^"]*" lang="en" data-key="[^"]+">Drink Water</a></h3>',
                     index)
    feed = read(site, "es/feed.xml")
    assert f"<title>Drink Water ({ENGLISH_ES})</title>" in feed

    whole, (_intro, why) = spanish_tracks(drafted)
    assert str(whole["TALB"]) == f"Drink Water ({ENGLISH_ES})"
    assert str(why["TIT2"]) == f"Why It Helps ({ENGLISH_ES})"
    assert comment(why) == ENGLISH_ES[0].upper() + ENGLISH_ES[1:]
    with download(drafted) as archive:
        texts = [archive.read(n).decode("utf-8") for n in archive.namelist()
                 if n.endswith((".m3u8", ".txt"))]
    tags = [str(frame) for track in (whole, why) for frame in track.values()]
    for text in [page, index, feed, *texts, *tags]:
        assert "automática" not in text.lower() and "machine" not in text.lower()


def test_a_manifest_from_before_title_states_is_still_served_and_labelled(drafted, support):
    drafted.run("build", "--engine", "silent")
    path = drafted.root / "audio" / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    for article in data["articles"]:
        for edition in article["editions"].values():
            for key in ("title_state", "summary_language", "summary_state"):
                del edition[key]
    path.write_text(json.dumps(data), encoding="utf-8")
    response = support.make_app(drafted.root).test_client().get(f"/es/{SLUG}/")
    assert response.status_code == 200
    flag = r'<p class="flag">Aún no traducido, se muestra en inglés</p>\s*'
    assert re.search(flag + r'<h1 lang="en">Drink Water</h1>\s*' + flag +
                     r'<p class="lead" lang="en">', response.get_data(as_text=True))


def test_credits_name_no_reviewer_of_an_article_with_nothing_reviewed(staff, tmp_path):
    write_article(staff, {block: (text, False) for block, (text, _) in SPANISH.items()})
    staff.run("build", "--engine", "silent", "--publish-drafts")
    page = read(exported(staff, tmp_path), f"es/{SLUG}/index.html")
    assert "traducción automática que nadie ha revisado" in page
    assert TEAM not in page and "Revisión" not in page and 'class="credits"' not in page


def test_a_translation_from_the_memory_is_a_persons_work_on_the_page(staff, tmp_path):
    reviewed = {block: (text, True) for block, (text, _) in SPANISH.items()}
    write_article(staff, {**reviewed, "why-1": ("El agua lleva lo que el cuerpo necesita.", True)})
    path = staff.root / f"locales/es/LC_MESSAGES/{SLUG}.po"
    catalog = read_catalog(path, load_settings(staff.root), "es")
    catalog.get("Water carries what the body needs.", context="why-1").user_comments = [
        "translation memory: from another-article#p-3 (delete this comment once reviewed here)"]
    path.write_bytes(render_catalog(catalog))
    assert '"memory": 1' in staff.run("status", "--json").output
    staff.run("build", "--engine", "silent")
    page = read(exported(staff, tmp_path), f"es/{SLUG}/index.html")
    assert re.search(r'<p id="b-why-1" data-block="why-1">(<[^>]+>)*El agua lleva lo que el '
                     r'cuerpo', page)
    assert 'class="flag"' not in page
    assert f"Traducción: {TEAM}. Revisión: {TEAM}." in page


@pytest.mark.parametrize(("state", "language", "edition", "kind"), [
    (SOURCE, "en", "en", ORIGINAL), (SOURCE, "es", "es", ORIGINAL),  # an empty Spanish cell
    (REVIEWED, "es", "es", HUMAN), (MEMORY, "es", "es", HUMAN),  # a person's work
    (DRAFT, "es", "es", MACHINE),  # published translated
    (DRAFT, "en", "es", FALLBACK),  # a draft the build did not publish
    (FAILING, "en", "es", FALLBACK), (STALE, "en", "es", FALLBACK),
    (MISSING, "en", "es", FALLBACK),
])
def test_each_state_has_one_label(state, language, edition, kind):
    assert label_kind(state, language, edition) == kind
