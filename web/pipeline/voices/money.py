"""Money said in words: "$5" is "five dollars", "$3.25" "three dollars and twenty-five cents",
"$200 MXN" "two hundred Mexican pesos"; a range of prices says its currency once."""

from __future__ import annotations

import re

# Per language: each currency's singular and plural, then the cents' and how they join.
WORDS = {
    "en": {"$": ("dollar", "dollars"), "US$": ("US dollar", "US dollars"),
           "MXN": ("Mexican peso", "Mexican pesos"), "pesos": ("peso", "pesos"),
           "cents": ("cent", "cents"), "and": "and"},
    "es": {"$": ("dólar", "dólares"), "US$": ("dólar estadounidense", "dólares estadounidenses"),
           "MXN": ("peso mexicano", "pesos mexicanos"), "pesos": ("peso", "pesos"),
           "cents": ("centavo", "centavos"), "and": "con"},
}
AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d\d)?(?!\d)|\d+(?:\.\d\d)?(?![\d,]\d)"
NAMES = {"dollars": "$", "dólares": "$", "USD": "US$", "pesos": "pesos", "MXN": "MXN"}
PRICE = (rf"(?<![\w$])(?P<pre>US\$|USD ?\$?|MXN ?\$?|\$)(?P<a>{AMOUNT})"
         rf"(?:(?P<join> ?[-\u2013\u2014] ?| (?:to|and|or|a|y|o) )(?:US\$|\$)?(?P<b>{AMOUNT}))?"
         rf"(?: (?P<post>{'|'.join(NAMES)})\b)?"
         rf"|(?<![\w$.,])(?P<a2>{AMOUNT}) (?P<post2>MXN|USD)\b")


def rules(reader) -> list:
    """Return the price rule of `reader`'s language."""
    words = WORDS[reader.language[:2]]

    def amount(written: str, currency: str, named: bool = True) -> str:
        whole, _, cents = written.replace(",", "").partition(".")
        units, hundredths = int(whole), int(cents or 0)
        said = []
        if units or not hundredths:
            singular, plural = words[currency]
            number = reader.say(str(units), "m", True)
            said.append(f"{number} {singular if units == 1 else plural}" if named else number)
        if hundredths:
            singular, plural = words["cents"]
            said.append(f"{reader.say(str(hundredths), 'm', True)} "
                        f"{singular if hundredths == 1 else plural}")
        return f" {words['and']} ".join(said)

    def price(match: re.Match) -> str:
        if match["a2"]:
            return amount(match["a2"], NAMES[match["post2"]])
        pre = match["pre"]
        written = "US$" if pre.startswith("US") else "MXN" if pre.startswith("MXN") else "$"
        currency = NAMES.get(match["post"] or "", written)
        if not match["b"]:
            return amount(match["a"], currency)
        join = match["join"].strip(" -\u2013\u2014") or reader.to
        whole = "." not in match["a"] + match["b"]  # "$5–$10": "five to ten dollars"
        return f"{amount(match['a'], currency, not whole)} {join} {amount(match['b'], currency)}"

    return [(PRICE, price)]
