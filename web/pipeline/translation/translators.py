"""Machine-draft engines: each turns source texts into rough drafts for a translator to review.

A dict is the whole registry. Every engine says whether it can run here and, if not, why
(`problem()`), so `translate` can say what to install instead of failing half-way. Texts are
inline Markdown, translated in one call but each on its own: no word moves from one to another.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from ..errors import EngineError
from ..languages import iso_639_2

APERTIUM_DATA = Path("/usr/share/apertium")
# Apertium's marks at the start of a word: generation error, transfer error, ambiguity.
_UNKNOWN_MARKS = re.compile(r"(?<![^\s>])[#@~](?=\w)")
_NOUN = re.compile(r"<n><(m|f|mf)><(sg|pl|sp)>")
# Apertium's HTML deformatter ends a sentence at every paragraph, so no rule reorders across.
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
TIMEOUT_S = 120

# Everyday nouns a language pair translates, inflects and reorders like any noun: one stands
# in for a glossary term while the engine translates, so the term lands in the target's word
# order and agreement, then the term replaces it. By (gender, number) of the target term.
STAND_INS = {
    "eng-spa": {
        ("m", "sg"): (("elephant", "elefante"), ("rabbit", "conejo"), ("duck", "pato"),
                      ("tiger", "tigre")),
        ("m", "pl"): (("elephants", "elefantes"), ("rabbits", "conejos"), ("ducks", "patos"),
                      ("tigers", "tigres")),
        ("f", "sg"): (("giraffe", "jirafa"), ("zebra", "cebra"), ("turtle", "tortuga"),
                      ("whale", "ballena")),
        ("f", "pl"): (("giraffes", "jirafas"), ("zebras", "cebras"), ("turtles", "tortugas"),
                      ("whales", "ballenas")),
    },
}


class ApertiumTranslator:
    """Offline rule-based drafts from Debian's Apertium language pairs (e.g. apertium-eng-spa)."""

    name = "apertium"

    def __init__(self, source: str, target: str):
        self.source, self.target = source, target
        # Apertium names languages with their three-letter ISO 639 codes ("eng-spa").
        self.codes = iso_639_2(source), iso_639_2(target)
        self.pair = "-".join(self.codes)

    def problem(self) -> str | None:
        """Return why this engine cannot run here, or None."""
        if not shutil.which("apertium"):
            return (f"the 'apertium' program is not installed. Install the Debian package "
                    f"apertium-{self.pair}")
        try:
            listed = subprocess.run(["apertium", "-l"], capture_output=True, text=True,
                                    timeout=30).stdout.split()
        except (OSError, subprocess.SubprocessError) as error:
            return f"'apertium -l' failed ({error}). Reinstall Apertium"
        if self.pair not in listed:
            return (f"Apertium has no {self.pair} language pair here (a Debian package "
                    f"apertium-{self.pair} would add it, if there is one)")
        return None

    def translate(self, texts: list[str]) -> list[str]:
        """Translate each inline-Markdown text on its own; unknown-word marks are removed.

        All texts go in one call as HTML paragraphs, which Apertium never reorders across and
        whose emphasis and links it moves with their words; if the answer does not come back
        as many paragraphs, each text is translated in a call of its own.
        """
        if not texts:
            return []
        # The Markdown parser is imported here: the command line reads this module's default.
        from .markup import emphasis_marks, inline_html, inline_markdown

        paragraphs = [f"<p>{' '.join(inline_html(text).split())}</p>" for text in texts]
        found = _PARAGRAPH.findall(self._run("\n".join(paragraphs)))
        if len(found) != len(texts):
            found = [next(iter(_PARAGRAPH.findall(self._run(p))), "") for p in paragraphs]
        return [" ".join(inline_markdown(_UNKNOWN_MARKS.sub("", html), *emphasis_marks(text))
                         .split()) for html, text in zip(found, texts, strict=True)]

    def stand_ins(self, target: str, plural: bool) -> tuple[tuple[str, str], ...]:
        """Return (source word, target word) pairs that translate as `target` would inflect."""
        pools = STAND_INS.get(self.pair)
        noun = pools and self._noun_class(target.split()[0])
        if not noun:
            return ()
        gender, number = noun
        number = "pl" if plural or number == "pl" else "sg"
        return pools.get(("f" if gender == "f" else "m", number), ())

    def _noun_class(self, word: str) -> tuple[str, str] | None:
        """Return the (gender, number) of `word` as the target language's analyser reads it."""
        analyser = _analyser(*self.codes)
        if analyser is None:
            return None
        found = _NOUN.search(_run_pipe(["lt-proc", str(analyser)], word))
        return found.groups() if found else None

    def _run(self, text: str) -> str:
        return _run_pipe(["apertium", "-u", "-f", "html", self.pair], text + "\n",
                         f"apertium {self.pair}").rstrip("\n")


@cache
def _analyser(source: str, target: str) -> Path | None:
    """Return the target language's morphological analyser that the pair's package ships."""
    for package in (f"apertium-{source}-{target}", f"apertium-{target}-{source}"):
        path = APERTIUM_DATA / package / f"{target}-{source}.automorf.bin"
        if path.exists():
            return path
    return None


def _run_pipe(command: list[str], text: str, label: str | None = None) -> str:
    """Return what `command` writes for `text`; raise EngineError naming it on failure."""
    label = label or command[0]
    try:
        return subprocess.run(command, input=text, capture_output=True, text=True,
                              timeout=TIMEOUT_S, check=True).stdout
    except subprocess.CalledProcessError as error:
        raise EngineError(
            f"{label}: {error.stderr.strip() or error}. "
            "Run 'manage_content.py translate' again or check Apertium.") from None
    except subprocess.TimeoutExpired:
        raise EngineError(f"{label}: no answer in {TIMEOUT_S} s. "
                          "Try again with fewer articles.") from None


TRANSLATORS = {"apertium": ApertiumTranslator}
DEFAULT_TRANSLATOR = "apertium"


def get_translator(name: str, source: str, target: str):
    """Return the engine `name` for a language pair (its `problem()` says if it can run here);
    raise EngineError for a name that is no engine."""
    if name not in TRANSLATORS:
        raise EngineError(f"--engine {name}: no such draft engine. "
                          f"Choose one of: {', '.join(TRANSLATORS)}.")
    return TRANSLATORS[name](source, target)
