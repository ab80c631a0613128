"""Speech normalization: numbers and signs said as a careful reader says them, per language.

English and Spanish get every rule (readers.py lists them in the order they apply; each
consumes what it reads): e-mail and web addresses, phone numbers, money, dates, times, fractions
and ratios, signs, codes with letters and digits, doses and units, ordinals, emergency numbers
digit by digit, ranges, house numbers, plain numbers. Other languages get plain numbers if
num2words speaks them. num2words spells every number; these modules choose the reading.
"""

from __future__ import annotations

from functools import cache

from num2words import CONVERTER_CLASSES

from ..text_origins import Tracked
from .english import English
from .readers import Reader
from .spanish import Spanish


def normalize_speech(text: str, language: str) -> str:
    """Return `text` with its numbers, doses, dates and times as `language` says them."""
    return normalize_tracked(Tracked.of(text), language).text


def normalize_tracked(speech: Tracked, language: str) -> Tracked:
    """Normalize a tracked text: each reading remembers the shown words it was made from."""
    reader = reader_of(language)
    for pattern, say in reader.rules if reader else ():
        speech = speech.sub(pattern, say)
    return speech


@cache
def reader_of(language: str) -> Reader | None:
    """Return the reader of `language`, or None if num2words cannot speak it."""
    code = language.replace("-", "_")
    known = code in CONVERTER_CLASSES or code[:2] in CONVERTER_CLASSES
    return {"en": English, "es": Spanish}.get(code[:2], Reader)(code) if known else None
