"""The build: section and article tracks per language, incremental rebuilds, safe publishing."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import Staff
from mutagen.id3 import ID3
from projects import copy_project

from web.pipeline.artwork import Cover
from web.pipeline.build import BuildOptions, build_library, build_lock
from web.pipeline.manifest import json_io, load_manifest, served_files
from web.pipeline.settings import load_settings
from web.pipeline.track_names import TrackName

SLUG = "heroin-and-the-brain"
PARAGRAPH = "the-impact-on-brain-structure-and-1"
NEW_TEXT = "Heroin changes the brain over time. Treatment helps people recover."


def snapshot(root: Path) -> dict[str, int]:
    """Return every published file with its modification time."""
    audio = root / "audio"
    return {str(p.relative_to(audio)): p.stat().st_mtime_ns for p in audio.rglob("*")
            if p.is_file() and p.name != ".build.lock"}


def edit_paragraph(root: Path, block_id: str, text: str) -> None:
    """Replace the text of one paragraph of the seed article, as staff would in an editor."""
    path = root / "library" / f"{SLUG}.md"
    source = path.read_text(encoding="utf-8")
    pattern = re.compile(r"(\{#" + re.escape(block_id) + r"\}\n)[^\n]+")
    path.write_text(pattern.sub(lambda m: m.group(1) + text, source), encoding="utf-8")


def summary(result) -> str:
    """Return the build's summary line (warnings may come before it)."""
    return next(line for line in result.output.splitlines()
                if line.startswith(("Built ", "Dry run")))


def counts(output: str) -> dict[str, int]:
    """Pull the numbers out of the build's summary line."""
    found = re.search(r"(\d+) clips? voiced.*?(\d+) cached, (\d+) tracks? written, (\d+) unchanged",
                      output)
    return dict(zip(("voiced", "cached", "written", "unchanged"), map(int, found.groups()),
                    strict=True))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The seed article alone built once with the silent engine (copied for each test)."""
    root = copy_project(tmp_path_factory.mktemp("template") / "project", only=(SLUG,))
    result = Staff(root).run("build", "--engine", "silent")
    return root, result


@pytest.fixture
def built(template, tmp_path):
    """A freshly built copy of the seed project, and the first build's CLI result."""
    root, result = template
    shutil.copytree(root, tmp_path / "project")
    return Staff(tmp_path / "project"), result


def test_build_publishes_section_tracks_and_an_article_track_with_chapters(built):
    staff, result = built
    assert summary(result).startswith("Built 2 languages, 1 article: ")
    assert summary(result).endswith("Manifest: audio/manifest.json")
    manifest = load_manifest(staff.root / "audio" / "manifest.json")
    article = manifest.article(SLUG)
    assert sorted(article.editions) == ["en", "es"]
    for language, edition in article.editions.items():
        assert len(edition.sections) == 5
        assert [c.section for c in edition.chapters] == [s.id for s in edition.sections]
        # The intro's chapter is called as on the page, in the edition's language.
        intro = {"en": "Introduction", "es": "Introducción"}[language]
        assert edition.sections[0].title == edition.chapters[0].title == intro
        assert edition.track.file.startswith(f"{language}/{SLUG}/article.")
        assert edition.sections[0].track.file.startswith(f"{language}/{SLUG}/01-intro.")
        for track in [s.track for s in edition.sections] + [edition.track]:
            path = staff.root / "audio" / track.file
            assert path.stat().st_size == track.bytes
            assert (staff.root / "audio" / track.vtt).read_text().startswith("WEBVTT")
            assert track.engines == ("silent",)
        tags = ID3(staff.root / "audio" / edition.track.file)
        assert len(tags.getall("CHAP")) == 5
        assert str(tags["CHAP:chp1"].sub_frames["TIT2"]) == intro
        assert str(tags["TALB"]) == edition.title
        last = edition.sections[-1]
        assert edition.chapters[-1].end_ms == edition.duration_ms
        # A chapter lasts as long as its section's track: one duration wherever it is shown.
        assert [c.end_ms - c.start_ms for c in edition.chapters] == [
            s.track.duration_ms for s in edition.sections]
        sentences = [s for b in last.blocks for s in b.sentences]
        assert sentences and sentences[-1].end_ms == last.track.duration_ms


