r"""Numbers around a slash: dates, fractions, ratios and "24/7", by one rule per language.

- "d/d/dddd" (or "d/d/dd") is a date: month/day/year in English, day/month/year in Spanish.
- "24/7" is "twenty-four seven".
- "130/85", "120/80 mmHg" (a part above 31, or mmHg after it) is a ratio: "over", "sobre".
- "1/4 cup", "3/4 de taza", "1/2 tablet" (a smaller number over 2..16, a unit or a measure
  word after it: cup, tablet, of, de…) and "¾" are fractions.
- "on 3/4", "el 3/4" (after a word that introduces a date) is a date.
- Any other "3/4" is read as a date, and `ambiguous()` reports it so the build can warn: staff
  write it out ("March 4", "three quarters") or add a lexicon row to force the other reading.
"""

from __future__ import annotations

import re

from babel.dates import get_month_names

from .nouns import gender_of
from .units import SYMBOLS

WORDS = {
    "en": {"over": "over", "and": "and", "24/7": "twenty-four seven",
           "cues": "on|by|until|from|through|thru|since|before|after|starting|due|of",
           "nouns": "of|cup|cups|tablet|tablets|pill|pills|teaspoon|tablespoon|inch|inches|mile|"
                    "miles|hour|hours|dose|ounce|pound|glass|serving|strength"},
    "es": {"over": "sobre", "and": "y", "24/7": "veinticuatro siete",
           "cues": "el|del|al|desde|hasta|para|antes|después",
           "nouns": "de|taza|tazas|tableta|tabletas|pastilla|pastillas|cucharadita|cucharada|"
                    "pulgada|pulgadas|hora|horas|dosis|onza|libra|vaso|porción|dosis"},
}
ENGLISH_PARTS = {2: ("half", "halves"), 4: ("quarter", "quarters")}
SPANISH_PARTS = {2: "medio", 3: "tercio", 4: "cuarto", 5: "quinto", 6: "sexto", 7: "séptimo",
                 8: "octavo", 9: "noveno", 10: "décimo"}
