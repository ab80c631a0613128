"""Spanish nouns for numbers that agree with them: a noun's gender, guessed from its ending and
a few exceptions, and num2words' number made to agree ("una tableta", "veintiún días")."""

from __future__ import annotations

import re

# Spanish nouns: masculine ones ending in -a or -sis, feminine ones not ending in -a.
MASCULINE = set("día mapa problema programa sistema tema síntoma idioma clima esquema diagrama "
                "trauma análisis".split())
FEMININE = set("vez veces noche parte clase fase leche mano gente piel nariz voz luz mujer".split())
NOT_NOUNS = set("de del a al y o u e en por para con que entre hasta sobre sin cada".split())


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


def gender_of(word: str) -> str:
    """Guess the gender of a Spanish noun: "f" or "m"."""
    if MASCULINE & {word, word[:-1]}:  # "día", "días"
        return "m"
    feminine_ending = word.endswith(("a", "as", "ión", "iones", "dad", "dades", "tud", "sis"))
    return "f" if FEMININE & {word, word[:-1], word[:-2]} or feminine_ending else "m"
