"""Speech normalization: numbers said as a careful reader says them, per language.

English and Spanish get every rule, in this order (each consumes the digits it reads): phone
numbers in digit groups with pauses; times; dates; doses and units (a unit repeated in a range
said once); ordinals; emergency numbers digit by digit; ranges; plain numbers (Spanish ones
agreeing with their noun). Other languages get plain numbers if num2words speaks them. num2words
spells every number; this module chooses the reading, and leaves what it cannot read safely
(fractions, ratios, "24/7", "COVID-19", prices, "3-2") as written. The units it says are in
units.py.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol
from num2words import CONVERTER_CLASSES, num2words

from ..text_origins import Tracked
from .units import PER, SYMBOLS, UNITS

EMERGENCY = ("911", "988", "112", "999", "9-1-1")
TOLL_FREE = "800"  # said as a number ("eight hundred"); other groups digit by digit
SPACE = r"[ \u00a0\u202f]"
DASH = r"[-\u2010\u2011\u2013\u2014]"
START = r"(?<![\w$€£#/.,:\u2010\u2011\u2013\u2014-])"  # not inside a number, word or price
END = rf"(?![\w/%°]|[.,:]\d|{SPACE}?{DASH}{SPACE}?\d)"

# Spanish nouns: masculine ones ending in -a or -sis, feminine ones not ending in -a.
MASCULINE = set("día mapa problema programa sistema tema síntoma idioma clima esquema diagrama "
                "trauma análisis".split())
FEMININE = set("vez veces noche parte clase fase leche mano gente piel nariz voz luz mujer".split())
NOT_NOUNS = set("de del a al y o u e en por para con que entre hasta sobre sin cada".split())


def normalize_speech(text: str, language: str) -> str:
    """Return `text` with its numbers, doses, dates and times as `language` says them."""
    return normalize_tracked(Tracked.of(text), language).text


def normalize_tracked(speech: Tracked, language: str) -> Tracked:
    """Normalize a tracked text: each reading remembers the shown words it was made from."""
    reader = _reader(language)
    for pattern, say in reader.rules if reader else ():
        speech = speech.sub(pattern, say)
    return speech


@cache
def _reader(language: str) -> _Reader | None:
    code = language.replace("-", "_")
    known = code in CONVERTER_CLASSES or code[:2] in CONVERTER_CLASSES
    return {"en": _English, "es": _Spanish}.get(code[:2], _Reader)(code) if known else None


def _either(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class _Reader:
    """Plain numbers in words, with the language's decimal and thousands marks."""

    def __init__(self, language: str):
        self.language = language
        group, decimal = (re.escape(mark) for mark in self.marks())
        self.grouped = rf"[1-9]\d{{0,2}}(?:[{group}]\d{{3}})+"
        self.parts = re.compile(rf"({self.grouped}|\d+)(?:([{decimal}])(\d+))?")
        self.number = rf"(?:{self.grouped}(?!\d)|\d+)(?:[{decimal}]\d+)?"
        self.rules = [(re.compile(pattern), say) for pattern, say in self.patterns()]

    def marks(self) -> tuple[str, str]:
        try:
            locale = Locale.parse(self.language)
        except (UnknownLocaleError, ValueError):
            return ",", "."
        return get_group_symbol(locale), get_decimal_symbol(locale)

    def patterns(self) -> list:
        return [(rf"{START}{self.number}{END}", self.plain)]

    def words(self, number, **options) -> str:
        return num2words(number, lang=self.language, **options)

    def digits(self, written: str) -> str:
        return " ".join(self.words(int(d)) for d in written if d.isdigit())

    def value(self, written: str) -> Decimal:
        whole, _, fraction = self.parts.fullmatch(written).groups()
        return Decimal(re.sub(r"\D", "", whole) + "." + (fraction or "0"))

    def say(self, written: str, gender: str = "m", noun: bool = False) -> str:
        """Say a number; `gender` and `noun` tell what follows it (for agreement)."""
        if re.fullmatch(r"\d{6,}", written):  # a long ungrouped number is a code
            return self.digits(written)
        value = self.value(written)
        return self.words(value if self.parts.fullmatch(written)[3] else int(value))

    def noun_after(self, match: re.Match) -> str | None:  # the gender of a noun after it
        return None

    def plain(self, match: re.Match) -> str:
        gender = self.noun_after(match)
        return self.say(match[0], gender or "m", gender is not None)


