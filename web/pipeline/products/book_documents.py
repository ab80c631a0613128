"""A talking book's XHTML documents: its navigation, and each section with the SMIL media overlay
that reads it sentence by sentence (word by word where the cues time the words), its text shown
as its page shows it (the same parts, the same labels of unreviewed text); its notes are EPUB
footnotes at the end of their section, linked both ways with their references.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from markupsafe import Markup, escape

from ..audio.cues import Cue
from ..labels import Labels, capfirst
from ..languages import is_right_to_left
from ..manifest import ArticleEdition, ManifestArticle, ManifestBlock, ManifestSection, Picture
from ..text_origins import WORD
from ..transcript import heading_of, inline_html, section_parts
from ..translation.interface import BACK_TO_TEXT, CONTENTS, Interface

ACTIVE_CLASS = "-epub-media-overlay-active"
STYLE = f"""body {{ font-family: sans-serif; line-height: 1.5; }}
.{ACTIVE_CLASS} {{ background-color: #ffe27a; color: #1b1b1b; }}
.flag {{ font-size: 0.9em; font-style: italic; }}
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #767676; padding: 0.25em 0.5em; text-align: start; }}
figure img {{ max-width: 100%; height: auto; }}
"""


@dataclass(frozen=True)
class SectionDocument:
    """One section as an XHTML document, the SMIL that reads it and how long that plays."""

    name: str
    xhtml: str
    smil: str
    duration_ms: int


class BookDocuments:
    """The XHTML documents of one edition's talking book, in the words of its interface."""

    def __init__(self, library: str, article: ManifestArticle, edition: ArticleEdition,
                 interface: Interface, cues: tuple[Cue, ...],
                 pictures: Mapping[str, Picture] | None = None):
        self.library, self.article, self.edition = library, article, edition
        shown = set(edition.shown_pictures())
        # The pictures the edition shows, by their file in the library (the manifest's keys).
        self.pictures = {name: p for name, p in (pictures or {}).items() if name in shown}
        self.publisher = interface.gettext(library)  # the library's name in the edition's words
        self.names = [f"s{index:02d}-{s.id}" for index, s in enumerate(edition.sections, 1)]
        self.language, self.gettext = edition.language, interface.gettext
        self.labels = Labels.of(interface)
        self.direction = "rtl" if is_right_to_left(self.language) else "ltr"
        self.cues = {cue.id: cue for cue in cues}

    def navigation(self) -> str:
        """Return nav.xhtml: the sections, and the landmarks (contents, start of the text)."""
        names, contents = self.names, escape(self.gettext(CONTENTS))
        toc = "\n".join(
            f'<li><a href="{name}.xhtml"{self._attrs(language)}>{escape(title)}</a></li>'
            for name, (title, language) in zip(
                names, map(self._section_title, self.edition.sections), strict=True))
        body = (f'<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-h">\n'
                f'<h1 id="toc-h">{contents}</h1>\n<ol>\n{toc}\n</ol>\n</nav>\n'
                '<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<ol>\n'
                f'<li><a epub:type="toc" href="nav.xhtml#toc">{contents}</a></li>\n'
                f'<li><a epub:type="bodymatter" href="{names[0]}.xhtml">'
                f"{escape(self.edition.title)}</a></li>\n</ol>\n</nav>")
        return self._xhtml(contents, body)

    def section_document(self, index: int) -> SectionDocument:
        """Return the XHTML and SMIL of the section at `index` (the first one opens with the
        title and summary, as the page does)."""
        section, name = self.edition.sections[index], self.names[index]
        edition, pars, html = self.edition, [], []
        if index == 0:
            html += [self._flag(edition.title_block),
                     f"<h1{self._attrs(edition.title_language)}>{escape(edition.title)}</h1>",
                     self._flag(edition.summary_block),
                     f"<p{self._attrs(edition.summary_block.language)}>"
                     f"{escape(edition.summary)}</p>"]
        heading = heading_of(section)
        if heading:
            html += [self._flag(heading), f'<h2 id="h-{section.id}"'
                     f'{self._attrs(heading.language)}>{self._text(heading, name, pars)}</h2>']
        else:
            html.append(f'<h2 id="h-{section.id}">{escape(section.title)}</h2>')
        for part in section_parts(section):
            html.append(self._part(part, name, pars))
        title, language = self._section_title(section)
        body = (f'<section id="{section.id}" epub:type="chapter" role="doc-chapter" '
                f'aria-labelledby="h-{section.id}">\n' + "\n".join(filter(None, html))
                + "\n</section>")
        smil = ('<?xml version="1.0" encoding="UTF-8"?>\n<smil xmlns="http://www.w3.org/ns/SMIL"'
                ' xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n<body>\n'
                f'<seq id="seq-{section.id}" epub:textref="{name}.xhtml#{section.id}">\n'
                + "\n".join(par for par, _ in pars) + "\n</seq>\n</body>\n</smil>\n")
        return SectionDocument(name, self._xhtml(title, body, language), smil,
                         sum(ms for _, ms in pars))

    def _part(self, part, name: str, pars: list) -> str:
        """Return one part of a section as the page shows it: a paragraph, a sub-heading, a
        list, a table or a quote."""
        first = part.blocks[0]
        if part.kind == "heading":
            level = first.level or 3
            return (f"{self._flag(first)}<h{level}{self._attrs(first.language)}>"
                    f"{self._text(first, name, pars)}</h{level}>")
        if part.kind == "list":
            return self._list(part, name, pars)
        if part.kind == "notes":
            return "".join(self._note(b, name, pars) for b in part.blocks)
        if part.kind == "table":
            return self._table(part, name, pars)
        if part.kind == "figure":
            return self._figure(part, name, pars)
        if part.kind == "quote":
            quotes = "".join(f"{self._flag(b)}<p{self._attrs(b.language)}>"
                             f"{self._text(b, name, pars)}</p>" for b in part.of("quote"))
            by = "".join(f"<figcaption{self._attrs(b.language)}>{self._flag(b)}\u2014 "
                         f"{self._text(b, name, pars)}</figcaption>"
                         for b in part.of("attribution"))
            return f"<figure><blockquote>{quotes}</blockquote>{by}</figure>"
        return (f"{self._flag(first)}<p{self._attrs(first.language)}>"
                f"{self._text(first, name, pars)}</p>")

    def _list(self, part, name: str, pars: list) -> str:
        """Return a list: each item its first paragraph, then its further paragraphs and the
        list inside it."""
        tag = "ol" if part.ordered else "ul"
        start = f' start="{part.start}"' if part.ordered and part.start != 1 else ""
        items = []
        for item in part.items:
            first = item.block
            text = self._text(first, name, pars)
            inner = "".join(
                self._list(p, name, pars) if p.kind == "list" else
                f"{self._flag(p)}<p{self._attrs(p.language)}>{self._text(p, name, pars)}</p>"
                for p in item.parts)
            items.append(f"<li{self._attrs(first.language)}>{self._flag(first)}"
                         + (f"{text}</li>" if item.simple else f"<p>{text}</p>{inner}</li>"))
        return f"<{tag}{start}>{''.join(items)}</{tag}>"

    def _note(self, block: ManifestBlock, name: str, pars: list) -> str:
        """Return a note as an EPUB footnote, its number linking back to its reference."""
        back = escape(self.gettext(BACK_TO_TEXT))
        return (f'<aside epub:type="footnote" role="doc-footnote" id="note-{block.number}"'
                f'{self._attrs(block.language)}>{self._flag(block)}<p>'
                f'<a href="#ref-{block.number}" role="doc-backlink" title="{back}">'
                f"{block.number}.</a> {self._text(block, name, pars)}</p></aside>")

    def _table(self, part, name: str, pars: list) -> str:
        def cell(block: ManifestBlock, tag: str, scope: str) -> str:
            return (f'<{tag}{scope}{self._attrs(block.language)}>{self._flag(block)}'
                    f"{self._text(block, name, pars)}</{tag}>")

        caption = "".join(f"<caption{self._attrs(b.language)}>{self._flag(b)}"
                          f"{self._text(b, name, pars)}</caption>" for b in part.of("caption"))
        head = "".join(cell(b, "th", ' scope="col"') for b in part.header)
        rows = "".join("<tr>" + "".join(
            cell(b, "th", ' scope="row"') if b.column == 0 else cell(b, "td", "") for b in row)
            + "</tr>" for row in part.rows)
        return (f"<table>{caption}<thead><tr>{head}</tr></thead>"
                f"<tbody>{rows}</tbody></table>")

    def _figure(self, part, name: str, pars: list) -> str:
        """Return a picture with its description as alt text (its narration plays as one par
        on the picture) and its caption."""
        first, picture = part.blocks[0], self.pictures.get(part.blocks[0].picture)
        image = ""
        if picture:
            image_id = f"pic_{first.id}"
            cues = [self.cues[f"{first.id}.{n}"] for n in range(1, len(first.sentences) + 1)]
            if cues:
                pars.append((_par(name, image_id, cues[0].start_ms, cues[-1].end_ms),
                             sum(cue.end_ms - cue.start_ms for cue in cues)))
            language = self._attrs(first.language) if first.text else ""
            image = (f'<img id="{image_id}" src="{book_picture(picture)}" '
                     f'alt="{escape(first.text)}"{language} width="{picture.largest.width}" '
                     f'height="{picture.largest.height}"/>')
        caption = "".join(f"<figcaption{self._attrs(b.language)}>{self._flag(b)}"
                          f"{self._text(b, name, pars)}</figcaption>"
                          for b in part.of("picture-caption"))
        return f"{self._flag(first) if first.text else ''}<figure>{image}{caption}</figure>"

    def _text(self, block: ManifestBlock, name: str, pars: list) -> Markup:
        """Return a block's text with a span per sentence (and per word, where timed), adding
        to `pars` the SMIL that plays each, with its length in ms."""
        if not block.sentences:
            return inline_html(block.text, block.spans, 0, len(block.text), note_reference)
        out, position = [], 0
        for number, sentence in enumerate(block.sentences, 1):
            found = block.text.find(sentence.text, position)
            text, spans, start = (block.text, block.spans, found) if found >= 0 else \
                (sentence.text, (), 0)  # not found as written: the sentence's own text
            end = start + len(sentence.text)
            cue, sentence_id = self.cues[f"{block.id}.{number}"], f"s_{block.id}_{number}"
            words = list(WORD.finditer(text, start, end))
            if cue.words and len(words) == len(cue.words) + 1:
                inner, words_pars = _words(text, spans, sentence_id, start, words, cue, name)
                pars.append((f'<seq epub:textref="{name}.xhtml#{sentence_id}">\n'
                             + "\n".join(words_pars) + "\n</seq>", cue.end_ms - cue.start_ms))
            else:
                inner = inline_html(text, spans, start, end, note_reference)
                pars.append((_par(name, sentence_id, cue.start_ms, cue.end_ms),
                             cue.end_ms - cue.start_ms))
            out.append(Markup('<span id="{}">{}</span>').format(sentence_id, inner))
            position = end if found >= 0 else position
        return Markup(" ").join(out)

    def _flag(self, block) -> str:
        """Return the label of a block, as the page shows it before the block: in the
        edition's language, also where it sits inside the block's element (a list item)."""
        label = self.labels.label(block)
        if not label:
            return ""
        mark = f' xml:lang="{self.language}" lang="{self.language}"' \
            if block.language != self.language else ""
        return f'<p class="flag"{mark}>{escape(capfirst(label))}</p>'

    def _attrs(self, language: str) -> str:
        """Return the language attributes of text in `language` inside the edition's."""
        if language == self.language:
            return ""
        direction = "rtl" if is_right_to_left(language) else "ltr"
        extra = f' dir="{direction}"' if direction != self.direction else ""
        return f' xml:lang="{language}" lang="{language}"{extra}'

    def xml_lang(self, language: str) -> str:
        """Return the xml:lang attribute of text in `language` inside the edition's."""
        return f' xml:lang="{language}"' if language != self.language else ""

    def _section_title(self, section: ManifestSection) -> tuple[str, str]:
        heading = heading_of(section)
        return (heading.text, heading.language) if heading else (section.title, self.language)

    def _xhtml(self, title: str, body: str, language: str | None = None) -> str:
        title_lang = self.xml_lang(language) if language else ""
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns='
                '"http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
                f'xml:lang="{self.language}" lang="{self.language}" dir="{self.direction}">\n'
                f'<head>\n<meta charset="UTF-8"/>\n<title{title_lang}>{escape(title)}</title>\n'
                '<link rel="stylesheet" type="text/css" href="style.css"/>\n</head>\n'
                f"<body>\n{body}\n</body>\n</html>\n")


def note_reference(number: int) -> Markup:
    """Return a note's reference in the book: its number, an EPUB noteref to its footnote."""
    return Markup('<sup><a epub:type="noteref" role="doc-noteref" href="#note-{0}" '
                  'id="ref-{0}">{0}</a></sup>').format(number)


def book_picture(picture: Picture) -> str:
    """Return where a picture is in the book: its largest published size, under pictures/."""
    return f"pictures/{PurePosixPath(picture.largest.file).name}"


def _words(text: str, spans, sentence_id: str, position: int, words: list, cue: Cue,
           name: str) -> tuple[Markup, list[str]]:
    """Return a sentence's text with a span per word (a note's reference in the word it
    follows), and the par that plays each word."""
    starts, ends = [cue.start_ms, *cue.words], [*cue.words, cue.end_ms]
    out, pars = [], []
    for number, word in enumerate(words, 1):
        word_id = f"{sentence_id}_{number}"
        out += [inline_html(text, spans, position, word.start(), note_reference),
                Markup('<span id="{}">{}</span>').format(
                    word_id, inline_html(text, spans, word.start(), word.end(), note_reference))]
        pars.append(_par(name, word_id, starts[number - 1], ends[number - 1]))
        position = word.end()
    return Markup("").join(out), pars


def _par(name: str, text_id: str, start_ms: int, end_ms: int) -> str:
    return (f'<par id="p-{text_id}"><text src="{name}.xhtml#{text_id}"/><audio src="audio.mp3" '
            f'clipBegin="{start_ms / 1000:.3f}s" clipEnd="{end_ms / 1000:.3f}s"/></par>')
