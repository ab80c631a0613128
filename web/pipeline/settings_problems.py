"""The settings check's problems, each on the line of the key it is about, and their
wording: values shown as staff wrote them, the closest valid name suggested."""

from __future__ import annotations

import difflib
import math

from .errors import SettingsError
from .tomllines import KeyLines

KINDS = {str: "text in quotes", int: "a whole number", float: "a number", list: "a list",
         dict: "a table"}


class Problems:
    """Problems found so far in the file `label` names, each with the line it is on."""

    def __init__(self, lines: KeyLines, label: str):
        self.lines, self.label = lines, label
        self.problems: list[tuple[int, str]] = []

    def add(self, path: tuple[str, ...], message: str) -> None:
        self.problems.append((self.lines.line(path), message))

    def unknown(self, path: tuple[str, ...], where: str, kind: str, name: str, choices) -> None:
        """Report an unknown name, suggesting the closest of `choices`."""
        self.add(path, f"{where}{': ' if where else ''}unknown {kind} '{name}'. "
                       f"{suggestion(name, choices)}")

    def kind(self, path: tuple[str, ...], label: str, value, kind: type, example: str) -> bool:
        """Report `value` unless it is of `kind` (a float may be written as a whole number)."""
        fits = (not isinstance(value, bool) and
                (isinstance(value, int | float) if kind is float else isinstance(value, kind)))
        if not fits:
            self.add(path, f"{label} must be {KINDS[kind]}, not {shown(value)}. "
                           f"Write, for example, {example}.")
        elif isinstance(value, int | float) and not (math.isfinite(value) and value >= 0):
            # 1e400 reads as infinity; no setting here is negative (a timeout, a speed, a rate).
            self.add(path, f"{label} must be a number from 0 up, not {value}. "
                           f"Write, for example, {example}.")
            return False
        return fits

    def not_a_language(self, path: tuple[str, ...], where: str, code: str, languages,
                       remove: str) -> None:
        self.add(path, f"{where}: '{code}' is not a language of the library "
                       f"({', '.join(languages)}). Add it to languages, or remove {remove}.")

    def raise_any(self) -> None:
        if self.problems:
            by_line = sorted(self.problems, key=lambda problem: problem[0])
            raise SettingsError("\n".join(f"{self.label}:{line}: {message}"
                                          for line, message in by_line))


def suggestion(name: str, choices) -> str:
    """Return "Did you mean …?" with the closest of `choices`, else the choices to use."""
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.6)
    return (f"Did you mean '{close[0]}'?" if close else
            f"Use one of: {', '.join(choices)}." if choices else "Remove it.")


def shown(value) -> str:
    """Return a value as staff wrote it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, list | dict):
        return KINDS[type(value)]
    return str(value)
