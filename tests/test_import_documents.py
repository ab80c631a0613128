"""Importing Word documents and web pages as staff do: what reaches the article, what the import
says it kept and left out, and clear refusals that write nothing."""

from __future__ import annotations

import shutil
import socket
import stat

from staff_documents import CHROME_WORDS, PICTURE, WordFile, news_page, serve

from web.pipeline.sources import read_article


def library_files(staff) -> list[str]:
    return sorted(str(p.relative_to(staff.root)) for p in (staff.root / "library").rglob("*"))


def handout(tmp_path, name: str = "handout.docx"):
    """A clinician's Word handout: Title, headings, bold and italic, lists, two tables (one
    with a header row), a link, a reviewer's comment, a tracked deletion, an empty paragraph."""
    word = WordFile("Alcohol Withdrawal: What to Expect")
    opening = word.paragraph("Stopping drinking can be ", ("dangerous", "bold"),
                             ". Talk to a ", ("doctor", "italic"), " first.")
    word.comment(opening, "Check this with the medical director")
    word.deletion(opening, " Withdrawal is never serious.")
    word.paragraph("")
    word.heading("Common Signs").items("Shaking hands", "Sweating", "Trouble sleeping")
    word.heading("What to Do").items("Call your doctor", "Go to the clinic", numbered=True)
    word.table([("Day", "Dose"), ("1", "20 mg"), ("2", "10 mg")], header=True)
    word.table([("Morning", "Eat breakfast"), ("Night", "Sleep")])
    word.link("Read the ", "withdrawal guide", "https://example.org/withdrawal")
    return word.save(tmp_path / name)


HANDOUT_SLUG = "alcohol-withdrawal-what-to-expect"


def test_a_word_handout_keeps_its_structure_and_says_what_it_left_out(staff, tmp_path):
    result = staff.run("import", str(handout(tmp_path)))
    assert result.output == (
        f'Imported library/{HANDOUT_SLUG}.md from a Word document: "Alcohol Withdrawal: What '
        'to Expect", 3 sections, 2 paragraphs, 2 lists (5 items), 2 tables, 1 link, '
        "0 pictures, 0 notes.\n"
        "Left out: 1 comment; 1 tracked deletion (as if accepted); 1 empty paragraph.\n"
        "Check: table 2 had no header row: its first row is now the header.\n")
    text = (staff.root / "library" / f"{HANDOUT_SLUG}.md").read_text()
    assert text.startswith("---\ntitle: 'Alcohol Withdrawal: What to Expect'\nsummary: "
                           "Stopping drinking can be dangerous.\nsource: handout.docx\n---\n")
    assert "{#intro-1}\nStopping drinking can be **dangerous**. Talk to a *doctor* first.\n" in text
    assert "{#common-signs-1}\n- Shaking hands\n- Sweating\n- Trouble sleeping\n" in text
    assert "{#what-to-do-1}\n1. Call your doctor\n2. Go to the clinic\n" in text
    assert "| Day | Dose |\n|---|---|\n| 1 | 20 mg |\n| 2 | 10 mg |\n" in text
    assert "| Morning | Eat breakfast |\n|---|---|\n| Night | Sleep |\n" in text
    assert "Read the [withdrawal guide](https://example.org/withdrawal)\n" in text
    assert "never serious" not in text and "medical director" not in text
    article = read_article(staff.root / "library" / f"{HANDOUT_SLUG}.md")
    assert [s.heading.text for s in article.sections[1:]] == ["Common Signs", "What to Do"]


def test_a_dry_run_says_what_it_would_do_and_writes_nothing(staff, tmp_path):
    before = library_files(staff)
    result = staff.run("import", str(handout(tmp_path)), "--dry-run")
    assert result.output.startswith(f"Would import library/{HANDOUT_SLUG}.md from a Word "
                                    'document: "Alcohol Withdrawal: What to Expect", 3 sections')
    assert "Left out: 1 comment; 1 tracked deletion" in result.output
    assert result.output.endswith("Dry run: nothing was written.\n")
    assert library_files(staff) == before


def test_a_picture_without_alt_text_is_refused_with_what_to_do(staff, tmp_path):
    word = WordFile("Naloxone")
    word.paragraph("Naloxone reverses an overdose.")
    word.picture("A nasal spray").paragraph("Spray it into one nostril of the person.")
    word.picture(None)
    before = library_files(staff)
    result = staff.run("import", str(word.save(tmp_path / "naloxone.docx")), expect=1)
    assert result.output == (
        f"Error: {tmp_path / 'naloxone.docx'}: picture 2 (after \"Spray it into one nostril of "
        "the person.\") has no description (alt text), and a listener would miss what it "
        "shows. In Word, right-click the picture, choose Edit Alt Text, and describe what it "
        "shows (or tick 'Mark as decorative' if it only decorates); save and import again.\n")
    assert library_files(staff) == before


