"""The podcast feeds as podcast apps read them: podcastparser (gPodder), partytime (Podcast
Index) and the chapters and artwork they link to."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import uuid
from pathlib import Path

import podcastparser
import pytest

from web.pipeline.manifest import load_manifest

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:5000/"  # the base URL of library.toml
SLUG = "heroin-and-the-brain"


@pytest.fixture(scope="module")
def feeds(built_root):
    """Each language's feed and the manifest it was made from."""
    from web_support import make_app

    client = make_app(built_root).test_client()
    return client, {lang: client.get(f"/{lang}/feed.xml").data for lang in ("en", "es")}, \
        load_manifest(built_root / "audio" / "manifest.json")


def partytime(data: bytes) -> dict:
    """Return what Podcast Index's parser reads in a feed."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "podcast-partytime").is_dir():
        pytest.fail("partytime is not installed: run npm ci")
    result = subprocess.run([node, str(ROOT / "tests" / "read_feed.js")], input=data,
                            capture_output=True, check=True, cwd=ROOT)
    return json.loads(result.stdout)


def test_podcastparser_reads_the_category_artwork_and_every_enclosure(feeds):
    client, data, manifest = feeds
    for lang, feed in data.items():
        url = f"{BASE}{lang}/feed.xml"
        read = podcastparser.parse(url, io.BytesIO(feed))
        cover = f"{BASE}audio/{manifest.covers[lang].file}"
        assert read["cover_url"] == cover
        assert read["type"] == "episodic"
        assert read["itunes_categories"] == [["Health & Fitness"]]  # the text attribute
        assert read["episodes"]
        for episode in read["episodes"]:
            [enclosure] = episode["enclosures"]
            assert enclosure["mime_type"] == "audio/mpeg" and enclosure["file_size"] > 0
            assert client.get(enclosure["url"]).status_code == 200
        # podcastparser 0.6 reads transcripts and chapters only under the namespace's first
        # URI (a GitHub page); the feed declares the one the namespace names now, as Podcast
        # Index and partytime expect (below).
    assert client.get(cover).status_code == 200


def test_partytime_reads_category_artwork_owner_guid_lock_transcripts_and_chapters(feeds):
    client, data, manifest = feeds
    spanish = partytime(data["es"])
    assert spanish["categories"] == ["health", "fitness"]  # how it names Apple's category
    assert spanish["language"] == "es"
    assert spanish["itunesImage"] == f"{BASE}audio/{manifest.covers['es'].file}"
    assert spanish["author"] == spanish["owner"]["name"] == "Biblioteca de Salud"
    assert spanish["owner"]["email"] == "podcasts@library.example.org"
    assert spanish["explicit"] is False and spanish["itunesType"] == "episodic"
    assert spanish["locked"] is True
    assert spanish["podcastOwner"] == "podcasts@library.example.org"
    assert spanish["guid"] == str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"),
                                             "127.0.0.1:5000/es/feed.xml"))
    assert partytime(data["en"])["guid"] != spanish["guid"]
    edition = manifest.article(SLUG).editions["es"]
    items = {item["guid"]: item for item in spanish["items"]}
    for guid, track in [(f"{SLUG}/es", edition.track),
                        *((f"{SLUG}/es/{s.id}", s.track) for s in edition.sections)]:
        item = items[guid]
        [transcript] = item["podcastTranscripts"]
        assert transcript["url"] == f"{BASE}audio/{track.vtt}"
        assert transcript["type"] == "text/vtt" and transcript["language"] == "es"
        assert client.get(transcript["url"]).status_code == 200
        assert item["podcastChapters"]["type"] == "application/json+chapters"
        assert client.get(item["podcastChapters"]["url"]).status_code == 200


def test_chapters_json_gives_the_tracks_chapter_times(feeds):
    client, _, manifest = feeds
    edition = manifest.article(SLUG).editions["es"]
    response = client.get(f"/es/{SLUG}/chapters.json")
    assert response.mimetype == "application/json+chapters"
    document = response.get_json(force=True)
    assert document["version"] == "1.2.0"
    assert [(c["startTime"], c["endTime"], c["title"]) for c in document["chapters"]] == [
        (c.start_ms / 1000, c.end_ms / 1000, c.title) for c in edition.chapters]
    assert document["chapters"][-1]["endTime"] == edition.track.duration_ms / 1000
    section = edition.sections[1]
    one = client.get(f"/es/{SLUG}/chapters/{section.id}.json").get_json(force=True)
    [chapter] = one["chapters"]
    assert (chapter["startTime"], chapter["endTime"]) == (0, section.track.duration_ms / 1000)
    assert chapter["title"] == f"{edition.title}: {section.title}"
    assert client.get(f"/es/{SLUG}/chapters/nothing.json").status_code == 404
