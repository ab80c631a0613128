"""Word times from the phonemes a neural voice said and when it said each (Piper, Kokoro).

Each word of the speech text is phonemized alone and its sounds matched to the sentence's: in
context espeak joins words ("with the": "wɪððə", "de inmediato") and reads numbers, so the
spaces of the sentence's phonemes are not its words. A word starts at its first matched sound.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from ..text_origins import WORD

STRESS = "ˈˌ"  # marks the voices' phonemes carry in context but not always alone


def sounds_of(phonemes) -> list[str]:
    """Keep the phonemes that are sounds: no stress marks, spaces, punctuation or "^"/"$"."""
    return [p for p in phonemes if p.isalpha() and p not in STRESS]


def word_times(text: str, alone: list[list[str]], sounds: list[str], starts: list[int],
               rate: int) -> tuple[tuple[int, int, float], ...]:
    """Return each word of `text` with the second it starts at: `alone` holds each word's
    sounds phonemized alone, `sounds` those said and `starts` the sample each starts at."""
    words = list(WORD.finditer(text))
    where: dict[int, int] = {}  # index among the words' sounds -> index among those said
    matcher = SequenceMatcher(None, [p for ps in alone for p in ps], sounds, autojunk=False)
    for block in matcher.get_matching_blocks():
        where.update((block.a + i, block.b + i) for i in range(block.size))
    times, first = [], 0
    for word, its in zip(words, alone, strict=True):
        found = next((where[i] for i in range(first, first + len(its)) if i in where), None)
        if found is not None:
            times.append((word.start(), word.end(), starts[found] / rate))
        first += len(its)
    return tuple(times)