def test_a_saved_news_page_keeps_its_article_and_leaves_the_site_out(staff, tmp_path):
    page = tmp_path / "naloxone.html"
    page.write_text(news_page())
    result = staff.run("import", str(page))
    lines = result.output.splitlines()
    assert lines[0] == (
        'Imported library/naloxone-saves-lives.md from a web page: "Naloxone Saves Lives", '
        "3 sections, 4 paragraphs, 2 lists (6 items), 1 table, 1 link, 0 pictures, 0 notes.")
    assert lines[1].startswith("Left out: site chrome: navigation (1), page header (1), "
                               "footer (1), aside (1), cookie banner (1), advert (1), related "
                               "links (1), script (1); about ")
    text = (staff.root / "library" / "naloxone-saves-lives.md").read_text()
    for words in ("quickly reverses an opioid overdose", "act **quickly**",
                  "- Small, pinpoint pupils", "1. Call 911 right away.", "| Nasal spray | 4 mg |",
                  "[naloxone guide](https://health.example.org/guides/naloxone)"):
        assert words in text
    for words in CHROME_WORDS:
        assert words not in text
    assert "original_url" not in text and "source: naloxone.html" in text


def test_a_page_too_small_for_article_detection_keeps_its_structure(staff, tmp_path):
    page = tmp_path / "sleep.html"
    page.write_text("<html><head><title>Sleep | Clinic</title></head><body><nav><a href='/'>"
                    "Home page</a></nav><h1>Sleep</h1><p>Sleep helps the brain heal.</p><ul>"
                    "<li>Rest</li><li>Dark rooms</li></ul><footer>Copyright</footer></body></html>")
    staff.run("import", str(page))
    text = (staff.root / "library" / "sleep.md").read_text()
    assert text.endswith("{#intro-1}\nSleep helps the brain heal.\n\n{#intro-2}\n- Rest\n"
                         "- Dark rooms\n")
    assert "Home" not in text and "Copyright" not in text


def test_a_page_is_imported_from_its_address_which_the_article_keeps(staff):
    with serve({"/news/naloxone": news_page().encode()}) as site:
        result = staff.run("import", f"{site}/news/naloxone", "--slug", "naloxone")
    assert result.output.startswith('Imported library/naloxone.md from a web page: "Naloxone '
                                    'Saves Lives", 3 sections')
    text = (staff.root / "library" / "naloxone.md").read_text()
    assert f"\noriginal_url: {site}/news/naloxone\n" in text
    assert "Call 911 right away." in text
    assert not any(words in text for words in CHROME_WORDS)


def unused_port() -> int:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


def test_an_unreachable_address_or_a_missing_page_is_refused_clearly(staff):
    before = library_files(staff)
    address = f"http://127.0.0.1:{unused_port()}/news/naloxone"
    result = staff.run("import", address, expect=1)
    assert result.output == (
        f"Error: {address}: cannot reach 127.0.0.1. Check the address and that this computer is "
        "online, or open the page in a browser, save it (File > Save Page As, 'Web Page, "
        "complete') and import the saved file.\n")
    with serve({}) as site:
        result = staff.run("import", f"{site}/gone", expect=1)
    assert result.output.startswith(f"Error: {site}/gone: the server answered 404 Not Found "
                                    "for the page. Check the address in a browser")
    result = staff.run("import", "ftp://example.org/page.html", expect=1)
    assert "only web addresses that start with http:// or https:// can be imported" in \
        result.output
    assert library_files(staff) == before


def test_a_saved_page_whose_pictures_were_not_saved_is_refused(staff, tmp_path):
    page = tmp_path / "naloxone.html"
    page.write_text(news_page(PICTURE))
    result = staff.run("import", str(page), expect=1)
    assert result.output == (
        f'Error: {page}: picture 1 (after "Read the naloxone guide for more about doses and '
        "storage.\"): its file page_files/spray.png is not beside the saved page. Save the page "
        "as 'Web Page, complete' (which keeps its pictures in a folder beside it) and import it "
        "again.\n")