class _Spoken(_Reader):  # the rules English and Spanish share, in their words
    to, joins, per, article, clock, column = "to", "to|and|or", "per", "", "", 0

    def patterns(self) -> list:
        n, months = self.number, _either(get_month_names("wide", locale=self.language).values())
        unit = rf"(?:{_either(SYMBOLS)})(?:/(?:{_either(PER)}))*(?![\w/°º])"
        am_pm = rf"(?P<ap>{SPACE}?(?P<half>[AaPp])\.?{SPACE}?[Mm](?!\w)\.?)"
        a_time = rf"(?=\d\d?(?::[0-5]\d|{SPACE}?[AaPp]\.?{SPACE}?[Mm](?!\w)))"  # "8:00", "8 am"
        return [
            (r"(?<![\w+-])(?:(?P<country>1)[-. ]?)?(?:\((?P<area>\d{3})\)" + SPACE + r"?"
             r"|(?P<area2>\d{3})[-. ])(?P<exchange>\d{3})[-. ](?P<line>\d{4}|[A-Z]{4,7})"
             r"(?![\w-])", self.phone),
            (rf"{START}{self.article}{a_time}(?P<h>[01]?\d|2[0-3])"
             rf"(?::(?P<m>[0-5]\d)(?!\d){self.clock})?{am_pm}?(?![\w:])", self.time),
            (self.date(months), self.day),
            (rf"{START}(?P<a>{n})(?:{SPACE}?(?P<ua>{unit}))?(?:{SPACE}?{DASH}{SPACE}?"
             rf"|{SPACE}+(?P<join>{self.joins}){SPACE}+)(?P<b>{n}){SPACE}?(?P<ub>{unit})"
             rf"|{START}(?P<n>{n}){SPACE}?(?P<u>{unit})", self.units),
            (self.ordinals, self.ordinal),
            (rf"{START}(?:{'|'.join(EMERGENCY)}){END}", lambda m: self.digits(m[0])),
            (rf"{START}({n}){SPACE}?{DASH}{SPACE}?({n}){END}", self.range),
            *super().patterns(),
        ]

    def phone(self, match: re.Match) -> str:
        area, line = match["area"] or match["area2"], match["line"]
        groups = [self.words(int(area)) if area == TOLL_FREE else self.digits(area),
                  self.digits(match["exchange"]), self.digits(line) if line.isdigit() else line]
        return ", ".join([self.words(1)] * bool(match["country"]) + groups)

    def unit(self, written: str) -> tuple[str, str, str, list[str]]:
        """Return a unit's singular, plural and gender, and what it is "per"."""
        first, *per = written.split("/")
        fields, at = UNITS[SYMBOLS[first]].split("|"), self.column
        return (fields[at], fields[at + 1], fields[4],
                [f"{self.per} {UNITS[PER[p]].split('|')[at]}" for p in per])

    def quantity(self, written: str, unit: str) -> str:
        singular, plural, gender, per = self.unit(unit)
        said = singular if written == "1" else plural
        return " ".join([self.say(written, gender, True), said, *per])

    def units(self, match: re.Match) -> str:
        if match["n"]:
            return self.quantity(match["n"], match["u"])
        join = (match["join"] or self.to).lower()
        if match["ua"] and self.unit(match["ua"]) != self.unit(match["ub"]):
            low = self.quantity(match["a"], match["ua"])
        else:  # "2 mg to 4 mg": "two to four milligrams"
            low = self.say(match["a"], self.unit(match["ub"])[2])
        return f"{low} {join} {self.quantity(match['b'], match['ub'])}"

    def range(self, match: re.Match) -> str:
        low, high = match.group(1), match.group(2)
        if self.value(low) >= self.value(high):
            return match[0]  # "3-2" is a score, not a range
        if low == "1" and re.fullmatch(r"8(00|([3-8])\2)", high):  # "a 1-800 number"
            return f"{self.words(1)} {self.words(800) if high == TOLL_FREE else self.digits(high)}"
        gender = self.noun_after(match)
        return f"{self.say(low, gender or 'm')} {self.to} " \
               f"{self.say(high, gender or 'm', gender is not None)}"


