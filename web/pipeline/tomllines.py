"""Where each key and table of a TOML file is written, for messages (tomllib keeps no positions)."""

from __future__ import annotations

import re
import tomllib

# A bare or quoted key part; dotted keys are several parts.
_PART = r"""[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*'"""
_KEY = rf"(?:{_PART})(?:\s*\.\s*(?:{_PART}))*"
_HEADER = re.compile(rf"\s*\[\[?\s*(?P<key>{_KEY})\s*\]\]?\s*(?:#.*)?$")
_ASSIGNMENT = re.compile(rf"\s*(?P<key>{_KEY})\s*=(?P<value>.*)$")


class KeyLines:
    """The line of every table header and key of a valid TOML text, by its path of names."""

    def __init__(self, text: str):
        self._lines: list[tuple[tuple[str, ...], int]] = []
        table: tuple[str, ...] = ()
        scanner = _ValueScanner()
        for number, line in enumerate(text.splitlines(), start=1):
            if scanner.inside:  # a line of a multi-line array, table or string
                scanner.scan(line)
                continue
            header = _HEADER.match(line)
            assignment = None if header else _ASSIGNMENT.match(line)
            if header:
                table = _split_key(header["key"])
                self._lines.append((table, number))
            elif assignment:
                self._lines.append((table + _split_key(assignment["key"]), number))
                scanner.scan(assignment["value"])

    def line(self, path: tuple[str, ...]) -> int:
        """Return the line that defines `path`, else its nearest enclosing key or table (1 if
        none): a key inside an inline table is on the line of that table's key."""
        for length in range(len(path), 0, -1):
            found = [n for p, n in self._lines if p[:length] == tuple(path[:length])]
            if found:
                return min(found)
        return 1


def _split_key(key: str) -> tuple[str, ...]:
    """Return the names of a dotted key, quotes removed."""
    return tuple(tomllib.loads(f"k = {part}")["k"] if part[0] in "\"'" else part
                 for part in re.findall(_PART, key))


class _ValueScanner:
    """Follows brackets and strings across lines, so that lines inside a value are not read as
    keys."""

    def __init__(self):
        self.depth = 0
        self.string: str | None = None  # the delimiter of an open multi-line string

    @property
    def inside(self) -> bool:
        return bool(self.depth or self.string)

    def scan(self, text: str) -> None:
        index = 0
        while index < len(text):
            if self.string:
                end = text.find(self.string, index)
                if end < 0:
                    return
                index, self.string = end + 3, None
                continue
            char = text[index]
            if text.startswith(('"""', "'''"), index):
                self.string, index = text[index:index + 3], index + 3
            elif char in "\"'":
                found = re.compile(r'"(?:[^"\\]|\\.)*"' if char == '"' else r"'[^']*'").match(
                    text, index)
                index = found.end() if found else len(text)
            elif char == "#":
                return
            else:
                self.depth += (char in "[{") - (char in "]}")
                index += 1
