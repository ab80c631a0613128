"""An edit costs what it changed: a build after an edit reads and plans only the articles it
touched, checks no published file the last build left unchanged by reading it again, and
indexes for search only the languages it touched; a plan holds its clips without their sound."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import asdict, replace
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from conftest import Staff
from projects import PROJECT, copy_project

from web.pipeline import files, sources
from web.pipeline.build_options import BuildOptions
from web.pipeline.manifest import json_io, load_manifest, manifest_to_json, texts
from web.pipeline.plans import plan_library
from web.pipeline.products import search_index
from web.pipeline.settings import load_settings
from web.pipeline.voices.clips import ClipCache
from web.published import PublishedLibrary

ARTICLES = ("bones", "lungs", "sleep")


def write_article(library: Path, slug: str) -> None:
    """Write a small article of two sections, its words its own."""
    (library / f"{slug}.md").write_text(
        f"---\ntitle: About {slug}\nsummary: What to know about {slug}.\n---\n\n"
        f"Your {slug} need care every day.\n\n## Daily care\n\n"
        f"Rest helps your {slug} heal. Drink water when you wake.\n", encoding="utf-8")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A library of three small articles with their catalogs, built with the silent engine."""
    root = copy_project(tmp_path_factory.mktemp("edit-cost") / "project", only=())
    for slug in ARTICLES:
        write_article(root / "library", slug)
    Staff(root).run("extract")
    Staff(root).run("build", "--engine", "silent")
    return root


@pytest.fixture
def staff(template, tmp_path) -> Staff:
    root = tmp_path / "project"
    shutil.copytree(template, root)
    return Staff(root)


def edit_article(root: Path, slug: str) -> None:
    path = root / "library" / f"{slug}.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "heal.", "heal. Sleep well at night."), encoding="utf-8")


def translate_title(root: Path, slug: str) -> None:
    """Give the Spanish catalog of `slug` its title, as a translator would."""
    path = root / "locales" / "es" / "LC_MESSAGES" / f"{slug}.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    next(m for m in catalog if m.context == "title").string = f"Sobre {slug}"
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_an_edit_reads_only_the_markdown_of_its_article(staff, monkeypatch):
    read = []
    reader = sources.read_article
    monkeypatch.setattr(sources, "read_article",
                        lambda path, *args, **kw: read.append(path.stem) or reader(path, *args,
                                                                                   **kw))
    edit_article(staff.root, "lungs")
    staff.run("build", "--engine", "silent")
    assert read == ["lungs"]
    manifest = load_manifest(staff.root / "audio" / "manifest.json")
    assert [a.slug for a in manifest.articles] == list(ARTICLES)
    said = [s.text for s in manifest.article("lungs").editions["en"].sections[1].blocks[1]
            .sentences]
    assert "Sleep well at night." in said


def test_a_broken_easy_read_link_is_still_named_by_its_line(staff):
    path = staff.root / "library" / "sleep.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "---\ntitle", "---\neasy-read-of: lung\ntitle"), encoding="utf-8")
    result = staff.run("build", "--engine", "silent", expect=1)
    assert "library/sleep.md:2: easy-read-of names lung" in result.output
    assert "Did you mean lungs?" in result.output


def test_an_edit_hashes_no_published_file_the_last_build_left(staff, monkeypatch):
    hashed = []
    sha256 = files.file_sha256
    monkeypatch.setattr(files, "file_sha256",
                        lambda path: hashed.append(path) or sha256(path))
    translate_title(staff.root, "bones")
    staff.run("build", "--engine", "silent")
    audio = staff.root / "audio"
    assert [p for p in hashed if audio in p.parents] == []
    edition = load_manifest(audio / "manifest.json").article("bones").editions["es"]
    assert edition.title == "Sobre bones"


def test_a_translators_edit_indexes_only_its_language_for_search(staff, monkeypatch):
    indexed = []
    write_index = search_index.write_index
    monkeypatch.setattr(search_index, "write_index", lambda site, code, target: indexed.append(
        sorted(p.relative_to(site).as_posix() for p in (site / code).rglob("*.html")))
        or write_index(site, code, target))
    before = load_manifest(staff.root / "audio" / "manifest.json").search
    cache = staff.root / ".cache" / "search"
    english, spanish_before = sorted(cache.glob("en-*")), sorted(cache.glob("es-*"))
    translate_title(staff.root, "sleep")
    staff.run("build", "--engine", "silent")
    assert indexed == [[f"es/{slug}/index.html" for slug in ARTICLES]]
    # English's index stays where it was; Spanish's last one is gone (deleted in the background).
    assert sorted(cache.glob("en-*")) == english
    spanish_now = sorted(cache.glob("es-*"))
    assert len(spanish_now) == 1 and spanish_now != spanish_before
    search = load_manifest(staff.root / "audio" / "manifest.json").search
    assert search.folder != before.folder
    entry = json.loads((staff.root / "audio" / search.folder / "pagefind-entry.json")
                       .read_text("utf-8"))
    assert sorted(entry["languages"]) == ["en", "es"]
    english = [f for f in before.files if f.startswith(("index/en_", "fragment/en_"))]
    assert english and set(english) <= set(search.files)  # English's index as it was
    spanish = json.loads((staff.root / "audio" / before.folder / "pagefind-entry.json")
                         .read_text("utf-8"))["languages"]["es"]["hash"]
    assert entry["languages"]["es"]["hash"] != spanish


