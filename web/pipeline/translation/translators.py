"""Machine-draft engines: each turns source texts into rough drafts for a translator to review.

A dict is the whole registry. Every engine says whether it can run here and, if not, why
(`problem()`), so `translate` can say what to install instead of failing half-way.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from ..errors import EngineError

# Apertium names languages with three letters.
APERTIUM_CODES = {"en": "eng", "es": "spa", "ca": "cat", "fr": "fra", "pt": "por", "it": "ita",
                  "gl": "glg", "eo": "epo"}
_UNKNOWN_MARKS = re.compile(r"[*#@~](?=\w)")  # unknown word, generation error, ambiguity
TIMEOUT_S = 120


class ApertiumTranslator:
    """Offline rule-based drafts from Debian's Apertium language pairs (e.g. apertium-eng-spa)."""

    name = "apertium"

    def __init__(self, source: str, target: str):
        self.source, self.target = source, target
        self.pair = f"{APERTIUM_CODES.get(source, source)}-{APERTIUM_CODES.get(target, target)}"

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
            return (f"Apertium has no {self.pair} language pair. Install the Debian package "
                    f"apertium-{self.pair}")
        return None

    def translate(self, texts: list[str]) -> list[str]:
        """Translate one-line texts in one call; unknown-word marks are removed."""
        if not texts:
            return []
        try:
            result = subprocess.run(
                ["apertium", "-u", "-f", "txt", self.pair], input="\n".join(texts) + "\n",
                capture_output=True, text=True, timeout=TIMEOUT_S, check=True)
        except subprocess.CalledProcessError as error:
            raise EngineError(
                f"apertium {self.pair}: {error.stderr.strip() or error}. "
                "Run 'manage_content.py translate' again or check Apertium.") from None
        except subprocess.TimeoutExpired:
            raise EngineError(f"apertium {self.pair}: no answer in {TIMEOUT_S} s. "
                              "Try again with fewer articles.") from None
        lines = result.stdout.rstrip("\n").split("\n")
        if len(lines) != len(texts):
            raise EngineError(f"apertium {self.pair}: returned {len(lines)} lines for "
                              f"{len(texts)} texts. Report this text to the maintainers.")
        return [_UNKNOWN_MARKS.sub("", line).strip() for line in lines]


TRANSLATORS = {"apertium": ApertiumTranslator}
DEFAULT_TRANSLATOR = "apertium"


def get_translator(name: str, source: str, target: str):
    """Return a ready engine; raise EngineError naming the engine and what to do."""
    if name not in TRANSLATORS:
        raise EngineError(f"--engine {name}: no such draft engine. "
                          f"Choose one of: {', '.join(TRANSLATORS)}.")
    engine = TRANSLATORS[name](source, target)
    problem = engine.problem()
    if problem:
        raise EngineError(f"--engine {name}: cannot run here: {problem}, then try again.")
    return engine
