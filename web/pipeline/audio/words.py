"""Word times for a cue: when each shown word starts, from the times of the spoken words.

The engine times the words of the speech text; `origins` says which shown characters each
speech character was made from. Spoken and shown words that share characters form a group: a
shown word said as several ("911": "nine one one") starts with the first of them; several shown
words said as one group ("(555) 123-4567": ten digits) share its spoken words in order, or its
time when they outnumber them. A shown word no spoken word came from (a dash) starts between
its neighbours.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..text_origins import WORD
from .pcm import ms


def cue_words(text: str, origins: Sequence[tuple[int, int]],
              words: Sequence[tuple[int, int, int]] | None, frames: int, start_ms: int,
              end_ms: int) -> tuple[int, ...]:
    """Return the ms each shown word after the first starts at, in a cue [start_ms, end_ms)
    whose clip of `frames` has these spoken `words`; () without word times."""
    starts = shown_word_starts(text, origins, words or (), frames)
    return _inside([start_ms + ms(s) for s in starts[1:]], start_ms, end_ms)


def shown_word_starts(text: str, origins: Sequence[tuple[int, int]],
                      words: Sequence[tuple[int, int, int]], frames: int) -> list[float]:
    """Return the sample each shown word of `text` starts at, from the spoken words' times
    (`words`: speech characters [start, end) and start sample) in a clip of `frames`."""
    shown = [(m.start(), m.end()) for m in WORD.finditer(text)]
    groups: list[list] = []  # [first shown, last shown, [spoken starts]]
    for start, end, sample in sorted(words, key=lambda w: w[2]):
        spans = origins[start:end]
        found = [i for i, (a, b) in enumerate(shown)
                 if any(o0 < b and o1 > a for o0, o1 in spans)]
        if not found:
            continue  # said before the sentence, or not from any shown word
        if groups and found[0] <= groups[-1][1]:
            groups[-1][1] = max(groups[-1][1], found[-1])
            groups[-1][2].append(sample)
        else:
            groups.append([found[0], found[-1], [sample]])
    if not groups:
        return []  # no time to give back: no word times at all
    starts: list[float | None] = [None] * len(shown)
    for index, (first, last, samples) in enumerate(groups):
        count = last - first + 1
        following = groups[index + 1][2][0] if index + 1 < len(groups) else frames
        for i in range(count):
            if len(samples) >= count:
                starts[first + i] = samples[len(samples) * i // count]
            else:
                starts[first + i] = samples[0] + (following - samples[0]) * i / count
    return _fill(starts, frames)


def _fill(starts: list[float | None], frames: int) -> list[float]:
    """Place each shown word without a time evenly between its timed neighbours."""
    known = [(-1, 0.0), *((i, s) for i, s in enumerate(starts) if s is not None),
             (len(starts), float(frames))]
    filled = list(starts)
    for (i, a), (j, b) in zip(known, known[1:], strict=False):
        for k in range(i + 1, j):
            filled[k] = a + (b - a) * (k - i) / (j - i)
    return filled


def _inside(later: list[int], start_ms: int, end_ms: int) -> tuple[int, ...]:
    """Make times strictly increasing and strictly inside the cue (an engine may time two
    words alike); () if the cue is too short to hold them."""
    if len(later) >= end_ms - start_ms:
        return ()
    times: list[int] = []
    for number, time in enumerate(later):
        low = times[-1] + 1 if times else start_ms + 1
        times.append(min(max(time, low), end_ms - len(later) + number))
    return tuple(times)