def test_pagefind_reads_the_kept_pages_and_an_edit_writes_only_its_own(staff):
    site = staff.root / ".cache" / "search" / "site" / "es-0" / "es"  # one shard: few pages
    translate_title(staff.root, "bones")  # the copied project's pages are linked again
    staff.run("build", "--engine", "silent")
    before = {slug: (site / slug / "index.html").stat().st_ino for slug in ARTICLES}
    translate_title(staff.root, "sleep")
    staff.run("build", "--engine", "silent")
    after = {slug: (site / slug / "index.html").stat().st_ino for slug in ARTICLES}
    assert [slug for slug in ARTICLES if after[slug] != before[slug]] == ["sleep"]
    assert "Sobre sleep" in (site / "sleep" / "index.html").read_text(encoding="utf-8")
    (staff.root / "library" / "lungs.md").unlink()
    staff.run("build", "--engine", "silent")
    assert sorted(path.name for path in site.iterdir()) == ["bones", "sleep"]

def test_an_edit_hashes_no_source_file_but_the_one_edited(staff, monkeypatch):
    hashed = []
    sha256 = files.file_sha256
    monkeypatch.setattr(files, "file_sha256", lambda path: hashed.append(path) or sha256(path))
    edit_article(staff.root, "sleep")
    staff.run("build", "--engine", "silent")
    sources = [path.relative_to(staff.root).as_posix() for path in hashed
               if staff.root / "audio" not in path.parents]
    assert sources == ["library/sleep.md"]
    hashed.clear()
    assert "(unchanged)" in staff.run("build", "--engine", "silent").output
    assert hashed == []  # nothing changed since: no file read to be hashed


def test_a_plan_holds_its_clips_without_their_sound(staff):
    settings = load_settings(staff.root)
    run = BuildOptions(engine="silent").resolve(settings)
    plan = plan_library(settings, run.languages, ClipCache(run.clip_cache), engines=run.engines)
    cached = [job.cached for job in plan.jobs]
    assert cached and all(clip is not None and clip.held == b"" for clip in cached)
    first = cached[0]  # its sound is read from the cache when a track needs it
    assert first.frames > 0 and len(first.pcm) == first.frames * 2


# What a build with nothing to do never needs: the Markdown parser, pictures, the translation
# catalogs, the planner, the packager and the products.
NOT_FOR_A_NO_OP = ("markdown_it", "PIL", "yaml", "babel.messages", "pycountry", "mutagen",
                   "web.pipeline.sources", "web.pipeline.plans", "web.pipeline.packaging",
                   "web.pipeline.products", "web.pipeline.publish")


def test_a_build_with_nothing_to_do_loads_neither_parser_nor_packager(staff):
    # Run as staff run it, in a process of its own, which names the modules it loaded at exit.
    names = ("import atexit, json, runpy, sys; atexit.register(lambda: print("
             "'modules:', json.dumps(sorted(sys.modules)))); sys.argv = sys.argv[1:]; "
             "runpy.run_path(sys.argv[0], run_name='__main__')")
    command = [sys.executable, "-c", names, str(PROJECT / "manage_content.py"), "--root",
               str(staff.root), "build", "--engine", "silent"]
    done = subprocess.run(command, cwd=PROJECT, capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(PROJECT)})
    assert "(unchanged)" in done.stdout
    loaded = json.loads(done.stdout.rsplit("modules:", 1)[1])
    assert [name for name in loaded if name.startswith(NOT_FOR_A_NO_OP)] == []


