"""Behind nginx (LIBRARY_FRONT_FILES), the app checks and decides each answer for a published
file and leaves its bytes to nginx (X-Accel-Redirect); what nginx could get wrong stays the
app's to send, and a damaged file is never handed over."""

from __future__ import annotations

import pytest

from web import create_app
from web.export import export_site
from web.headers import SECURITY

TRACK = "en/tiny/01-intro.1a2b3c4d.mp3"


@pytest.fixture
def client(tiny_root):
    app = create_app({"TESTING": True, "LIBRARY_ROOT": str(tiny_root),
                      "FRONT_FILES": "/_files/"})
    return app.test_client()


def test_a_track_is_checked_here_and_sent_by_nginx(client):
    response = client.get(f"/audio/{TRACK}")
    assert response.status_code == 200
    assert response.data == b""
    assert response.headers["X-Accel-Redirect"] == f"/_files/whole/{TRACK}"
    assert response.headers["ETag"] == f'"{"0" * 64}"'
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.mimetype == "audio/mpeg"
    assert {name: response.headers.get(name) for name in SECURITY} == SECURITY
    assert "Content-Range" not in response.headers


@pytest.mark.parametrize("value", ["bytes=0-", "bytes=100-199", "bytes=-10", "bytes=5-99999"])
def test_a_range_nginx_reads_as_the_app_does_is_sent_by_nginx(client, value):
    response = client.get(f"/audio/{TRACK}", headers={"Range": value})
    assert response.headers["X-Accel-Redirect"] == f"/_files/part/{TRACK}"
    assert response.data == b""


@pytest.mark.parametrize("value", ["bytes = 0-9", "BYTES=0-9", "bytes=0-9999999999999999"])
def test_a_range_nginx_might_read_otherwise_is_sent_here(client, tiny_root, value):
    """nginx reads only "bytes=" in lower case, without spaces, and numbers it can hold: the
    app answers such ranges itself, as it reads them."""
    response = client.get(f"/audio/{TRACK}", headers={"Range": value})
    assert response.status_code == 206
    assert "X-Accel-Redirect" not in response.headers
    whole = (tiny_root / "audio" / TRACK).read_bytes()
    assert response.data == (whole[:10] if value.endswith("-9") else whole)


@pytest.mark.parametrize("value", ["bytes=0-1,5-6", "bytes=9-2", "items=0-9"])
def test_a_range_the_app_ignores_is_the_whole_file_from_nginx(client, value):
    """nginx sends the whole file where the app decided so (it ignores Range there)."""
    response = client.get(f"/audio/{TRACK}", headers={"Range": value})
    assert response.headers["X-Accel-Redirect"] == f"/_files/whole/{TRACK}"


@pytest.mark.parametrize("headers, status", [
    ({"If-None-Match": f'"{"0" * 64}"'}, 304),
    ({"Range": "bytes=99999-"}, 416),
    ({"If-Match": '"other"'}, 412),
    ({"If-Match": f'"{"0" * 64}"'}, 200),
])
def test_answers_the_app_decides_alone_are_sent_here(client, headers, status):
    response = client.get(f"/audio/{TRACK}", headers=headers)
    assert response.status_code == status
    assert "X-Accel-Redirect" not in response.headers
    assert (response.data == b"\xff" * 2048) == (status == 200)


def test_cues_are_sent_here_gzipped_as_before(client):
    response = client.get(f"/audio/{TRACK[:-4]}.vtt")
    assert response.status_code == 200 and response.data.startswith(b"WEBVTT")
    assert "X-Accel-Redirect" not in response.headers


def test_a_damaged_track_is_never_handed_to_nginx(client, tiny_root):
    path = tiny_root / "audio" / TRACK
    path.write_bytes(path.read_bytes()[:1000])
    response = client.get(f"/audio/{TRACK}")
    assert response.status_code == 503
    assert "X-Accel-Redirect" not in response.headers


def test_an_export_holds_the_files_themselves(client, tiny_root, tmp_path):
    export_site(client.application, tmp_path / "site", "https://library.example.org/")
    assert (tmp_path / "site" / "audio" / TRACK).read_bytes() == b"\xff" * 2048
