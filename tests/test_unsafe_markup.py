"""What cannot be published safely is refused with its line, in English and in translations:
raw HTML, script links, addresses that only look local."""

from __future__ import annotations

import pytest

SLUG = "heroin-and-the-brain"


def write_article(root, body: str, front: str = "title: Naloxone") -> None:
    (root / "library" / "naloxone.md").write_text(f"---\n{front}\n---\n\n{body}\n",
                                                   encoding="utf-8")


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JavaScript:alert(1)",
                                  "data:text/html,hi", "//evil.example/x", "vbscript:x"])
def test_a_script_or_schemeless_link_is_refused_on_its_line(seed_staff, link):
    write_article(seed_staff.root, f"Call us.\n\nRead [the leaflet]({link}) first.")
    result = seed_staff.run("extract", expect=1)
    assert f"Error: library/naloxone.md:7: the link to '{link}' is not a web, e-mail or " \
           "phone address. Link to a full address" in result.output


@pytest.mark.parametrize("link", ["https://example.org/a", "mailto:help@example.org",
                                  "tel:+18005551234", "sms:988", "/en/heroin-and-the-brain/",
                                  "#signs"])
def test_web_mail_phone_and_local_links_are_kept(seed_staff, link):
    write_article(seed_staff.root, f"Read [the leaflet]({link}) first.")
    seed_staff.run("extract")


@pytest.mark.parametrize("front", ['title: "Naloxone <script>alert(1)</script>"',
                                   'title: Naloxone\nsummary: "<img src=x onerror=alert(1)>"'])
def test_raw_html_in_the_title_or_summary_is_refused_on_its_line(seed_staff, front):
    write_article(seed_staff.root, "Naloxone reverses an overdose.", front)
    result = seed_staff.run("extract", expect=1)
    key, line = ("title", 2) if "script" in front else ("summary", 3)
    assert f"Error: library/naloxone.md:{line}: the {key}: raw HTML" in result.output


@pytest.mark.parametrize("inserted, what", [
    ("<script>alert(1)</script>", "raw HTML ('<script>') cannot be published"),
    ('<img src=x onerror="alert(1)">', "raw HTML ('<img src=x onerror=\"alert(1)\">')"),
    ("[aquí](javascript:alert(1))", "the link to 'javascript:alert(1)' is not a web"),
])
def test_check_refuses_in_a_translation_what_it_refuses_in_english(seed_staff, inserted, what):
    catalog = seed_staff.root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"
    text = catalog.read_text(encoding="utf-8")
    start = text.index('msgctxt "intro-2"')
    at = text.index('msgstr "', start) + len('msgstr "')
    catalog.write_text(text[:at] + inserted.replace('"', '\\"') + " " + text[at:],
                       encoding="utf-8")
    result = seed_staff.run("check", expect=1)
    assert "heroin-and-the-brain.po" in result.output and what in result.output
