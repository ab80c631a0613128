"""Lists of article cards in pages (the index, a topic): a page's cards, where it stands among
the list's pages, and the languages in which the list has that page."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

PAGE_SIZE = 24  # cards a page: about 30 KB of HTML, so a page stays small at any library size
AROUND = 1  # page links shown on each side of the current one (and always the first and last)


@dataclass(frozen=True)
class CardPage:
    """Page `number` of `count` of a list: its (article, edition) cards and the languages in
    which the list has a page of that number."""

    cards: tuple
    number: int
    count: int
    languages: tuple[str, ...]

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.count else None

    def numbers(self) -> list[int | None]:
        """Return the page numbers to link, in order: the first, the last and those around
        this one, with None where numbers are left out."""
        shown = sorted({1, self.count, *range(max(1, self.number - AROUND),
                                              min(self.count, self.number + AROUND) + 1)})
        numbers: list[int | None] = []
        for number in shown:
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def page_count(cards: int) -> int:
    """Return how many pages a list of `cards` takes (one, even when empty)."""
    return max(1, -(-cards // PAGE_SIZE))


def card_page(lists: dict[str, list], lang: str, number: int) -> CardPage:
    """Return page `number` of the list in `lang`, given the list in each language that has
    it (`lists`); 404 when the list has no such page."""
    cards = lists.get(lang)
    if cards is None or not 1 <= number <= page_count(len(cards)):
        abort(404)
    start = (number - 1) * PAGE_SIZE
    return CardPage(tuple(cards[start:start + PAGE_SIZE]), number, page_count(len(cards)),
                    languages_with_page(lists, number))


def languages_with_page(lists: dict[str, list], number: int) -> tuple[str, ...]:
    """Return the languages in which a list (`lists`: its cards in each) has page `number`."""
    return tuple(code for code, cards in lists.items() if number <= page_count(len(cards)))