def test_a_second_build_voices_nothing_and_rewrites_nothing(built):
    staff, first = built
    before = snapshot(staff.root)
    again = staff.run("build", "--engine", "silent")
    assert counts(again.output)["voiced"] == 0
    assert counts(again.output)["written"] == 0
    assert "Manifest: audio/manifest.json (unchanged)" in again.output
    assert snapshot(staff.root) == before


def test_editing_one_paragraph_revoices_only_its_sentences(built):
    staff, _ = built
    before = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG)
    edit_paragraph(staff.root, PARAGRAPH, NEW_TEXT)
    result = staff.run("build", "--engine", "silent")
    # Two new sentences, voiced once: Spanish shows the changed paragraph in English (stale),
    # and its English clips are shared.
    assert counts(result.output) == {"voiced": 2, "cached": counts(result.output)["cached"],
                                     "written": 4, "unchanged": 8}
    after = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG)
    for language in ("en", "es"):
        old, new = before.editions[language], after.editions[language]
        changed = [s.id for s, t in zip(old.sections, new.sections, strict=True)
                   if s.track.file != t.track.file]
        assert changed == ["the-impact-on-brain-structure-and"]
        assert old.track.file != new.track.file
        block = next(b for b in new.sections[3].blocks if b.id == PARAGRAPH)
        assert block.text == NEW_TEXT
        assert [s.text for s in block.sentences] == [
            "Heroin changes the brain over time.", "Treatment helps people recover."]
        assert block.language == "en"
    assert after.editions["es"].sections[3].blocks[1].state == "stale"
    # The replaced tracks stay for one more build, for listeners who are playing them; the
    # next change removes them.
    assert mp3s(staff.root) == tracks_of(after) | tracks_of(before)
    edit_paragraph(staff.root, PARAGRAPH, "Heroin changes the brain.")
    staff.run("build", "--engine", "silent")
    latest = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG)
    assert mp3s(staff.root) == tracks_of(latest) | tracks_of(after)


def mp3s(root: Path) -> set[str]:
    return {p.relative_to(root / "audio").as_posix() for p in (root / "audio").rglob("*.mp3")}


def tracks_of(article) -> set[str]:
    """Return every MP3 an article's manifest entry names, data saver editions included."""
    return {file for e in article.editions.values()
            for t in [s.track for s in e.sections] + [e.track] for file in (t.file, t.lite.file)}


def test_dry_run_lists_what_would_be_voiced_and_writes_nothing(built):
    staff, _ = built
    edit_paragraph(staff.root, PARAGRAPH, NEW_TEXT)
    before = snapshot(staff.root)
    cache_before = sorted((staff.root / ".cache").rglob("*"))
    result = staff.run("build", "--engine", "silent", "--dry-run")
    lines = result.output.splitlines()
    assert summary(result) == "Dry run, 2 languages, 1 article: 2 sentences to voice, " \
        f"{counts_cached(result.output)} cached, 17 files to write."
    assert [line for line in lines if line.startswith("  voice ")] == [
        "  voice [en] Heroin changes the brain over time.",
        "  voice [en] Treatment helps people recover.",
    ]
    written = [line.split()[1] for line in lines if line.startswith("  write ")]
    assert written[-1] == "audio/manifest.json"
    assert sorted(Path(p).name.split(".")[0] for p in written[:-1]) == sorted(
        ["04-the-impact-on-brain-structure-and", "article"] * 4  # MP3 and cues
        + ["04-the-impact-on-brain-structure-and-lite", "article-lite"] * 2  # the data saver's
        + ["heroin-and-the-brain"] * 2  # the talking books
        + ["heroin-and-the-brain-en", "heroin-and-the-brain-es"])  # the offline downloads
    assert snapshot(staff.root) == before
    assert sorted((staff.root / ".cache").rglob("*")) == cache_before
    # The dry run named exactly the files the real build then writes.
    staff.run("build", "--engine", "silent")
    assert all(list(staff.root.glob(p)) for p in written)
    # With nothing left to do, a dry run says so.
    result = staff.run("build", "--engine", "silent", "--dry-run")
    assert "0 sentences to voice" in summary(result) and "0 files to write" in summary(result)


