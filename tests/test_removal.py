"""Removing an article as staff do: `remove SLUG`, then a build; and catalogs left behind."""

from __future__ import annotations

import json
import shutil

from click.testing import CliRunner
from projects import PROJECT
from web_support import make_app

from manage_content import cli

SLUG = "opioid-overdose"
SEED = "heroin-and-the-brain"


def add_article(staff) -> None:
    shutil.copy(PROJECT / "tests" / "data" / f"{SLUG}.md", staff.root / "library")
    staff.run("translate", "--lang", "es")


def published_files(root) -> set[str]:
    return {str(p.relative_to(root)) for p in (root / "audio").rglob("*") if p.is_file()}


def test_remove_deletes_the_article_and_its_catalogs_and_the_build_its_audio(staff):
    add_article(staff)
    staff.run("build", "--engine", "silent", "--publish-drafts")
    assert any(SLUG in name for name in published_files(staff.root))
    result = staff.run("remove", SLUG, "--yes")
    assert result.output.splitlines() == [
        f"Removing {SLUG}:",
        f"  library/{SLUG}.md",
        f"  locales/pot/{SLUG}.pot",
        f"  locales/es/LC_MESSAGES/{SLUG}.po",
        f"Removed 3 files; the next build takes {SLUG} and its audio off the site.",
    ]
    assert not (staff.root / "library" / f"{SLUG}.md").exists()
    assert not (staff.root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po").exists()
    tracks = [name for name in published_files(staff.root) if SLUG in name]
    staff.run("build", "--engine", "silent", "--publish-drafts")
    manifest = json.loads((staff.root / "audio" / "manifest.json").read_text())
    assert SLUG not in json.dumps(manifest)
    client = make_app(staff.root).test_client()
    assert client.get(f"/en/{SLUG}/").status_code == 404
    assert client.get(f"/es/{SLUG}/").status_code == 404
    assert client.get(f"/en/{SEED}/").status_code == 200
    assert {client.get("/" + name).status_code for name in tracks} == {404}
    # The files stay one more build for pages already open on the old manifest, then go.
    staff.run("build", "--engine", "silent", "--publish-drafts")
    assert not any(SLUG in name for name in published_files(staff.root))


def test_remove_names_the_reviewed_work_and_asks_first(seed_staff):
    staff = seed_staff
    result = staff.runner.invoke(
        cli, ["--root", str(staff.root), "remove", SEED],
        input="n\n")
    assert result.exit_code == 1
    assert "  with 16 translations reviewed in es" in result.output
    assert "Remove these files? [y/N]: n\nAborted!" in result.output
    assert (staff.root / "library" / f"{SEED}.md").exists()


def test_remove_of_an_unknown_article_names_the_closest(staff):
    result = staff.run("remove", "heroin-and-the-brian", "--yes", expect=1)
    assert ("Error: heroin-and-the-brian: no such article in library. Did you mean "
            f"'{SEED}'? Articles: glossary, {SEED}, {SEED}-easy-read.") in result.output


def test_status_names_catalogs_whose_article_is_gone(staff):
    add_article(staff)
    (staff.root / "library" / f"{SLUG}.md").unlink()
    result = staff.run("status")
    assert (f"Orphaned catalog: locales/es/LC_MESSAGES/{SLUG}.po: library/{SLUG}.md is gone. "
            f"Restore the article, or run 'manage_content.py remove {SLUG}'.") in result.output
    assert f"Orphaned catalog: locales/pot/{SLUG}.pot" in result.output
    as_json = CliRunner(mix_stderr=False).invoke(cli, ["--root", str(staff.root), "status",
                                                       "--json"])
    assert SLUG not in as_json.stdout and f"Orphaned catalog: locales/pot/{SLUG}" in as_json.stderr
    assert json.loads(as_json.stdout)
    # remove clears what is left of it.
    staff.run("remove", SLUG, "--yes")
    assert "Orphaned" not in staff.run("status").output
