"""What every reader shares: plain numbers in words (Reader), and the rules English and
Spanish share, in their own words (Spoken), in the order they apply; each consumes the text
it reads, so a later rule never reads it again."""

from __future__ import annotations

import re
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import get_day_names, get_month_names
from babel.numbers import get_decimal_symbol, get_group_symbol
from num2words import num2words

from . import contacts, money, slashes, symbols
from .units import PER, SYMBOLS, UNITS

EMERGENCY = ("911", "988", "112", "999", "9-1-1")
TOLL_FREE = "800"  # said as a number ("eight hundred"); other groups digit by digit
SPACE = r"[ \u00a0\u202f]"
DASH = r"[-\u2010\u2011\u2013\u2014]"
START = r"(?<![\w$€£#/.,:\u2010\u2011\u2013\u2014-])"  # not inside a number, word or price
END = rf"(?![\w/%°]|[.,:]\d|{SPACE}?{DASH}{SPACE}?\d)"


def either(words) -> str:
    """Return a pattern matching any of `words`, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class Reader:
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
        if re.fullmatch(r"\d{6,}|0\d+", written):  # a long or zero-led number is a code
            return self.digits(written)
        value = self.value(written)
        return self.words(value if self.parts.fullmatch(written)[3] else int(value))

    def noun_after(self, match: re.Match) -> str | None:  # the gender of a noun after it
        return None

    def plain(self, match: re.Match) -> str:
        gender = self.noun_after(match)
        return self.say(match[0], gender or "m", gender is not None)


class Spoken(Reader):  # the rules English and Spanish share, in their words
    to, joins, per, article, clock, column = "to", "to|and|or", "per", "", "", 0

    def patterns(self) -> list:
        n, months = self.number, either(get_month_names("wide", locale=self.language).values())
        unit = rf"(?:{either(SYMBOLS)})(?:/(?:{either(PER)}))*(?![\w/°º])"
        am_pm = rf"(?P<ap>{SPACE}?(?P<half>[AaPp])\.?{SPACE}?[Mm](?!\w)\.?)"
        a_time = rf"(?=\d\d?(?::[0-5]\d|{SPACE}?[AaPp]\.?{SPACE}?[Mm](?!\w)))"  # "8:00", "8 am"
        return [
            *contacts.rules(self),
            (r"(?<![\w+-])(?:(?P<country>1)[-. ]?)?(?:\((?P<area>\d{3})\)" + SPACE + r"?"
             r"|(?P<area2>\d{3})[-. ])(?:(?P<exchange>\d{3})[-. ](?P<line>\d{4}|[A-Z]{4,7})"
             r"|(?P<letters>[A-Z]{2,}(?:-[A-Z]{2,})+|[A-Z]{4,}))(?:" + SPACE +
             r"?\((?P<echo>\d[\d-]{3,8})\))?(?![\w-])", self.phone),
            *money.rules(self),
            *slashes.date_rules(self),
            (rf"(?<=[Mm]\.|\d\d){SPACE}?{DASH}{SPACE}?(?=\d\d?(?::\d\d|{SPACE}?[AaPp]\.?"
             rf"{SPACE}?[Mm]\b))", f" {self.to} "),
            (rf"\b(?P<a>{self.weekdays}){SPACE}?{DASH}{SPACE}?(?P<b>{self.weekdays})\b",
             rf"\g<a> {self.to} \g<b>"),
            (rf"{START}{self.article}{a_time}(?P<h>[01]?\d|2[0-3])"
             rf"(?::(?P<m>[0-5]\d)(?!\d){self.clock})?{am_pm}?(?![\w:])", self.time),
            (self.date(months), self.day),
            *slashes.rules(self),
            *symbols.rules(self),
            (rf"{START}(?P<a>{n})(?:{SPACE}?(?P<ua>{unit}))?(?:{SPACE}?{DASH}{SPACE}?"
             rf"|{SPACE}+(?P<join>{self.joins}){SPACE}+)(?P<b>{n}){SPACE}?(?P<ub>{unit})"
             rf"|{START}(?P<n>{n}){SPACE}?(?P<u>{unit})", self.units),
            (self.ordinals, self.ordinal),
            (rf"{START}(?:{'|'.join(EMERGENCY)}){END}", lambda m: self.digits(m[0])),
            (rf"{START}({n}){SPACE}?{DASH}{SPACE}?({n}){END}", self.range),
            *self.more(),
            *super().patterns(),
        ]

    def more(self) -> list:  # a language's own rules, before plain numbers
        return []

    @property
    def weekdays(self) -> str:
        return f"(?:{either(get_day_names('wide', locale=self.language).values())})"

    def phone(self, match: re.Match) -> str:
        area, line = match["area"] or match["area2"], match["line"]
        groups = [self.words(int(area)) if area == TOLL_FREE else self.digits(area)]
        if match["letters"]:  # "1-877-SAFE-NOW": its words, as written
            groups.append(match["letters"].replace("-", " "))
        else:
            groups += [self.digits(match["exchange"]),
                       self.digits(line) if line.isdigit() else line]
        said = ", ".join([self.words(1)] * bool(match["country"]) + groups)
        if match["echo"]:  # "(7233)": the digits the letters stand for, one by one
            said += f" ({', '.join(self.digits(g) for g in match['echo'].split('-'))})"
        return said

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


