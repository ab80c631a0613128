"""E-mail and web addresses read as a person reads them aloud ("help at example dot org"), and
phone numbers with a country code ("+52 55 1234 5678": "plus fifty-two, five five, ...")."""

from __future__ import annotations

import re

# How each mark of an address is said, per language.
WORDS = {
    "en": {"@": "at", ".": "dot", "/": "slash", "-": "dash", "_": "underscore", "+": "plus",
           "www": "w w w"},
    "es": {"@": "arroba", ".": "punto", "/": "diagonal", "-": "guion", "_": "guion bajo",
           "+": "más", "www": "doble u doble u doble u"},
}
DOMAINS = "org|com|gov|net|edu|info|mx|us|es|io|health|care"
LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
EMAIL = rf"(?<![\w.+-])[\w+-]+(?:\.[\w+-]+)*@{LABEL}(?:\.{LABEL})+(?<!\.)"
WEB = (rf"(?<![\w@.])(?:https?://)?(?:www\.)?{LABEL}(?:\.{LABEL})*\.(?i:{DOMAINS})"
       rf"(?![\w@])(?:/[\w/.-]*[\w/])?")
COUNTRY = r"(?<![\w+])\+(?P<code>\d{1,3})(?P<rest>(?:[ .-]\(?\d{1,4}\)?){2,5})(?![\w-])"


def rules(reader) -> list:
    """Return the address and country-code rules of `reader`'s language."""
    words = WORDS[reader.language[:2]]

    def address(match: re.Match) -> str:
        text = re.sub(r"^https?://", "", match[0], flags=re.IGNORECASE).rstrip("/")
        said = []
        for part in re.split(r"([@./_+-])", text):
            if part.lower() == "www":
                said.append(words["www"])
            elif part in words:
                said.append(words[part])
            elif part:  # "988lifeline": its number apart from its word
                said.append(re.sub(r"(?<=\d)(?=[^\W\d])|(?<=[^\W\d])(?=\d)", " ", part))
        return " ".join(said)

    def country(match: re.Match) -> str:
        groups = re.findall(r"\d+", match["rest"])
        return ", ".join([f"{words['+']} {reader.words(int(match['code']))}", *(
            reader.words(800) if g == "800" else reader.digits(g) for g in groups)])

    return [(EMAIL, address), (WEB, address), (COUNTRY, country)]