class _English(_Spoken):
    ordinals = rf"{START}(\d+)(?i:st|nd|rd|th)(?!\w)"

    def words(self, number, **options) -> str:
        return super().words(number, **options).replace(",", "")  # no pause inside a number

    def say(self, written: str, gender: str = "m", noun: bool = False) -> str:
        if not noun and re.fullmatch(r"19\d\d|20\d\d", written):  # "2024" is a year
            return self.words(int(written), to="year")
        return super().say(written)

    def date(self, months: str) -> str:
        return (rf"\b(?P<month>{months}){SPACE}+(?P<d>[12]\d|3[01]|[1-9])(?i:st|nd|rd|th)?"
                rf"(?!\d)(?:(?P<sep>,?{SPACE}+)(?P<y>\d{{4}})(?!\d))?")

    def day(self, match: re.Match) -> str:
        year = f"{match['sep']}{self.say(match['y'])}" if match["y"] else ""
        return f"{match['month']} {self.words(int(match['d']), to='ordinal')}{year}"

    def ordinal(self, match: re.Match) -> str:
        return self.words(int(match.group(1)), to="ordinal")

    def time(self, match: re.Match) -> str:
        hour, minutes = int(match["h"]), match["m"] or "00"
        said = [self.words(hour)]
        if minutes != "00":
            said.append(("oh " if minutes[0] == "0" else "") + self.words(int(minutes)))
        elif not match["ap"]:
            said.append("o'clock" if hour <= 12 else "hundred")
        if match["ap"]:
            said.append(f"{match['half'].lower()}.m.")
        return " ".join(said)


class _Spanish(_Spoken):
    to, joins, per, column = "a", "a|y|o", "por", 2  # column: Spanish words in UNITS
    article = rf"(?:(?P<art>\b[Ll]as?){SPACE}+)?"
    clock = rf"(?:{SPACE}?h(?!\w))?"  # "14:30 h"
    ordinals = rf"{START}(\d+)(?:\.?(?P<o>[ºª])|\.?(?P<er>er)(?!\w))"

    def marks(self) -> tuple[str, str]:
        return ".,\u00a0\u202f", ",."  # Spain's 1.000,5 and Mexico's 1,000.5 alike

    def say(self, written: str, gender: str = "m", noun: bool = False) -> str:
        said = super().say(written)
        if self.parts.fullmatch(written).group(2) == ",":
            return said.replace("punto", "coma")  # "0,5": "cero coma cinco"
        return said if gender == "n" or " punto " in said else agree(said, gender, noun)

    def noun_after(self, match: re.Match) -> str | None:
        found = re.match(r"\s+([^\W\d_]+)", match.string[match.end():])
        word = found.group(1).lower() if found else ""
        return gender_of(word) if word and word not in NOT_NOUNS else None

    def date(self, months: str) -> str:
        return rf"{START}1(?={SPACE}+de{SPACE}+(?:{months})\b)"

    def day(self, match: re.Match) -> str:
        return "primero"  # "el 1 de marzo" is "el primero de marzo"

    def ordinal(self, match: re.Match) -> str:
        words = self.words(int(match.group(1)), to="ordinal")
        if match["er"]:
            return re.sub(r"o$", "", words)  # "1.er piso": "primer piso"
        return re.sub(r"o\b", "a", words) if match["o"] == "ª" else words

    def time(self, match: re.Match) -> str:
        hour, minutes, half = int(match["h"]), match["m"] or "00", (match["half"] or "").lower()
        said = ["la" if hour == 1 else "las", agree(self.words(hour), "f", True)]
        if minutes != "00":
            said.append(f"y {self.words(int(minutes))}")
        if half:
            said.append(part_of_day(half, hour))
            if match["ap"].endswith(".") and not match.string[match.end():].strip():
                said[-1] += "."  # "a. m." ended the sentence: keep its full stop
        return " ".join(said)


def agree(words: str, gender: str, noun: bool) -> str:
    """Make num2words' Spanish number agree with its noun, as its own currencies do (RAE)."""
    found = re.fullmatch(r"(.*\bmill(?:ón|ones) )?(.*)", words)
    millions, rest = found.group(1) or "", found.group(2)
    if gender == "f":
        rest = re.sub(r"uno\b", "una", rest).replace("ientos", "ientas")
    else:
        rest = re.sub(r"uno(?= mil\b)", "un", rest)
        rest = re.sub(r"uno$", "un", rest) if noun else rest
    return re.sub(r"\bveintiun\b", "veintiún", millions + rest)


def part_of_day(half: str, hour: int) -> str:
    """Say "a. m." ("a") or "p. m." ("p") after a Spanish hour."""
    if half == "a":
        return "de la noche" if hour == 12 else "de la mañana"
    return "del mediodía" if hour == 12 else "de la tarde" if hour < 8 else "de la noche"


def gender_of(word: str) -> str:
    """Guess the gender of a Spanish noun: "f" or "m"."""
    if MASCULINE & {word, word[:-1]}:  # "día", "días"
        return "m"
    feminine_ending = word.endswith(("a", "as", "ión", "iones", "dad", "dades", "tud", "sis"))
    return "f" if FEMININE & {word, word[:-1], word[:-2]} or feminine_ending else "m"
