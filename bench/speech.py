"""Print the share of the speech corpus a careful reader would accept, per kind and language.

Each row of tests/data/speech/<lang>.tsv is a sentence as clinic handouts write it and what a
careful reader says; the target is 100 %. Also counts the sentences split where they should
not be (a corpus row is one sentence).

Run: python bench/speech.py
"""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from web.pipeline.settings import Settings  # noqa: E402
from web.pipeline.voices.speech import load_lexicon  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "speech"


def main() -> None:
    """Print, per language and kind, how many corpus sentences are spoken right."""
    settings = Settings(root=ROOT)
    for path in sorted(CORPUS.glob("*.tsv")):
        language = path.stem
        lexicon = load_lexicon(settings, language)
        right, total, split = Counter(), Counter(), 0
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                total[row["kind"]] += 1
                right[row["kind"]] += lexicon.speak(row["written"]) == row["spoken"]
                split += lexicon.sentences(row["written"]) != [row["written"]]
        print(f"{language}: {sum(right.values())}/{sum(total.values())} right "
              f"({100 * sum(right.values()) / sum(total.values()):.0f} %), {split} split "
              "mid-sentence")
        for kind in sorted(total):
            print(f"  {kind:<10} {right[kind]:>3}/{total[kind]:<3} "
                  f"{100 * right[kind] / total[kind]:5.1f} %")


if __name__ == "__main__":
    main()
