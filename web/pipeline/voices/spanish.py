"""Spanish as a careful reader says it: numbers agreeing with their noun, the writer's
decimal mark, dates, ordinals ("2.ª", "1.er") and clock times ("a las 8:00 a. m.")."""

from __future__ import annotations

import re

from .nouns import NOT_NOUNS, agree, gender_of
from .readers import SPACE, START, Spoken


class Spanish(Spoken):
    to, joins, per, column = "a", "a|y|o", "por", 2  # column: Spanish words in UNITS
    article = rf"(?:(?P<art>\b[Ll]as?){SPACE}+)?"
    clock = rf"(?:{SPACE}?h(?!\w))?"  # "14:30 h"
    ordinals = rf"{START}(\d+)(?:\.?(?P<o>[ºª])|\.?(?P<er>er)(?!\w))"

    def marks(self) -> tuple[str, str]:
        return ".,\u00a0\u202f", ",."  # Spain's 1.000,5 and Mexico's 1,000.5 alike

    def say(self, written: str, gender: str = "m", noun: bool = False) -> str:
        whole, mark, fraction = self.parts.fullmatch(written).groups()
        if mark and not re.fullmatch(r"\d{6,}", written):
            # The writer's mark is said ("0.25": "cero punto veinticinco"; "0,5": "cero coma
            # cinco"), and the decimals as a number, each leading zero said.
            zeros = len(fraction) - len(fraction.lstrip("0"))
            said = [self.words(0)] * zeros + ([self.words(int(fraction))] if fraction.strip("0")
                                              else [])
            return " ".join([self.say(whole, "m"), "punto" if mark == "." else "coma", *said])
        said = super().say(written)
        return said if gender == "n" else agree(said, gender, noun)

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


def part_of_day(half: str, hour: int) -> str:
    """Say "a. m." ("a") or "p. m." ("p") after a Spanish hour."""
    if half == "a":
        return "de la noche" if hour == 12 else "de la mañana"
    return "del mediodía" if hour == 12 else "de la tarde" if hour < 8 else "de la noche"
