"""The download of each edition for offline listening: its MP3s, cues, playlist, transcript and
pictures in one zip, made again only when its edition changes."""

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
    OfflineDownload,
    TrackFile,
    load_manifest,
)
from web.pipeline.products.offline_downloads import make_downloads
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


EDITIONS = {("agua", "es"), ("agua", "en"), ("sueno", "es")}
# What a zip adds to each entry besides its name (twice) and bytes: its local and central
# headers; and once, its end record.
ZIP_ENTRY, ZIP_END = 30 + 46, 22


def opened(audio: Path, download: OfflineDownload) -> zipfile.ZipFile:
    return zipfile.ZipFile(audio / download.file)


def made(manifest: Manifest, audio: Path, wanted=EDITIONS) -> dict:
    """Make the downloads of `wanted` editions in their languages' words."""
    return make_downloads(manifest, audio, WORDS, set(wanted))


def test_each_edition_gets_one_zip_of_its_section_tracks_cues_transcript_and_playlist(library):
    manifest, audio = library
    downloads = made(manifest, audio)
    assert sorted(downloads) == sorted(EDITIONS)
    spanish = downloads[("agua", "es")]
    data = (audio / spanish.file).read_bytes()
    assert spanish == OfflineDownload(f"es/agua/agua-es.{spanish.sha256[:8]}.zip",
                                      len(data), hashlib.sha256(data).hexdigest())
    with opened(audio, spanish) as archive:
        assert archive.testzip() is None
        assert archive.namelist() == [
            "agua-es/agua.m3u8",
            "agua-es/agua.txt",
            "agua-es/01-intro.mp3",
            "agua-es/01-intro.vtt",
            "agua-es/02-por-que.mp3",
            "agua-es/02-por-que.vtt",
        ]  # section tracks only: the whole-article track would repeat the same audio
        section = manifest.article("agua").editions["es"].sections[1]
        assert archive.read("agua-es/02-por-que.mp3") == (audio / section.track.file).read_bytes()
        assert archive.read("agua-es/02-por-que.vtt") == (audio / section.track.vtt).read_bytes()
    with opened(audio, downloads[("agua", "en")]) as archive:
        assert [n for n in archive.namelist() if n.endswith(".mp3")] == ["agua-en/01-intro.mp3"]
    with opened(audio, downloads[("sueno", "es")]) as archive:
        assert [n for n in archive.namelist() if n.endswith(".mp3")] == ["sueno-es/01-intro.mp3"]


def test_the_playlist_plays_every_section_in_order_with_seconds_and_titles(library):
    manifest, audio = library
    with opened(audio, made(manifest, audio)[("agua", "es")]) as archive:
        playlist = archive.read("agua-es/agua.m3u8").decode("utf-8")
        names = set(archive.namelist())
    assert playlist == (
        "#EXTM3U\n"
        "#PLAYLIST:Beber agua\n"
        "#EXTINF:4,Beber agua\n"
        "01-intro.mp3\n"
        "#EXTINF:1,Beber agua – Por qué\n"
        "02-por-que.mp3\n"
    )
    # Every path is relative to the playlist and names a file in the zip.
    for line in playlist.splitlines():
        if not line.startswith("#"):
            assert f"agua-es/{line}" in names


def test_each_download_has_a_utf8_transcript_with_its_headings_and_text(library):
    manifest, audio = library
    with opened(audio, made(manifest, audio)[("agua", "es")]) as archive:
        transcript = archive.read("agua-es/agua.txt").decode("utf-8")
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


def test_an_unchanged_edition_gives_the_same_bytes_and_writes_nothing(library):
    manifest, audio = library
    first = made(manifest, audio)
    path = audio / first[("agua", "es")].file
    written = path.stat().st_mtime_ns
    assert made(manifest, audio) == first
    assert path.stat().st_mtime_ns == written
    path.unlink()
    assert made(manifest, audio, {("agua", "es")}) == {("agua", "es"): first[("agua", "es")]}
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            # MP3s are already compressed; text shrinks.
            expected = zipfile.ZIP_STORED if info.filename.endswith(".mp3") else \
                zipfile.ZIP_DEFLATED
            assert info.compress_type == expected, info.filename
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_changed_track_gives_a_new_download_of_its_edition_only(library):
    manifest, audio = library
    before = made(manifest, audio)
    agua = manifest.article("agua")
    spanish = agua.editions["es"]
    section = spanish.sections[0]
    changed = replace(section, track=track(audio, "es/agua/01-intro", b"new audio", 4_400))
    edited = replace(agua, editions={**agua.editions,
                                     "es": replace(spanish, sections=(changed,
                                                                      *spanish.sections[1:]))})
    after = made(replace(manifest, articles=(edited, *manifest.articles[1:])), audio)
    assert after[("agua", "en")] == before[("agua", "en")]
    assert after[("sueno", "es")] == before[("sueno", "es")]
    assert after[("agua", "es")].file != before[("agua", "es")].file
    with opened(audio, after[("agua", "es")]) as archive:
        assert archive.read("agua-es/01-intro.mp3") == b"new audio"


