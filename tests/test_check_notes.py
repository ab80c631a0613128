"""check fails on what is or would be published, and only notes suggestions awaiting review."""

from __future__ import annotations

SLUG = "heroin-and-the-brain"


def test_a_draft_that_differs_from_its_english_is_a_note_until_it_is_reviewed(seed_staff,
                                                                           monkeypatch):
    root = seed_staff.root
    article = root / "library" / f"{SLUG}.md"
    article.write_text(article.read_text(encoding="utf-8") +
                       "\n{#call-now}\nCall 911 right away.\n", encoding="utf-8")
    from web.pipeline.translation import drafts

    monkeypatch.setattr(drafts, "machine_drafts",
                        lambda engine, texts, glossary: ["Llame al 912 enseguida."] * len(texts))
    seed_staff.run("translate")
    result = seed_staff.run("check")  # exit code 0: the draft is not published
    assert "Note (a suggestion awaiting review): locales/es/LC_MESSAGES/heroin-and-the-brain.po" \
           in result.output and "'call-now': numbers differ" in result.output
    assert "All catalogs are valid." in result.output
    catalog = root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    text = catalog.read_text(encoding="utf-8")
    at = text.index('msgctxt "call-now"')
    start = text.rindex("#, fuzzy\n", 0, at)
    catalog.write_text(text[:start] + text[start + len("#, fuzzy\n"):], encoding="utf-8")
    result = seed_staff.run("check", expect=1)  # reviewed: it would be published
    assert "'call-now': numbers differ: 911 in English, 912 in the translation" in \
        result.output.replace("['", "").replace("']", "")
