"""The data saver: every track also published at a low bitrate, with the same cues."""

from __future__ import annotations

from mutagen.mp3 import MP3

from web.pipeline.audio.tracks import mp3_frames
from web.pipeline.manifest import load_manifest

MB_PER_MINUTE = 0.18  # the most a listener on a small data plan should spend on a minute


def every_track(manifest):
    for article in manifest.articles:
        for edition in article.editions.values():
            yield edition.track
            yield from (s.track for s in edition.sections)


def test_every_track_has_a_data_saver_edition_of_at_most_018_mb_a_minute(built_root):
    audio = built_root / "audio"
    tracks = list(every_track(load_manifest(audio / "manifest.json")))
    assert len(tracks) == 40  # 2 languages: 6 of the seed, 6 of its easy read, 8 of the glossary
    for track in tracks:
        lite = audio / track.lite.file
        assert lite.stat().st_size == track.lite.bytes
        minutes = track.duration_ms / 60_000
        assert track.lite.bytes / 1e6 / minutes <= MB_PER_MINUTE, track.lite.file
        assert track.lite.bytes < track.bytes / 2.5
        # The same frames as the normal track, so its cues and chapters fit it to the sample.
        assert mp3_frames(lite) == mp3_frames(audio / track.file)
        assert MP3(lite).info.sample_rate == MP3(audio / track.file).info.sample_rate
        assert MP3(lite).tags["TIT2"] == MP3(audio / track.file).tags["TIT2"]


def test_the_site_serves_the_data_saver_tracks_it_names(client, built_root):
    manifest = load_manifest(built_root / "audio" / "manifest.json")
    track = manifest.article("heroin-and-the-brain").editions["es"].track
    response = client.get(f"/audio/{track.lite.file}")
    assert (response.status_code, response.mimetype) == (200, "audio/mpeg")
    assert len(response.get_data()) == track.lite.bytes
    assert "immutable" in response.headers["Cache-Control"]
