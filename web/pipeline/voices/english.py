"""English as a careful reader says it: years, house numbers, dates, ordinals, clock times."""

from __future__ import annotations

import re

from .readers import SPACE, START, Spoken

COMPASS = "North|South|East|West|Northeast|Northwest|Southeast|Southwest"
STREETS = ("Street|Avenue|Boulevard|Road|Drive|Lane|Court|Way|Place|Parkway|Highway|Circle|"
           "Terrace|Trail|Plaza")


class English(Spoken):
    ordinals = rf"{START}(\d+)(?i:st|nd|rd|th)(?!\w)"

    def words(self, number, **options) -> str:
        return super().words(number, **options).replace(",", "")  # no pause inside a number

    def say(self, written: str, gender: str = "m", noun: bool = False) -> str:
        if not noun and re.fullmatch(r"19\d\d|20\d\d", written):  # "2024" is a year
            return self.words(int(written), to="year")
        return super().say(written)

    def more(self) -> list:
        return [(rf"{START}[1-9]\d{{2,3}}(?={SPACE}+(?:{COMPASS}{SPACE}+[A-Z]|(?:[A-Z][\w']*"
                 rf"{SPACE}+){{1,3}}(?:{STREETS})\b))", self.house)]

    def house(self, match: re.Match) -> str:
        """Say a house number as people do: "1450" is "fourteen fifty", "305" "three oh five"."""
        return self.words(int(match[0]), to="year").replace("oh-", "oh ")

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


