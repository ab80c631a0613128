"""HTML turned into the library's Markdown: what Word and web pages hold, written as the library
reads it (pictures, nested lists, footnotes, header rows), and text never read as markup."""

from __future__ import annotations

import pytest

from web.pipeline.errors import SourceError
from web.pipeline.html_markdown import html_to_markdown
from web.pipeline.inline import plain_text
from web.pipeline.sources import markdown_parser


def convert(html: str):
    return html_to_markdown(html, "handout.docx", lambda src, number, near: f"pictures/{src}",
                            "Add Alt Text in Word.")


def test_headings_emphasis_links_and_a_table_with_its_header():
    converted = convert(
        "<h1>Sleep and <b>Recovery</b></h1><p>Sleep <strong>heals</strong> the <em>brain</em>; "
        "see the <a href='https://example.org/sleep'>guide</a>.</p><h2>Why</h2><h3>At night</h3>"
        "<h5>Deep</h5><table><thead><tr><th>Day</th><th>Dose</th></tr></thead>"
        "<tbody><tr><td>1</td><td>20 mg</td></tr></tbody></table>")
    assert converted.markdown == (
        "# Sleep and Recovery\n\nSleep **heals** the *brain*; see the "
        "[guide](https://example.org/sleep).\n\n## Why\n\n### At night\n\n#### Deep\n\n"
        "| Day | Dose |\n|---|---|\n| 1 | 20 mg |\n")
    assert converted.remarks == []


def test_a_table_without_a_header_row_gets_its_first_row_as_header_and_says_so():
    converted = convert("<table><tr><td>Day</td><td>Dose | mg</td></tr>"
                        "<tr><td><p>1</p><p>morning</p></td></tr></table>")
    assert converted.markdown == "| Day | Dose \\| mg |\n|---|---|\n| 1 morning |  |\n"
    assert converted.remarks == ["table 1 had no header row: its first row is now the header"]


def test_text_that_markdown_would_read_as_markup_stays_text():
    converted = convert("<p>1. Not a list</p><p># not a heading</p><p>- not an item</p>"
                        "<p>{#not-an-id}</p><p>2 * 3 = 6, a_b, [x] &amp;copy; `c`</p>"
                        "<p>\u201cQuoted\u201d\u00a0text</p>")
    paragraphs = [t for t in markdown_parser().parse(converted.markdown) if t.type == "inline"]
    assert [plain_text(t.content) for t in paragraphs] == [
        "1. Not a list", "# not a heading", "- not an item", "{#not-an-id}",
        "2 * 3 = 6, a_b, [x] &copy; `c`", '"Quoted" text']
    assert {t.type for t in markdown_parser().parse(converted.markdown)} == {
        "paragraph_open", "inline", "paragraph_close"}


def test_empty_paragraphs_are_dropped_and_counted():
    converted = convert("<p>One.</p><p> </p><p></p><h2></h2><p>Two.</p>")
    assert converted.markdown == "One.\n\nTwo.\n"
    assert converted.empty_paragraphs == 3


def test_nested_lists_are_indented_to_their_item_and_items_keep_their_paragraphs():
    converted = convert(
        "<ul><li>Shaking<ul><li>At night</li></ul></li><li><p>Sweating</p><p>Drink water.</p>"
        "</li></ul><ol start='3'><li>Call<ol><li>Say the dose</li></ol></li></ol>"
        "<ol><li>Wait</li></ol>")
    assert converted.markdown == (
        "- Shaking\n  - At night\n- Sweating\n\n  Drink water.\n\n"
        "3. Call\n   1. Say the dose\n\n1) Wait\n")
    lists = [t for t in markdown_parser().parse(converted.markdown)
             if t.type == "ordered_list_open" and t.level == 0]
    assert len(lists) == 2  # two lists in a row stay two


def test_a_third_level_is_kept_at_the_second_and_said():
    converted = convert("<ul><li>A<ul><li>B<ul><li>C</li></ul></li></ul></li></ul>")
    assert converted.markdown == "- A\n  - B\n  - C\n"
    assert converted.remarks == ["a list three levels deep: its innermost items are kept at the "
                                 "second level"]


def test_pictures_are_paragraphs_of_their_own_with_their_caption():
    converted = convert(
        "<p>Before <img src='a.png' alt='A red [square]'> after.</p>"
        "<p><img src='b.png' alt='Spray'></p><p class='caption'>The \"nasal\" spray</p>"
        "<figure><img src='c.png' alt=''><figcaption>Ornament</figcaption></figure>")
    assert converted.markdown == (
        "Before\n\n![A red \\[square\\]](pictures/a.png)\n\nafter.\n\n"
        '![Spray](pictures/b.png "The \\"nasal\\" spray")\n\n'
        '![decorative](pictures/c.png "Ornament")\n')
    assert converted.pictures == 3


def test_a_picture_without_a_description_is_refused_with_its_number_and_place():
    with pytest.raises(SourceError) as refused:
        convert("<p>Call 911 first.</p><p><img src='a.png' alt='Spray'></p>"
                "<p>Then give naloxone to the person.</p><p><img src='b.png'></p>")
    assert str(refused.value) == (
        'handout.docx: picture 2 (after "Then give naloxone to the person.") has no '
        "description (alt text), and a listener would miss what it shows. Add Alt Text in Word.")


def test_footnotes_become_references_and_definitions():
    converted = convert(
        "<p>Thiamine protects the brain<sup><a href='#footnote-1' id='footnote-ref-1'>[1]</a>"
        "</sup> and the nerves<sup><a href='#footnote-2' id='footnote-ref-2'>[2]</a></sup>.</p>"
        "<ol><li id='footnote-1'><p>Vitamin B1. <a href='#footnote-ref-1'>↑</a></p></li>"
        "<li id='footnote-2'><p>See <a href='https://example.org/b1'>B1</a>. "
        "<a href='#footnote-ref-2'>↑</a></p></li></ol>")
    assert converted.markdown == (
        "Thiamine protects the brain[^1] and the nerves[^2].\n\n[^1]: Vitamin B1.\n\n"
        "[^2]: See [B1](https://example.org/b1).\n")
    assert converted.notes == 2


def test_links_the_library_cannot_publish_keep_their_words():
    converted = html_to_markdown(
        "<p><a href='javascript:alert(1)'>Click</a>, <a href='#top'>top</a>, "
        "<a href='/guides/naloxone'>guide</a>, <a href='mailto:help@example.org'>mail</a>.</p>",
        "page.html", lambda *a: "", "", base_url="")
    assert converted.markdown == "Click, top, guide, [mail](mailto:help@example.org).\n"
    relative = html_to_markdown("<p><a href='/guides/naloxone'>guide</a></p>", "page", None, "",
                                base_url="https://health.example.org/news/1")
    assert relative.markdown == "[guide](https://health.example.org/guides/naloxone)\n"


def test_an_item_keeps_the_order_of_its_text_and_inner_list():
    converted = convert("<ul><li>Before<ul><li>Inner</li></ul><p>After the inner list.</p></li>"
                        "</ul>")
    assert converted.markdown == "- Before\n  - Inner\n\n  After the inner list.\n"


def test_a_picture_inside_a_table_follows_it_and_is_said():
    converted = convert("<table><tr><th>Sign</th></tr><tr><td>Pupils <img src='p.png' "
                        "alt='Pinpoint pupils'></td></tr></table><p>Next.</p>")
    assert converted.markdown == ("| Sign |\n|---|\n| Pupils |\n\n![Pinpoint pupils]"
                                  "(pictures/p.png)\n\nNext.\n")
    assert converted.remarks == ["a picture inside a table now follows the table"]
