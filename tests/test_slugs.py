"""Articles are named by slugs everywhere: never a path, never a name the site's own pages use."""

from __future__ import annotations

import pytest

from web.pipeline.slugs import SITE_PAGES


@pytest.mark.parametrize("name", ["../x", "/abs/x", "../README", "locales/../x"])
def test_remove_takes_no_path(seed_staff, tmp_path, name):
    outside = seed_staff.root / "x.md"
    outside.write_text("---\ntitle: Not an article\n---\n\nKeep me.\n", encoding="utf-8")
    (seed_staff.root / "locales" / "x.pot").write_text("# keep\n", encoding="utf-8")
    (seed_staff.root / "README.md").write_text("# The project\n", encoding="utf-8")
    result = seed_staff.run("remove", name, "--yes", expect=1)
    assert f"Error: {name}: an article's name is lowercase letters, digits and single " \
           "hyphens, never a path" in result.output and "Nothing was removed." in result.output
    assert outside.exists() and (seed_staff.root / "locales" / "x.pot").exists()
    assert (seed_staff.root / "README.md").exists()


@pytest.mark.parametrize("slug", SITE_PAGES)
def test_an_article_cannot_take_the_name_of_a_site_page(seed_staff, tmp_path, slug):
    source = tmp_path / "page.txt"
    source.write_text("Where to find help\n\nCall us any day.\n", encoding="utf-8")
    result = seed_staff.run("import", str(source), "--slug", slug, expect=1)
    assert f"Error: --slug '{slug}': the site's own /{slug}/ page has this name" in result.output
    assert not (seed_staff.root / "library" / f"{slug}.md").exists()


@pytest.mark.parametrize("command", [("extract",), ("build", "--engine", "silent")])
def test_a_badly_named_file_in_the_library_gets_the_rename_to_do(seed_staff, command):
    (seed_staff.root / "library" / "Señales de alerta.md").write_text(
        "---\ntitle: Señales\n---\n\nLlame al 911.\n", encoding="utf-8")
    result = seed_staff.run(*command, expect=1)
    assert "Error: library/Señales de alerta.md: the file name is not an article's name: an " \
           "article's name is lowercase letters, digits and single hyphens, never a path " \
           "(such as senales-de-alerta). Rename the file" in result.output