def test_a_missing_or_changed_track_is_a_clear_error(library):
    manifest, audio = library
    section = manifest.article("sueno").editions["es"].sections[0]
    (audio / section.track.file).write_bytes(b"damaged")
    with pytest.raises(TrackError) as error:
        made(manifest, audio, {("sueno", "es")})
    assert str(error.value) == (
        f"audio/{section.track.file}: differs from the manifest, so it cannot go into the "
        "offline download. Build again to publish it afresh.")
    (audio / section.track.vtt).unlink()
    (audio / section.track.file).write_bytes(b"mp3 es/sueno/01-intro Duerme ocho horas.")
    with pytest.raises(TrackError, match=r"01-intro\.[0-9a-f]{8}\.vtt: is missing, "):
        made(manifest, audio, {("sueno", "es")})
    assert not list((audio / "es").rglob("*.zip"))


def test_a_build_publishes_a_download_per_edition_holding_its_section_tracks(seed_staff):
    staff = seed_staff
    staff.run("build", "--engine", "silent")
    audio = staff.root / "audio"
    manifest = load_manifest(audio / "manifest.json")
    downloads = manifest.downloads["heroin-and-the-brain"]
    assert sorted(downloads) == ["en", "es"]
    for language, download in downloads.items():
        edition = manifest.article("heroin-and-the-brain").editions[language]
        with opened(audio, download) as archive:
            tracks = {n.rsplit("/", 1)[1]: archive.read(n) for n in archive.namelist()
                      if n.endswith(".mp3")}
            assert not [n for n in archive.namelist() if n.endswith(".epub")]
            text = sum(i.compress_size for i in archive.infolist()
                       if not i.filename.endswith(".mp3"))
            headers = sum(ZIP_ENTRY + 2 * len(i.filename.encode()) for i in archive.infolist())
        assert tracks == {s.track.file.split("/")[-1].split(".")[0] + ".mp3":
                          (audio / s.track.file).read_bytes() for s in edition.sections}
        # Its size is its own audio (the section tracks, each once) plus its text and the
        # zip's headers: the whole-article track, a second copy, is not in it.
        own_audio = sum(s.track.bytes for s in edition.sections)
        assert download.bytes == own_audio + text + headers + ZIP_END
    assert not list(audio.glob("*/*.zip"))  # no zip of a whole language


def published_downloads(audio: Path) -> dict[tuple[str, str], tuple[str, int, int]]:
    """Return each edition's download as the site names it, with its file's inode and time."""
    manifest = load_manifest(audio / "manifest.json", blocks=False)
    return {(slug, code): (d.file, (audio / d.file).stat().st_ino,
                           (audio / d.file).stat().st_mtime_ns)
            for slug, of in manifest.downloads.items() for code, d in of.items()}


def test_an_edit_rewrites_only_the_downloads_of_the_editions_it_touched(staff):
    staff.run("build", "--engine", "silent")
    audio = staff.root / "audio"
    before = published_downloads(audio)
    assert len(before) == 6  # the seed, its easy read and the glossary, in English and Spanish
    path = staff.root / "library" / "heroin-and-the-brain.md"
    source = path.read_text(encoding="utf-8")
    paragraph = "{#the-impact-on-brain-structure-and-1}\n"
    at = source.index(paragraph) + len(paragraph)
    path.write_text(source[:at] + "Heroin changes the brain. " + source[at:], encoding="utf-8")
    staff.run("build", "--engine", "silent")
    after = published_downloads(audio)
    touched = {("heroin-and-the-brain", "en"), ("heroin-and-the-brain", "es")}
    # The others: the same file, never written again; the edited article's: new files.
    assert {key: after[key] for key in after if key not in touched} == \
        {key: before[key] for key in before if key not in touched}
    for key in touched:  # Spanish publishes the new English sentence too
        assert after[key][0] != before[key][0]
