"""The search index a build publishes: named by the manifest, served by the app, reused when
nothing changed, and kept when indexing fails; manifests from before topics and search load."""

from __future__ import annotations

import json

import web.pipeline.products.search_index as search_index
from web.pipeline.build import BuildOptions, build_library
from web.pipeline.manifest import load_manifest
from web.pipeline.settings import load_settings

SLUG = "heroin-and-the-brain"


def build(project, warnings=None):
    result = build_library(load_settings(project), BuildOptions(engine="silent",
                                                                languages=("es",)))
    if warnings is not None:
        warnings.extend(map(str, result.warnings))
    return load_manifest(project / "audio" / "manifest.json")


def test_a_failed_index_keeps_the_last_good_one(project, support, monkeypatch):
    first = build(project)
    folder = first.search.folder
    assert "pagefind.js" in first.search.files
    assert build(project).search == first.search  # unchanged text: the same index
    catalog = project / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog.write_text(catalog.read_text("utf-8").replace("hematoencefálica", "cerebral"),
                       "utf-8")

    def fail(pages, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_index, "write_index", fail)
    warnings = []
    after = build(project, warnings)
    assert "search index: [Errno 28] No space left on device; the site keeps its previous " \
           "index" in warnings
    assert after.search == first.search
    client = support.make_app(project).test_client()
    response = client.get(f"/audio/{folder}/pagefind.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert f'data-index="/audio/{folder}/pagefind.js"' in client.get("/es/search/").get_data(
        as_text=True)
    monkeypatch.undo()
    assert build(project).search.folder != folder  # the changed text is indexed anew


def test_a_manifest_from_before_topics_and_search_loads(tiny_root, support):
    path = tiny_root / "audio" / "manifest.json"
    data = json.loads(path.read_text("utf-8"))
    del data["topics"], data["search"]
    for article in data["articles"]:
        del article["topics"]
    path.write_text(json.dumps(data), "utf-8")
    manifest = load_manifest(path)
    assert (manifest.topics, manifest.search, manifest.articles[0].topics) == ({}, None, ())
    assert support.make_app(tiny_root).test_client().get("/es/").status_code == 200