def test_an_edit_writes_only_the_files_of_its_article_and_the_manifest(staff, monkeypatch):
    written = []
    replace = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: written.append(Path(
        target)) or replace(source, target))
    edit_article(staff.root, "lungs")
    staff.run("build", "--engine", "silent")
    audio = [path.relative_to(staff.root / "audio").as_posix() for path in written
             if staff.root / "audio" in path.parents]
    editions = [name for name in audio if name.startswith(("en/", "es/"))]
    assert {name.split("/")[1] for name in editions} == {"lungs"}
    assert {name.split("/")[0] for name in editions} == {"en", "es"}
    others = {name for name in audio if name not in editions and not name.startswith("search/")}
    assert others == {"manifest.json", "manifest.previous.json", "manifest.last-good.json"}


def test_a_build_keeps_the_replaced_manifest_without_parsing_it_again_and_never_a_damaged_one(
        staff, monkeypatch):
    audio = staff.root / "audio"
    published = (audio / "manifest.json").read_bytes()
    parsed = []
    load = json_io.load_manifest
    monkeypatch.setattr(json_io, "load_manifest", lambda path, *args, **kw: parsed.append(
        path.name) or load(path, *args, **kw))
    manifest = load_manifest(audio / "manifest.json", blocks=False)
    parsed.clear()
    edited = replace(manifest, library="Edited library")
    assert json_io.write_manifest(edited, audio / "manifest.json", audio / "manifest.previous.json")
    assert parsed == []  # it was its last good copy: whole
    assert (audio / "manifest.previous.json").read_bytes() == published
    (audio / "manifest.json").write_text("{damaged", encoding="utf-8")
    assert json_io.write_manifest(manifest, audio / "manifest.json",
                                  audio / "manifest.previous.json")
    assert (audio / "manifest.previous.json").read_bytes() == published  # not the damaged one
    assert load_manifest(audio / "manifest.json", blocks=False) == manifest


def test_the_manifest_written_holds_every_field_of_its_records(staff):
    manifest = load_manifest(staff.root / "audio" / "manifest.json", blocks=False)
    assert manifest.article("lungs").slug == "lungs"  # its index of articles is not written
    expected = asdict(manifest)  # what the manifest held when it was made with asdict
    expected["search"] = expected["search"] or {}
    for article in expected["articles"]:
        for edition in article["editions"].values():
            for section in edition["sections"]:
                del section["blocks"]
    assert json.loads(manifest_to_json(manifest)) == json.loads(json.dumps(expected))
    assert manifest_to_json(manifest) == (staff.root / "audio" / "manifest.json").read_text(
        encoding="utf-8")


def test_a_manifest_written_again_in_place_is_read_again_not_remembered(staff):
    path = staff.root / "audio" / "manifest.json"
    assert load_manifest(path, blocks=False).library != "Renamed"
    data = json.loads(path.read_text(encoding="utf-8"))
    old = data["library"]
    data["library"] = "Renamed"[:len(old)].ljust(len(old), "!")  # the same size
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    assert len(text.encode()) == path.stat().st_size
    with path.open("r+b") as handle:  # the same file, written over
        handle.write(text.encode())
    assert load_manifest(path, blocks=False).library == data["library"]
    path.write_text("{damaged", encoding="utf-8")
    assert json_io.read_manifest(path, blocks=False) is None


def test_a_build_with_nothing_to_do_still_sees_a_new_article_and_a_lost_catalog(staff):
    assert "(unchanged)" in staff.run("build", "--engine", "silent").output  # nothing to do
    write_article(staff.root / "library", "teeth")
    staff.run("extract")
    translate_title(staff.root, "teeth")
    result = staff.run("build", "--engine", "silent")
    assert "3 articles" not in result.output and "4 articles" in result.output
    teeth = load_manifest(staff.root / "audio" / "manifest.json").article("teeth")
    assert teeth.editions["es"].title == "Sobre teeth"
    assert "(unchanged)" in staff.run("build", "--engine", "silent").output
    (staff.root / "locales" / "es" / "LC_MESSAGES" / "teeth.po").unlink()
    staff.run("build", "--engine", "silent", expect=None)
    spanish = load_manifest(staff.root / "audio" / "manifest.json").article("teeth")
    assert spanish.editions["es"].title != "Sobre teeth"  # its translation went with it


def test_a_web_worker_holds_the_published_manifest_only_not_the_one_it_replaced(staff,
                                                                              monkeypatch):
    """The app reads the replaced manifest for its file list once: it is not kept beside the
    published one, so a worker's memory holds one library, not two."""
    edit_article(staff.root, "bones")
    staff.run("build", "--engine", "silent")
    audio = staff.root / "audio"
    assert (audio / "manifest.previous.json").is_file()
    monkeypatch.setattr(json_io, "_PARSED", {})  # a worker starts with nothing read
    library = PublishedLibrary(audio / "manifest.json", audio / "manifest.previous.json")
    assert library.current() is not None
    assert str(audio / "manifest.previous.json") not in json_io._PARSED


