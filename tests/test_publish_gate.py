"""The publish gate: a translation that fails a check is never published as reviewed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from web import create_app
from web.pipeline.manifest import load_manifest
from web.pipeline.settings import load_settings
from web.pipeline.sources import read_article
from web.pipeline.translation.localize import localize_article
from web.pipeline.translation.pofiles import read_catalog, render_catalog

SLUG = "heroin-and-the-brain"
BLOCK = "breaking-free-from-heroin-addiction-3"
HOTLINE = " In a crisis, call the National Helpline at 1-800-662-4357."
# The translator typed two digits the wrong way round.
LINEA = " En una crisis, llame a la Línea Nacional de Ayuda al 1-800-662-4537."
CATALOG = f"locales/es/LC_MESSAGES/{SLUG}.po"


def add_hotline_reviewed_wrongly(staff, fuzzy: bool = False) -> int:
    """Add a hotline to the English and a mistyped one to its Spanish, reviewed as staff do in a
    PO editor (or left as a machine draft with `fuzzy`); return the entry's line."""
    article = staff.root / "library" / f"{SLUG}.md"
    text = article.read_text(encoding="utf-8")
    paragraph = re.search(r"\{#" + BLOCK + r"\}\n([^\n]+)", text).group(1)
    article.write_text(text.replace(paragraph, paragraph + HOTLINE), encoding="utf-8")
    staff.run("extract")
    path, settings = staff.root / CATALOG, load_settings(staff.root)
    catalog = read_catalog(path, settings, "es")
    message = catalog.get(paragraph + HOTLINE, context=BLOCK)
    message.string += LINEA
    message.previous_id = []
    if not fuzzy:
        message.flags.discard("fuzzy")
    path.write_bytes(render_catalog(catalog))
    return read_catalog(path, settings, "es").get(message.id, context=BLOCK).lineno


def test_a_reviewed_translation_with_a_wrong_hotline_is_published_in_english(staff):
    line = add_hotline_reviewed_wrongly(staff)
    problem = (f"{CATALOG}:{line}: '{BLOCK}': phone numbers differ: ['1-800-662-4357'] in "
               "English, ['1-800-662-4537'] in the translation")
    assert f"{problem}\n" in staff.run("check", expect=1).output

    result = staff.run("build", "--engine", "silent")
    assert f"Warning: {problem}; published in English\n" in result.output
    assert "not reviewed" not in result.output  # the one failing block is named, not counted
    spanish = load_manifest(staff.root / "audio" / "manifest.json").article(SLUG).editions["es"]
    block = next(b for s in spanish.sections for b in s.blocks if b.id == BLOCK)
    assert (block.language, block.state) == ("en", "failing")
    assert block.text.endswith(HOTLINE)
    assert spanish.counts["failing"] == 1
    page = create_app({"LIBRARY_ROOT": str(staff.root)}).test_client().get(f"/es/{SLUG}/")
    assert re.search(r'<p class="flag">Aún no traducido, se muestra en [^<]+</p>\s*'
                     rf'<p id="b-{BLOCK}" lang="en" data-block="{BLOCK}">',
                     page.get_data(as_text=True))

    strict = staff.run("build", "--engine", "silent", "--strict", expect=1)
    assert strict.output.startswith(f"Error: --strict: {problem}; published in English. ")

    row = next(r for r in json.loads(staff.run("status", "--json").output)
               if r["article"] == SLUG and r["language"] == "es")
    assert (row["reviewed"], row["failing"], row["total"]) == (15, 1, 16)
    header, *lines = staff.run("status").output.splitlines()
    counts = next(line for line in lines if line.startswith(f"{SLUG} "))
    assert header.split()[3:] == ["reviewed", "memory", "draft", "failing", "stale", "missing"]
    assert counts.split()[3:] == ["15", "0", "0", "1", "0", "0"]


def test_a_published_machine_draft_that_fails_a_check_is_published_in_english(staff):
    add_hotline_reviewed_wrongly(staff, fuzzy=True)
    settings = load_settings(staff.root)
    article = read_article(Path(staff.root / "library" / f"{SLUG}.md"))

    def published(**options):
        localized = localize_article(article, "es", settings, **options)
        block = next(b for s in localized.sections for b in s.blocks if b.id == BLOCK)
        return block.language, block.state, len(localized.problems)

    assert published() == ("en", "draft", 0)  # never published, so nothing to report
    assert published(publish_drafts=True) == ("en", "failing", 1)
