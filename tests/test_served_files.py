"""A published file that is not as the manifest records it is never served as good."""

from __future__ import annotations

import os

from web_support import make_app

TRACK = "en/tiny/01-intro.1a2b3c4d.mp3"


def test_a_truncated_track_is_503_and_named_by_healthz(tiny_root):
    client = make_app(tiny_root).test_client()
    assert client.get(f"/audio/{TRACK}").status_code == 200
    path = tiny_root / "audio" / TRACK
    path.write_bytes(path.read_bytes()[:1000])  # 1,000 of 2,048 bytes
    response = client.get(f"/audio/{TRACK}")
    assert response.status_code == 503
    assert response.headers["Cache-Control"] == "no-store" and "ETag" not in response.headers
    health = client.get("/healthz")
    assert health.status_code == 200  # the library is still served
    assert health.get_json()["status"] == "degraded"
    assert health.get_json()["damaged"] == [
        f"audio/{TRACK} has 1000 bytes where the manifest records 2048"]


def test_a_file_replaced_by_a_link_is_never_served(tiny_root, tmp_path):
    path = tiny_root / "audio" / TRACK
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"x" * 2048)  # the very size the manifest records
    path.unlink()
    os.symlink(secret, path)
    client = make_app(tiny_root).test_client()
    response = client.get(f"/audio/{TRACK}")
    assert response.status_code == 503 and b"x" not in response.data
    assert client.get("/healthz").get_json()["damaged"] == [
        f"audio/{TRACK} is not a plain file (a link or a folder)"]


def test_an_intact_library_is_healthy(tiny_root):
    health = make_app(tiny_root).test_client().get("/healthz").get_json()
    assert health["status"] == "ok" and "damaged" not in health


def test_the_next_build_repairs_a_linked_cue_file_and_a_truncated_track(seed_staff, tmp_path):
    seed_staff.run("build", "--engine", "silent")
    audio = seed_staff.root / "audio"
    cue = next(audio.glob("es/*/01-*.vtt"))
    track = next(audio.glob("en/*/01-*.mp3"))
    expected = cue.read_bytes(), track.read_bytes()
    elsewhere = tmp_path / "elsewhere.vtt"
    elsewhere.write_text("WEBVTT\n\nnot this article\n", encoding="utf-8")
    cue.unlink()
    os.symlink(elsewhere, cue)
    track.write_bytes(expected[1][:1000])
    seed_staff.run("build", "--engine", "silent")
    assert not cue.is_symlink() and (cue.read_bytes(), track.read_bytes()) == expected
    health = make_app(seed_staff.root).test_client().get("/healthz").get_json()
    assert health["status"] == "ok"