UNICODE = {"½": (1, 2), "¼": (1, 4), "¾": (3, 4), "⅓": (1, 3), "⅔": (2, 3), "⅛": (1, 8),
           "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8)}
START = r"(?<![\w/.,$-])"
DATE = rf"{START}(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>\d{{4}}|\d\d)(?![\d/])"
FRACTIONS = "".join(UNICODE)
PAIR = (rf"{START}(?:(?P<whole>\d+)(?: |-(?=\d/)|(?=[{FRACTIONS}])))?"
        rf"(?:(?P<n>\d+)/(?P<d>\d+)|(?P<u>[{FRACTIONS}]))(?![\d/])"
        rf"(?P<after> ?(?P<word>[^\W\d_]+|%)?)")


def date_rules(reader) -> list:
    """Return the numeric date rule of `reader`'s language."""
    return [(DATE, lambda match: say_date(reader, match["a"], match["b"], match["y"]) or match[0])]


def rules(reader) -> list:
    """Return the rule for "24/7", ratios, fractions and dates without a year."""
    return [(PAIR, lambda match: say_pair(reader, match))]


def kind(match: re.Match, language: str) -> tuple[str, bool]:
    """Say what a number pair is ("date", "fraction", "ratio", "24/7", "") and if the
    rules had to guess (no unit, no word introducing a date)."""
    words = WORDS[language[:2]]
    if match["u"]:
        return "fraction", False
    if match["whole"]:
        return ("fraction", False) if int(match["n"]) < int(match["d"]) else ("", False)
    n, d, word = int(match["n"]), int(match["d"]), match["word"] or ""
    if (n, d) == (24, 7):
        return "24/7", False
    if word == "mmHg" or max(n, d) > 31:
        return "ratio", False
    before = match.string[:match.start()].split()
    cue = bool(before) and re.fullmatch(words["cues"], before[-1].lower()) is not None
    if cue and _month_day(n, d, language):
        return "date", False
    if n < d <= 16 and (word in SYMBOLS or re.fullmatch(words["nouns"], word.lower())):
        return "fraction", False
    if _month_day(n, d, language):
        return "date", True
    return ("fraction", True) if n < d <= 16 else ("", False)


def ambiguous(text: str, language: str) -> list[str]:
    """Return each number pair in `text` whose reading the rules had to guess."""
    return [f"{m['n']}/{m['d']}" for m in re.finditer(PAIR, text)
            if m["n"] and kind(m, language)[1]]


def say_pair(reader, match: re.Match) -> str:
    found, _ = kind(match, reader.language)
    after = match["after"]
    if found == "24/7":
        return WORDS[reader.language[:2]]["24/7"] + after
    if found == "ratio":
        over, word = WORDS[reader.language[:2]]["over"], match["word"] or ""
        if word in SYMBOLS:  # "120/80 mmHg"
            after = f" {reader.unit(word)[1]}"
        return f"{reader.say(match['n'])} {over} {reader.say(match['d'])}{after}"
    if found == "date":
        return (say_date(reader, match["n"], match["d"]) or match[0].removesuffix(after)) + after
    if found == "fraction":
        n, d = UNICODE[match["u"]] if match["u"] else (int(match["n"]), int(match["d"]))
        say = _english if reader.language.startswith("en") else _spanish
        return say(reader, match["whole"], n, d, match["word"] or "", after)
    return match[0]


def say_date(reader, first: str, second: str, year: str | None = None) -> str | None:
    """Say a numeric date in the language's order, or None if it is not one."""
    spanish = reader.language.startswith("es")
    month, day = (int(second), int(first)) if spanish else (int(first), int(second))
    if not _month_day(*((day, month) if spanish else (month, day)), reader.language):
        return None
    name = get_month_names("wide", locale=reader.language)[month]
    full = year and str(2000 + int(year)) if year and len(year) == 2 else year
    if spanish:
        said = f"{'primero' if day == 1 else reader.words(day)} de {name}"
        return f"{said} de {reader.words(int(full))}" if full else said
    said = f"{name} {reader.words(day, to='ordinal')}"
    return f"{said}, {reader.say(full)}" if full else said


def _month_day(first: int, second: int, language: str) -> bool:
    month, day = (second, first) if language.startswith("es") else (first, second)
    return 1 <= month <= 12 and 1 <= day <= 31


def _english(reader, whole, n: int, d: int, word: str, after: str) -> str:
    if d in ENGLISH_PARTS:
        part = ENGLISH_PARTS[d][n != 1]
    else:
        part = reader.words(d, to="ordinal") + ("s" if n != 1 else "")
    if whole:
        said = f"{reader.say(whole)} and {'a' if n == 1 else reader.words(n)} {part}"
    else:
        said = f"{reader.words(n)} {part}"
    if word in SYMBOLS:  # "1/2 tsp": "one half teaspoon"
        singular, plural, _, per = reader.unit(word)
        return " ".join([said, plural if whole else singular, *per]) + after[1 + len(word):]
    return said + after


def _spanish(reader, whole, n: int, d: int, word: str, after: str) -> str:
    noun = word.lower() if word[:1].islower() else ""
    gender = gender_of(noun) if noun and noun != "de" else "m"
    if d == 2 and n == 1 and not whole:  # "1/2 taza": "media taza"
        return ("media" if gender == "f" else "medio") + after if noun and noun != "de" \
            else "un medio" + after
    part = SPANISH_PARTS.get(d) or reader.words(d, to="ordinal")
    if d == 2 and whole:
        part = "media" if gender == "f" else "medio"
    elif n != 1:
        part += "s"
    if whole and noun and noun != "de":  # "1 ½ tazas": "una taza y media"
        thing = noun[:-1] if int(whole) == 1 and noun.endswith("s") else noun
        fraction = part if d == 2 else f"{reader.words(n) if n > 1 else ''} {part}".strip()
        return f"{reader.say(whole, gender, True)} {thing} y {fraction}" + after[1 + len(word):]
    if whole:
        return f"{reader.say(whole)} y {'' if d == 2 else reader.words(n) + ' '}{part}" + after
    said = f"{'un' if n == 1 else reader.words(n)} {part}"
    return said + (" de" if noun and noun != "de" else "") + after
