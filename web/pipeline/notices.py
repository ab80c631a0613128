"""Warnings for staff: one value, returned in results, printed only by the command line.

A `Notice` says where, what, and (when there is something to do) what to do; the command line
prints each as `Warning: <where>: <what>. <what to do>`. Pipeline code never prefixes, prints
or logs them for staff: it returns them, and `--strict` is decided once, by `Notices`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import BuildError


@dataclass(frozen=True)
class Notice:
    """A warning: something staff should know, which does not stop the command."""

    where: str  # a file (and line), or the article and language it is about
    what: str
    todo: str = ""  # what to do about it, as a sentence

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{where}{self.what}" + (f". {self.todo}" if self.todo else "")

    @classmethod
    def parse(cls, message: str) -> Notice:
        """Return the notice of a message written as `<where>: <what>`."""
        where, _, what = message.partition(": ")
        return cls(where, what) if what else cls("", message)

    def as_json(self) -> dict:
        return {"where": self.where, "what": self.what, "todo": self.todo}


def notices_from_json(items) -> list[Notice]:
    """Return the notices `as_json()` kept."""
    return [Notice(**item) for item in items]


class Notices(list):
    """The warnings of one build, in order; with `strict`, the first one fails it."""

    def __init__(self, strict: bool):
        super().__init__()
        self.strict = strict

    def add(self, found) -> None:
        """Take the notices `found`; with `strict`, raise BuildError naming the first of all."""
        self.extend(found)
        if self.strict and self:
            more = f" (and {len(self) - 1} more)" if len(self) > 1 else ""
            raise BuildError(f"--strict: {self[0]}{more}. Fix this, or build without --strict.")


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """Return '1 clip' or '2 clips' ('1 entry', '2 entries' with `plural_form`)."""
    return f"{count} {noun if count == 1 else plural_form or noun + 's'}"
