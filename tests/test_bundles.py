"""The per-language download for offline listening: MP3s, a playlist and transcripts in one zip."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from web.pipeline.errors import TrackError
from web.pipeline.importer import slugify
from web.pipeline.manifest import (
    ArticleEdition,
    Manifest,
    ManifestArticle,
    ManifestBlock,
    ManifestSection,
    OfflineBundle,
    TrackFile,
    load_manifest,
)
from web.pipeline.products.offline_bundles import make_bundles
from web.pipeline.settings import load_settings
from web.pipeline.translation.interface import read_interface

PROJECT = Path(__file__).resolve().parents[1]
# Each language's interface words, from this project's catalogs (none for French).
WORDS = {code: read_interface(load_settings(PROJECT), code) for code in ("en", "es", "fr")}

SPANISH = {  # slug -> (title, [(heading or None, paragraph, duration ms)])
    "agua": ("Beber agua", [(None, "Bebe agua, ¿sí?", 4_400),
                            ("Por qué", "Ayuda al cuerpo.", 900)]),
    "sueno": ("Dormir bien", [(None, "Duerme ocho horas.", 61_501)]),
}


def track(audio: Path, stem: str, data: bytes, duration_ms: int) -> TrackFile:
    """Publish a fake track and its cues under content-hashed names, as a build would."""
    key = hashlib.sha256(data).hexdigest()
    file, vtt = f"{stem}.{key[:8]}.mp3", f"{stem}.{key[:8]}.vtt"
    (audio / file).parent.mkdir(parents=True, exist_ok=True)
    (audio / file).write_bytes(data)
    (audio / vtt).write_text(f"WEBVTT\n\n{stem}\n", encoding="utf-8")
    return TrackFile(file, vtt, duration_ms, len(data), key, ("silent",))


def edition(audio: Path, language: str, slug: str, title: str, sections) -> ArticleEdition:
    published = []
    for number, (heading, text, duration) in enumerate(sections, start=1):
        section_id = "intro" if heading is None else slugify(heading)
        blocks = ((ManifestBlock(f"{section_id}-h", "heading", heading, language, "reviewed"),)
                  if heading else ()) + (
            ManifestBlock(f"{section_id}-1", "paragraph", text, language, "reviewed"),)
        stem = f"{language}/{slug}/{number:02d}-{section_id}"
        published.append(ManifestSection(section_id, heading or title, blocks,
                                         track(audio, stem, f"mp3 {stem} {text}".encode(),
                                               duration)))
    whole = track(audio, f"{language}/{slug}/article", f"whole {slug}".encode(), 1)
    return ArticleEdition(language, title, "", language, 1, tuple(published), whole, ())


@pytest.fixture
def library(tmp_path) -> tuple[Manifest, Path]:
    """A published library: two articles in Spanish, one of them also in English."""
    audio = tmp_path / "audio"
    articles = []
    for slug, (title, sections) in SPANISH.items():
        editions = {"es": edition(audio, "es", slug, title, sections)}
        if slug == "agua":
            editions["en"] = edition(audio, "en", slug, "Drink water",
                                     [(None, "Drink water.", 3_000)])
        articles.append(ManifestArticle(slug, "Clinic", editions))
    return Manifest("Health Library", ("en", "es", "fr"), tuple(articles)), audio


def opened(audio: Path, bundle: OfflineBundle) -> zipfile.ZipFile:
    return zipfile.ZipFile(audio / bundle.file)


def test_each_language_gets_one_zip_with_its_section_tracks_cues_transcripts_and_playlist(
        library):
    manifest, audio = library
    bundles = make_bundles(manifest, audio, WORDS)
    assert sorted(bundles) == ["en", "es"]  # nothing is published in French
    spanish = bundles["es"]
    data = (audio / spanish.file).read_bytes()
    assert spanish == OfflineBundle(f"es/health-library-es.{spanish.sha256[:8]}.zip",
                                    len(data), hashlib.sha256(data).hexdigest())
    with opened(audio, spanish) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [
            "health-library-es/health-library-es.m3u8",
            "health-library-es/agua/agua.txt",
            "health-library-es/agua/01-intro.mp3",
            "health-library-es/agua/01-intro.vtt",
            "health-library-es/agua/02-por-que.mp3",
            "health-library-es/agua/02-por-que.vtt",
            "health-library-es/sueno/sueno.txt",
            "health-library-es/sueno/01-intro.mp3",
            "health-library-es/sueno/01-intro.vtt",
        ]  # section tracks only: the whole-article tracks would repeat the same audio
        section = manifest.article("agua").editions["es"].sections[1]
        assert archive.read("health-library-es/agua/02-por-que.mp3") == \
            (audio / section.track.file).read_bytes()
        assert archive.read("health-library-es/agua/02-por-que.vtt") == \
            (audio / section.track.vtt).read_bytes()
    with opened(audio, bundles["en"]) as archive:
        assert [n for n in archive.namelist() if n.endswith(".mp3")] == [
            "health-library-en/agua/01-intro.mp3"]


def test_the_playlist_plays_every_section_in_order_with_seconds_and_titles(library):
    manifest, audio = library
    with opened(audio, make_bundles(manifest, audio, WORDS)["es"]) as archive:
        playlist = archive.read("health-library-es/health-library-es.m3u8").decode("utf-8")
        names = set(archive.namelist())
    assert playlist == (
        "#EXTM3U\n"
        "#PLAYLIST:Biblioteca de Salud (español)\n"  # the library's name in the language
        "#EXTINF:4,Beber agua\n"
        "agua/01-intro.mp3\n"
        "#EXTINF:1,Beber agua – Por qué\n"
        "agua/02-por-que.mp3\n"
        "#EXTINF:62,Dormir bien\n"
        "sueno/01-intro.mp3\n"
    )
    # Every path is relative to the playlist and names a file in the zip.
    for line in playlist.splitlines():
        if not line.startswith("#"):
            assert f"health-library-es/{line}" in names


def test_each_article_has_a_utf8_transcript_with_its_headings_and_text(library):
    manifest, audio = library
    with opened(audio, make_bundles(manifest, audio, WORDS)["es"]) as archive:
        transcript = archive.read("health-library-es/agua/agua.txt").decode("utf-8")
    assert transcript == (
        "Beber agua\n"
        "==========\n"
        "\n"
        "Bebe agua, ¿sí?\n"
        "\n"
        "Por qué\n"
        "-------\n"
        "\n"
        "Ayuda al cuerpo.\n"
    )


def test_an_unchanged_library_gives_the_same_bytes_and_writes_nothing(library, tmp_path):
    manifest, audio = library
    first = make_bundles(manifest, audio, WORDS)
    path = audio / first["es"].file
    written = path.stat().st_mtime_ns
    assert make_bundles(manifest, audio, WORDS) == first
    assert path.stat().st_mtime_ns == written
    path.unlink()
    assert make_bundles(manifest, audio, {"es": WORDS["es"]}) == {"es": first["es"]}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            # MP3s are already compressed; text shrinks.
            expected = zipfile.ZIP_STORED if info.filename.endswith(".mp3") else \
                zipfile.ZIP_DEFLATED
            assert info.compress_type == expected, info.filename
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_changed_track_gives_a_new_bundle_only_in_its_language(library):
    manifest, audio = library
    before = make_bundles(manifest, audio, WORDS)
    agua = manifest.article("agua")
    spanish = agua.editions["es"]
    section = spanish.sections[0]
    changed = replace(section, track=track(audio, "es/agua/01-intro", b"new audio", 4_400))
    edited = replace(agua, editions={**agua.editions,
                                     "es": replace(spanish, sections=(changed,
                                                                      *spanish.sections[1:]))})
    after = make_bundles(replace(manifest, articles=(edited, *manifest.articles[1:])), audio,
                          WORDS)
    assert after["en"] == before["en"]
    assert after["es"].file != before["es"].file
    with opened(audio, after["es"]) as archive:
        assert archive.read("health-library-es/agua/01-intro.mp3") == b"new audio"


def test_a_missing_or_changed_track_is_a_clear_error(library):
    manifest, audio = library
    section = manifest.article("sueno").editions["es"].sections[0]
    (audio / section.track.file).write_bytes(b"damaged")
    with pytest.raises(TrackError) as error:
        make_bundles(manifest, audio, {"es": WORDS["es"]})
    assert str(error.value) == (
        f"audio/{section.track.file}: differs from the manifest, so it cannot go into the "
        "offline download. Build again to publish it afresh.")
    (audio / section.track.vtt).unlink()
    (audio / section.track.file).write_bytes(b"mp3 es/sueno/01-intro Duerme ocho horas.")
    with pytest.raises(TrackError, match=r"01-intro\.[0-9a-f]{8}\.vtt: is missing, "):
        make_bundles(manifest, audio, {"es": WORDS["es"]})
    assert not list((audio / "es").glob("*.zip"))


def test_a_build_publishes_a_bundle_per_language_and_an_unchanged_rebuild_keeps_it(seed_staff):
    staff = seed_staff
    staff.run("build", "--engine", "silent")
    audio = staff.root / "audio"
    manifest = load_manifest(audio / "manifest.json")
    assert sorted(manifest.bundles) == ["en", "es"]
    for language, bundle in manifest.bundles.items():
        edition = manifest.article("heroin-and-the-brain").editions[language]
        with opened(audio, bundle) as archive:
            tracks = {n.rsplit("/", 1)[1]: archive.read(n) for n in archive.namelist()
                      if n.endswith(".mp3")}
        assert tracks == {s.track.file.split("/")[-1].split(".")[0] + ".mp3":
                          (audio / s.track.file).read_bytes() for s in edition.sections}
    written = {b.file: (audio / b.file).stat().st_mtime_ns
               for b in manifest.bundles.values()}
    assert "(unchanged)" in staff.run("build", "--engine", "silent").output
    assert {f: (audio / f).stat().st_mtime_ns for f in written} == written