def test_a_dry_run_finds_a_manifest_change_without_packaging_audio(built, monkeypatch):
    staff, _ = built
    staff.run("review", SLUG, "--lang", "es", "--by", "Equipo de revisión")  # the credits only

    def refuse(*args, **kwargs):
        raise AssertionError("a dry run encoded audio")

    for name in ("packaging.write_mp3", "packaging.join_mp3", "audio.tracks.encode_mp3"):
        monkeypatch.setattr(f"web.pipeline.{name}", refuse)
    result = staff.run("build", "--engine", "silent", "--dry-run")
    assert "0 sentences to voice" in summary(result)
    assert result.output.splitlines()[-1] == "  write audio/manifest.json"


def test_a_track_is_never_named_without_the_hash_of_its_inputs():
    assert TrackName.of("en/a/01-intro", "3f2a9c1b" * 8).mp3 == "en/a/01-intro.3f2a9c1b.mp3"
    with pytest.raises(ValueError, match="needs the hash of its inputs"):
        TrackName.of("en/a/01-intro", "")


def counts_cached(output: str) -> int:
    return int(re.search(r"(\d+) cached", output).group(1))


def test_a_build_while_another_runs_is_refused(built):
    staff, _ = built
    with build_lock(load_settings(staff.root)):
        result = staff.run("build", "--engine", "silent", expect=1)
    assert result.output == ("Error: audio/.build.lock: another build is running. "
                             "Wait for it to finish, then build again.\n")


def test_a_damaged_cache_entry_is_voiced_again(built):
    staff, _ = built
    clip = sorted((staff.root / ".cache" / "clips").rglob("*.wav"))[0]
    clip.write_bytes(clip.read_bytes()[:50])
    # Nothing else changed: the library is published and whole, so there is nothing to do.
    unchanged = staff.run("build", "--engine", "silent")
    assert counts(unchanged.output)["voiced"] == 0
    # Once a build plans (a setting, an article or a catalog changed), the clip is checked.
    result = staff.run("build", "--engine", "silent", "--offline")
    assert counts(result.output)["voiced"] == 1
    assert counts(result.output)["written"] == 0  # the same sound as before, so the same tracks


def test_a_build_with_nothing_to_do_plans_nothing_and_says_what_the_last_one_did(built):
    staff, _ = built
    edit_paragraph(staff.root, PARAGRAPH, NEW_TEXT)  # its Spanish is stale now: a warning
    first = staff.run("build", "--engine", "silent")
    settings = load_settings(staff.root)
    stamp = settings.cache_dir / "build-stamp.json"
    assert stamp.exists()
    made = counts(first.output)
    result = staff.run("build", "--engine", "silent")
    assert counts(result.output) == {"voiced": 0, "cached": made["voiced"] + made["cached"],
                                     "written": 0, "unchanged": made["written"] + made["unchanged"]}
    assert "Manifest: audio/manifest.json (unchanged)" in result.output
    # Its warnings are those of the build that made the library, and --strict still fails.
    warnings = [line for line in first.output.splitlines() if line.startswith("Warning:")]
    assert warnings and [line for line in result.output.splitlines()
                         if line.startswith("Warning:")] == warnings
    assert staff.run("build", "--engine", "silent", "--strict", expect=1).exit_code == 1


