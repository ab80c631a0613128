"""Signs and codes a careful reader says: "≥ 18", "~30", "100x", "vitamin D3", "H1N1",
"COVID-19", "type II diabetes"; ® and ™ are silent."""

from __future__ import annotations

import re

WORDS = {
    "en": {"≥": "greater than or equal to", "≤": "less than or equal to", "<": "less than",
           ">": "greater than", "~": "about", "±": "plus or minus", "times": ("time", "times"),
           "per": {"day": "a day", "week": "a week"},
           "numbered": "schedule|type|phase|stage|class|grade|title|level|part|chapter|tier|"
                       "category|section"},
    "es": {"≥": "mayor o igual a", "≤": "menor o igual a", "<": "menos de", ">": "más de",
           "~": "aproximadamente", "±": "más o menos", "times": ("vez", "veces"),
           "per": {"día": "al día", "semana": "a la semana", "day": "al día"},
           "numbered": "tipo|fase|etapa|estadio|grado|clase|nivel|título|capítulo|categoría|"
                       "lista|grupo|siglo|sección"},
}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
SIGN = r"(?P<space>[ \u00a0]?)(?P<sign>[≥≤<>~±])[ \u00a0]?(?=[\d$])"
TIMES = r"(?<![\w.,])(?P<n>\d+(?:[.,]\d+)?)[x×](?:/(?P<per>[^\W\d_]+)|(?![\w/]))"
CODE = r"(?<![\w.-])(?:[A-Z][A-Za-z]*-?\d+(?:[A-Z]+\d*)*|\d+[A-Z])(?![\w-]|\.\d)"


def rules(reader) -> list:
    """Return the sign, multiplier, code and Roman numeral rules of `reader`'s language."""
    words = WORDS[reader.language[:2]]

    def sign(match: re.Match) -> str:
        before = match.string[match.start() - 1:match.start()]
        space = " " if match["space"] or before.isalnum() else ""
        return f"{space}{words[match['sign']]} "

    def times(match: re.Match) -> str:
        singular, plural = words["times"]
        one = match["n"] == "1"
        said = f"{reader.say(match['n'], 'f', True)} {singular if one else plural}"
        per = words["per"].get((match["per"] or "").lower())
        return f"{said} {per}" if per else said if not match["per"] else match[0]

    def code(match: re.Match) -> str:
        parts = re.findall(r"\d+|[^\W\d_]+", match[0])
        return " ".join(reader.say(p) if p.isdigit() else p for p in parts)

    def numbered(match: re.Match) -> str:
        return f"{match['word']} {reader.words(roman(match['roman']))}"

    return [
        (r"[®™]", ""),
        (SIGN, sign),
        (TIMES, times),
        (CODE, code),
        (rf"\b(?P<word>(?i:{words['numbered']})) (?P<roman>[IVXL]+)\b(?![\w-])", numbered),
    ]


def roman(written: str) -> int:
    """Return the value of a Roman numeral ("IV" is 4)."""
    values = [ROMAN[c] for c in written]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))
