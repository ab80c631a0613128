"""Word documents and web pages with pictures, footnotes and nested lists imported whole: the
pictures stored in library/pictures/, the notes and the inner lists kept in the article."""

from __future__ import annotations

import hashlib

from staff_documents import CHROME_WORDS, PICTURE, WordFile, news_page, picture_bytes, serve


def picture_name(data: bytes) -> str:
    return f"pictures/{hashlib.sha256(data).hexdigest()[:16]}.png"


def withdrawal_handout(tmp_path, *blue_picture: str):
    """A handout with a note, an inner list, a captioned picture and a decorative one (and a
    third, blue picture with the Alt Text given, if one is)."""
    word = WordFile("Alcohol Withdrawal: What to Expect")
    opening = word.paragraph("Thiamine protects the brain during withdrawal.")
    word.footnote(opening, "Thiamine is vitamin B1.")
    word.heading("Common Signs").items("Shaking hands", "Sweating")
    word.items("At night", "In the morning", level=1).items("Trouble sleeping")
    word.picture("A person shaking in bed", caption="Shaking is common")
    word.picture(None, colour="yellow", decorative=True)
    for description in blue_picture:
        word.picture(description, colour="blue")
    return str(word.save(tmp_path / "handout.docx"))


def test_a_word_handout_keeps_its_pictures_notes_and_inner_lists(staff, tmp_path):
    result = staff.run("import", withdrawal_handout(tmp_path, ""), expect=1)
    assert "picture 3" in result.output and "Edit Alt Text" in result.output

    result = staff.run("import", withdrawal_handout(tmp_path))
    assert result.output.startswith(
        'Imported library/alcohol-withdrawal-what-to-expect.md from a Word document: "Alcohol '
        'Withdrawal: What to Expect", 2 sections')
    assert "2 pictures, 1 note." in result.output.splitlines()[0]
    name = picture_name(picture_bytes("red"))
    assert (staff.root / "library" / name).read_bytes() == picture_bytes("red")
    text = (staff.root / "library" / "alcohol-withdrawal-what-to-expect.md").read_text()
    assert "Thiamine protects the brain during withdrawal.[^1]" in text
    assert "[^1]: Thiamine is vitamin B1." in text
    assert "- Sweating\n  - At night\n  - In the morning\n- Trouble sleeping\n" in text
    assert f'![A person shaking in bed]({name} "Shaking is common")' in text
    assert f"![decorative]({picture_name(picture_bytes('yellow'))})" in text


def test_a_saved_page_keeps_its_picture_and_caption(staff, tmp_path):
    (tmp_path / "page_files").mkdir()
    (tmp_path / "page_files" / "spray.png").write_bytes(picture_bytes("green"))
    page = tmp_path / "naloxone.html"
    page.write_text(news_page(PICTURE))
    result = staff.run("import", str(page))
    assert "1 picture, 0 notes." in result.output
    name = picture_name(picture_bytes("green"))
    text = (staff.root / "library" / "naloxone-saves-lives.md").read_text()
    assert f'![A hand holding a naloxone nasal spray]({name} "Nasal naloxone")' in text
    assert (staff.root / "library" / name).exists()
    assert not any(words in text for words in CHROME_WORDS)


def test_a_page_at_an_address_brings_its_picture_from_the_site(staff):
    pages = {"/news/naloxone": news_page(PICTURE).encode(),
             "/news/page_files/spray.png": picture_bytes("green")}
    with serve(pages) as site:
        staff.run("import", f"{site}/news/naloxone", "--slug", "naloxone")
    text = (staff.root / "library" / "naloxone.md").read_text()
    assert picture_name(picture_bytes("green")) in text
    assert f"original_url: {site}/news/naloxone" in text