def test_a_published_file_lost_is_made_again(built):
    staff, _ = built
    staff.run("build", "--engine", "silent")
    edition = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG).editions["es"]
    for name in (edition.sections[0].track.file, edition.track.vtt):
        lost = staff.root / "audio" / name
        data = lost.read_bytes()
        lost.unlink()
        assert counts(staff.run("build", "--engine", "silent").output)["written"] >= 1
        assert lost.read_bytes() == data


def test_unreviewed_spanish_is_voiced_in_english_and_marked(built):
    staff, _ = built
    edit_paragraph(staff.root, PARAGRAPH, NEW_TEXT)
    staff.run("build", "--engine", "silent")
    spanish = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG).editions["es"]
    block = next(b for s in spanish.sections for b in s.blocks if b.id == PARAGRAPH)
    assert (block.language, block.state, block.text) == ("en", "stale", NEW_TEXT)
    assert spanish.counts.get("stale") == 1
    assert "eng" in str(ID3(staff.root / "audio" / spanish.track.file)["TLAN"])
    strict = staff.run("build", "--engine", "silent", "--strict", expect=1)
    assert strict.output.startswith(f"Error: --strict: es/{SLUG}: 1 block is not reviewed "
                                    "(1 stale); published in English.")


def test_building_one_language_keeps_the_other(built):
    staff, _ = built
    manifest = staff.root / "audio" / "manifest.json"
    english = load_manifest(manifest).article(SLUG).editions["en"]
    edit_paragraph(staff.root, PARAGRAPH, NEW_TEXT)
    result = staff.run("build", "--engine", "silent", "--lang", "es")
    assert summary(result).startswith("Built 1 language, 1 article: 2 clips voiced")
    editions = load_manifest(manifest).article(SLUG).editions
    assert editions["en"] == english
    assert (staff.root / "audio" / english.track.file).exists()


def test_build_result_counts_engines(seed_project):
    settings = load_settings(seed_project)
    result = build_library(settings, BuildOptions(languages=("en",), engine="silent"))
    assert result.engines == {"silent": result.clips_voiced} and result.clips_voiced > 20
    assert result.tracks_written == 6 and result.files_removed == 0


def test_every_file_the_manifest_names_is_on_disk_before_the_manifest(seed_project,
                                                                       monkeypatch):
    """Files are not flushed one by one: one flush of the file system comes after the last
    file the new manifest names is in place and before the manifest, so a power cut never
    leaves a manifest naming a file not yet on disk."""
    events, real_replace, real_flush = [], os.replace, json_io.flush_file_system

    def replace(source, target, *args, **kwargs):
        real_replace(source, target, *args, **kwargs)
        events.append(("in place", Path(target)))

    def flush(path):
        real_flush(path)
        events.append(("flushed", Path(path)))

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(json_io, "flush_file_system", flush)
    settings = load_settings(seed_project)
    build_library(settings, BuildOptions(languages=("en",), engine="silent"))
    swapped = events.index(("in place", settings.manifest_path))
    flushed = max(n for n, (kind, _) in enumerate(events[:swapped]) if kind == "flushed")
    named = {settings.audio_dir / file
             for file in served_files(load_manifest(settings.manifest_path), None)}
    placed = {path for kind, path in events[:swapped] if kind == "in place"}
    assert len(named & placed) > 10  # the tracks, cues, book, download, cover, text
    assert not named & {path for kind, path in events[flushed:swapped] if kind == "in place"}


