"""The search index a build publishes: each edition a page in its own language whose blocks
carry the ids of their passages on the article page; named by the manifest, served by the app,
reused when nothing changed, and kept when indexing fails; manifests from before topics and
search load."""

from __future__ import annotations

import json
from html.parser import HTMLParser

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


class Passages(HTMLParser):
    """The text of each element with an id, by id, its spaces folded."""

    VOID = {"meta", "link", "input", "img", "br", "hr", "source", "track", "data"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.open: list[str | None] = []  # the id of each open element, None for none
        self.texts: dict[str, str] = {}
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs) -> None:
        if tag not in self.VOID:
            self.open.append(dict(attrs).get("id"))
            if self.open[-1]:
                self.texts[self.open[-1]] = ""

    def handle_endtag(self, tag) -> None:
        if tag not in self.VOID:
            self.open.pop()

    def handle_data(self, data) -> None:
        for name in filter(None, self.open):
            self.texts[name] = " ".join(f"{self.texts[name]} {data}".split())


def passages(html: str) -> dict[str, str]:
    """Return the text of each element with an id in `html`, by id."""
    return Passages(html).texts


def test_each_edition_is_a_page_in_its_language_whose_passages_are_on_the_article_page(
        built_root, client):
    manifest = load_manifest(built_root / "audio" / "manifest.json")
    pages = search_index.edition_pages(manifest)
    article = manifest.article(SLUG)
    assert sorted(p for p in pages if f"/{SLUG}/" in p) == [f"en/{SLUG}/index.html",
                                                           f"es/{SLUG}/index.html"]
    for code, edition in article.editions.items():
        page = pages[f"{code}/{SLUG}/index.html"]
        assert page.startswith(f'<!doctype html><html lang="{code}">')  # Pagefind stems by it
        indexed = passages(page)
        shown = passages(client.get(f"/{code}/{SLUG}/").get_data(as_text=True))
        blocks = [b for s in edition.sections for b in s.blocks]
        assert len(indexed) == len(blocks)  # every block, each under its own id
        for anchor, text in indexed.items():
            # The passage a result links to holds the words the index found there.
            assert text in shown[anchor], anchor
    es = passages(pages[f"es/{SLUG}/index.html"])
    assert "tolerancia" in es["b-the-cycle-of-tolerance-and-dependence-1"]
    assert es["the-cycle-of-tolerance-and-dependence"] == ("El ciclo de la tolerancia y la "
                                                           "dependencia")  # a section's heading


def test_a_failed_index_keeps_the_last_good_one(project, support, monkeypatch):
    first = build(project)
    folder = first.search.folder
    assert "pagefind.js" in first.search.files
    assert build(project).search == first.search  # unchanged text: the same index
    catalog = project / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    catalog.write_text(catalog.read_text("utf-8").replace("hematoencefálica", "cerebral"),
                       "utf-8")

    def fail(*given):
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
