"""An edition's shape as plain-language guides ask of an easy read: short paragraphs, headings
that are the reader's questions, and calls to action that say how (a number or a link).

A call to action is a sentence that starts by asking the reader to call, write, visit or reach
out; it says how when its block holds a phone number, a web or e-mail address or a link.
"""

from __future__ import annotations

import re

MAX_SENTENCES = 3  # per paragraph of an easy read (the Easy Read and plain-language guides: 1-3)
MAX_WORDS = 50  # per paragraph of an easy read
ASKING = {  # the verbs a call to action starts with, per language (lower case)
    "en": ("call", "contact", "reach out", "text", "write to", "email", "e-mail", "visit",
           "talk to", "ask", "get help", "find help", "go to"),
    "es": ("llame", "llama", "comuníquese", "comunícate", "contacte", "contacta", "escriba",
           "escribe", "visite", "visita", "hable", "habla", "pida", "pide", "busque", "busca",
           "vaya", "ve a", "acuda"),
}
# A phone number (or a short emergency number), a web or e-mail address, a Markdown link.
_HOW = re.compile(r"\d[\d\s().-]{5,}\d|\b(?:911|988|112)\b|https?://|www\.|\bmailto:|\btel:"
                  r"|[\w.+-]+@[\w-]+\.\w|\]\(")
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")  # a word, as readability counts them


def is_question(heading: str) -> bool:
    """Say whether a heading asks a question ("What does heroin do?", "¿Qué hace?")."""
    return heading.rstrip().endswith("?")


def calls_without_how(sentences, blocks: dict[str, str], language: str) -> list[dict]:
    """Return the calls to action ({"block", "text"}) among (block id, sentence) pairs whose
    block gives no number, address or link to act on."""
    verbs = ASKING.get(language.split("_")[0], ())
    found = []
    for block_id, sentence in sentences:
        start = sentence.lstrip("¡¿\"“ ").lower()
        if any(re.match(rf"{re.escape(verb)}\b", start) for verb in verbs) \
                and not _HOW.search(blocks[block_id]):
            found.append({"block": block_id, "text": sentence})
    return found


def long_paragraphs(sentences, kinds: dict[str, str]) -> list[dict]:
    """Return the paragraphs ({"block", "sentences", "words"}) longer than an easy read's,
    longest first."""
    counts: dict[str, list[int]] = {}
    for block_id, sentence in sentences:
        if kinds[block_id] == "paragraph":
            figures = counts.setdefault(block_id, [0, 0])
            figures[0] += 1
            figures[1] += len(WORD.findall(sentence))
    found = [{"block": b, "sentences": n, "words": w} for b, (n, w) in counts.items()
             if n > MAX_SENTENCES or w > MAX_WORDS]
    return sorted(found, key=lambda item: (-item["words"], item["block"]))