@pytest.mark.slow
def test_offline_build_of_the_seed_article_is_loud_enough_and_in_sync(seed_staff):
    """The real offline English voice: every track at -16 LUFS, cues that fit the audio
    (Kokoro's Spanish tracks are checked the same way in test_kokoro)."""
    from test_tracks import assert_loud_and_in_sync

    staff = seed_staff
    result = staff.run("build", "--offline", "--lang", "en")
    assert counts(result.output)["written"] == 6
    edition = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG).editions["en"]
    assert len(ID3(staff.root / "audio" / edition.track.file).getall("CHAP")) == 5
    for track in [s.track for s in edition.sections] + [edition.track]:
        assert_loud_and_in_sync(staff.root / "audio", track)
    again = staff.run("build", "--offline", "--lang", "en")
    assert counts(again.output)["voiced"] == 0


def test_a_download_stays_published_until_its_edition_changes(built):
    staff, _ = built
    audio = staff.root / "audio"
    first = load_manifest(audio / "manifest.json").downloads[SLUG]
    assert sorted(first) == ["en", "es"] and all((audio / d.file).exists()
                                                 for d in first.values())
    staff.run("build", "--engine", "silent")
    assert load_manifest(audio / "manifest.json").downloads[SLUG] == first
    edit_paragraph(staff.root, PARAGRAPH, NEW_TEXT)
    staff.run("build", "--engine", "silent")
    after = load_manifest(audio / "manifest.json").downloads[SLUG]
    for language in ("en", "es"):  # the edit shows in both: Spanish publishes it in English
        assert after[language].file != first[language].file
        assert (audio / after[language].file).exists()
    edit_paragraph(staff.root, PARAGRAPH, "Heroin changes the brain.")
    staff.run("build", "--engine", "silent")  # the downloads before last are removed
    assert not any((audio / first[language].file).exists() for language in ("en", "es"))


def test_an_unknown_language_is_refused(staff):
    result = staff.run("build", "--engine", "silent", "--lang", "fr", expect=1)
    assert result.output == "Error: --lang fr: not a language of the library. Use one of en, es.\n"
    assert not (staff.root / "audio" / "manifest.json").exists()


def test_a_sentence_no_engine_can_voice_stops_the_build_at_once(project, monkeypatch):
    from web.pipeline.errors import VoiceError
    from web.pipeline.voices.silent import SilentEngine

    calls = []
    real = SilentEngine.synthesize

    def synthesize(self, text, language):
        calls.append(text)
        if len(calls) == 3:
            raise VoiceError(f'silent: cannot voice "{text[:20]}": broken. Fix it.')
        return real(self, text, language)

    monkeypatch.setattr(SilentEngine, "synthesize", synthesize)
    result = Staff(project).run("build", "--engine", "silent", expect=1)
    assert "Error: silent: cannot voice" in result.output
    assert len(calls) < 10  # not the 60-odd sentences of the article
    assert not (project / "audio" / "manifest.json").exists()


def test_each_language_has_its_cover_published_and_in_its_tracks(built):
    """The feed's artwork and the tracks' cover: the library's name in the edition's words."""
    staff, _ = built
    manifest = load_manifest(staff.root / "audio" / "manifest.json")
    assert sorted(manifest.covers) == ["en", "es"]
    spanish = manifest.covers["es"]
    path = staff.root / "audio" / spanish.file
    assert re.fullmatch(r"es/cover\.[0-9a-f]{8}\.png", spanish.file)
    assert path.read_bytes() == Cover("Biblioteca de Salud",
                                      "Artículos de salud para escuchar y leer.").png()
    assert spanish.file != manifest.covers["en"].file
    track = manifest.article(SLUG).editions["es"].track
    assert ID3(staff.root / "audio" / track.file).getall("APIC")[0].desc == "Biblioteca de Salud"
    assert ID3(staff.root / "audio" / track.lite.file).getall("APIC") == []


def test_a_damaged_cover_is_drawn_again(built):
    staff, _ = built
    staff.run("build", "--engine", "silent")
    cover = load_manifest(staff.root / "audio" / "manifest.json").covers["en"]
    path = staff.root / "audio" / cover.file
    data = path.read_bytes()
    path.write_bytes(data[:100])
    staff.run("build", "--engine", "silent")
    assert path.read_bytes() == data