def test_odt_rtf_and_doc_are_refused_with_advice_without_libreoffice(staff, tmp_path,
                                                                      monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    document = tmp_path / "handout.odt"
    document.write_bytes(b"PK\x03\x04 an OpenDocument text")
    result = staff.run("import", str(document), expect=1)
    assert result.output == (
        f"Error: {document}: a .odt document is read through LibreOffice, which is not installed "
        "here. Open it in Word or LibreOffice, save it as .docx (File > Save As, Word Document), "
        "and import the .docx.\n")


def test_odt_is_converted_by_libreoffice_when_it_is_installed(staff, tmp_path, monkeypatch):
    converted = handout(tmp_path, "converted.docx")
    tools = tmp_path / "bin"
    tools.mkdir()
    soffice = tools / "soffice"  # stands in for LibreOffice: writes the .docx where it is asked
    soffice.write_text(f'#!/bin/sh\nfor a; do last="$out"; out="$a"; done\n'
                       f'{shutil.which("cp")} {converted} "$last/handout.docx"\n')
    soffice.chmod(soffice.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tools))
    document = tmp_path / "handout.odt"
    document.write_bytes(b"PK\x03\x04 an OpenDocument text")
    result = staff.run("import", str(document))
    assert result.output.startswith(f"Imported library/{HANDOUT_SLUG}.md from a Word document")
    assert "source: handout.odt" in (staff.root / "library" / f"{HANDOUT_SLUG}.md").read_text()


def test_a_front_matter_title_with_a_colon_says_how_to_quote_it(staff, tmp_path):
    source = tmp_path / "withdrawal.md"
    source.write_text("---\ntitle: Alcohol Withdrawal: What to Expect\n---\n\nStop slowly.\n")
    result = staff.run("import", str(source), expect=1)
    assert result.output == (
        f"Error: {source}:2: the title holds a colon followed by a space; put the title in "
        'quotes: title: "Alcohol Withdrawal: What to Expect".\n')
    source.write_text("---\ntitle: Withdrawal\n\tsummary: Stop slowly.\n---\n\nStop slowly.\n")
    assert staff.run("import", str(source), expect=1).output.endswith(
        ":3: the line holds a tab, and YAML front matter takes spaces only; write it with a "
        "space instead: summary: Stop slowly.\n")
    source.write_text('---\ntitle: "Withdrawal\nsummary: Stop slowly.\n---\n\nStop slowly.\n')
    assert staff.run("import", str(source), expect=1).output.endswith(
        ':2: the title opens a quote (") that is not closed; close it at the end of the title: '
        'title: "Withdrawal".\n')


def test_a_front_matter_value_cut_by_a_hash_is_refused_with_the_quotes_that_keep_it(staff,
                                                                                     tmp_path):
    source = tmp_path / "helpline.md"
    source.write_text("---\ntitle: Call the Helpline #24/7\n---\n\nCall any time.\n")
    before = sorted((staff.root / "library").glob("*.md"))
    result = staff.run("import", str(source), expect=1)
    assert result.output == (
        f"Error: {source}:2: the title is followed by '#24/7', which YAML takes for a note and "
        'drops, keeping "Call the Helpline". If it belongs to the title, put it all in quotes: '
        'title: "Call the Helpline #24/7"; if it is a note, put it on a line of its own.\n')
    assert sorted((staff.root / "library").glob("*.md")) == before  # nothing imported
    source.write_text('---\ntitle: "Call the Helpline #24/7"\n---\n\nCall any time.\n')
    staff.run("import", str(source))
    [imported] = sorted(set((staff.root / "library").glob("*.md")) - set(before))
    assert "Call the Helpline #24/7" in imported.read_text(encoding="utf-8")


def test_a_revised_word_handout_keeps_the_ids_of_the_blocks_it_shares(staff, tmp_path):
    staff.run("import", str(handout(tmp_path)))
    word = WordFile("Alcohol Withdrawal: What to Expect")
    word.paragraph("Stopping drinking can be ", ("dangerous", "bold"), ". Talk to a ",
                   ("doctor", "italic"), " first.")
    word.heading("Common Signs").items("Shaking hands", "Sweating", "Trouble sleeping")
    word.paragraph("Signs peak on the second day.")
    revised = word.save(tmp_path / "revised.docx")
    result = staff.run("import", str(revised), "--slug", HANDOUT_SLUG, "--replace")
    assert result.output.splitlines()[1:] == [
        "Kept 3 ids; matched 0 edited blocks; 1 new block: common-signs-2; 5 removed blocks: "
        "what-to-do, what-to-do-1, what-to-do-2, what-to-do-3, what-to-do-4."]


def test_a_word_document_without_a_title_says_how_to_give_it_one(staff, tmp_path):
    word = WordFile()
    word.heading("Common Signs").items("Shaking hands", "Sweating")
    word.heading("What to Do").paragraph("Call your doctor.")
    document = word.save(tmp_path / "signs.docx")
    result = staff.run("import", str(document), expect=1)
    assert result.output == (f'Error: {document}: the article has no title. Pass --title "..." '
                             "(or give its title Word's Title style).\n")
    staff.run("import", str(document), "--title", "Withdrawal Signs")
    article = read_article(staff.root / "library" / "withdrawal-signs.md")
    assert [s.heading.text for s in article.sections] == ["Common Signs", "What to Do"]