def test_a_build_warns_of_a_date_or_fraction_in_the_articles_it_plans(staff, caplog):
    for slug in ("bones", "lungs"):
        path = staff.root / "library" / f"{slug}.md"
        path.write_text(path.read_text(encoding="utf-8").replace(
            "heal.", "heal. Come back 3/4."), encoding="utf-8")
    staff.run("build", "--engine", "silent")
    warned = [r.getMessage().split(":")[0] for r in caplog.records if "3/4" in r.getMessage()]
    assert warned == ["library/bones.md", "library/lungs.md"]
    caplog.clear()
    edit_article(staff.root, "sleep")  # another article: its words only are read again
    staff.run("build", "--engine", "silent")
    assert not [r for r in caplog.records if "3/4" in r.getMessage()]
    edit_article(staff.root, "lungs")
    staff.run("build", "--engine", "silent")
    warned = [r.getMessage().split(":")[0] for r in caplog.records if "3/4" in r.getMessage()]
    assert warned == ["library/lungs.md"]


def test_an_edit_reads_the_text_of_its_own_editions_only(staff, monkeypatch):
    read = []
    reader = texts.read_text
    monkeypatch.setattr(texts, "read_text", lambda audio, record, label="": read.append(
        record.file.rsplit("/", 1)[0]) or reader(audio, record, label))
    edit_article(staff.root, "lungs")
    staff.run("build", "--engine", "silent")
    assert sorted(set(read)) == ["en/lungs", "es/lungs"]
    manifest = load_manifest(staff.root / "audio" / "manifest.json")
    assert [a.slug for a in manifest.articles] == list(ARTICLES)
    for article in manifest.articles:  # every edition's text still published, the kept ones'
        assert all(s.blocks for e in article.editions.values() for s in e.sections)


def test_after_an_edit_the_stamp_holds_every_served_file_as_it_is(staff, monkeypatch):
    edit_article(staff.root, "lungs")
    translate_title(staff.root, "bones")
    staff.run("build", "--engine", "silent")
    stamp = json.loads((staff.root / ".cache" / "build-stamp.json").read_text("utf-8"))
    audio = staff.root / "audio"
    on_disk = {name: [(audio / name).stat().st_size, (audio / name).stat().st_mtime_ns]
               for name in stamp["served"]}
    assert stamp["served"] == on_disk
    assert any(name.startswith("en/lungs/") for name in stamp["served"])
    # So the next build sees nothing to do without reading a manifest.
    monkeypatch.setattr(json_io, "load_manifest", None)
    assert "0 clips voiced" in staff.run("build", "--engine", "silent").output


def test_a_language_of_many_pages_is_indexed_in_shards_and_an_edit_indexes_its_own(
        template, tmp_path, monkeypatch):
    monkeypatch.setattr(search_index, "PAGES_PER_SHARD", 1)  # three articles: three shards
    root = tmp_path / "project"
    shutil.copytree(template, root)
    staff = Staff(root)
    translate_title(root, "bones")
    staff.run("build", "--engine", "silent")
    search = load_manifest(root / "audio" / "manifest.json").search
    parts = search_index.shards({slug: "" for slug in ARTICLES})
    assert len(parts) > 1  # the slugs fall in more than one shard
    shards = sorted({name.split("/")[0] for name in search.files if "/" in name
                     and re.fullmatch(r"e[ns]-\d+", name.split("/")[0])})
    assert shards == [f"{code}-{n}" for code in ("en", "es") for n in range(1, len(parts))]
    folder = root / "audio" / search.folder
    for code in ("en", "es"):  # every page of a language in one of its shards, once
        pages = [page for part in (folder, *(folder / s for s in shards if s[:2] == code))
                 for page in json.loads((part / "pagefind-entry.json").read_text("utf-8"))
                 ["languages"].get(code, {}).get("page_count", 0) * [1]]
        assert len(pages) == len(ARTICLES)
    assert not (folder / "en-1" / "pagefind.js").exists()  # the first shard's serves them all
    indexed = []
    write_index = search_index.write_index
    monkeypatch.setattr(search_index, "write_index", lambda site, code, target: indexed.append(
        sorted(p.relative_to(site).as_posix() for p in (site / code).rglob("*.html")))
        or write_index(site, code, target))
    translate_title(root, "sleep")
    staff.run("build", "--engine", "silent")
    own = next(part for part in parts if "sleep" in part)
    assert indexed == [[f"es/{slug}/index.html" for slug in sorted(own)]]  # its shard only
    assert len(own) < len(ARTICLES)
