"""Lists in the block walk (blocks.py): an item's paragraphs and a list inside an item.

Two levels are carried: a list, and a list inside one of its items. Every paragraph is a
block of its own, numbered from the list's id: `steps-2` (the second item), `steps-2-p2` (its
second paragraph), `steps-2-1` (the first item of a list inside it; the items of a second
inner list go on counting). Each block says which inner list it is in (`sublist`: the id of
its first item) and which paragraph of its item it is, so the page, the book and the voice
rebuild the items as written. A third level, or an item holding anything else than
paragraphs and a list, is refused with its line.
"""

from __future__ import annotations

from .errors import SourceError


class ListWalk:
    """The list part of the block walk (BlockWalk holds `tokens`, `counts`, `add`, `fail`)."""

    def list(self, index: int) -> int:
        token, end = self.tokens[index], self.close_of(index)
        self.counts["list"] += 1
        items = [i for i in range(index + 1, end) if self.tokens[i].type == "list_item_open"]
        first = next((self.tokens[i + 2] for i in items if self.tokens[i + 2].type == "inline"),
                     None)
        group = self.unit_id(token, first.content if first else str(index))
        self.items(index, group, f"list {self.counts['list']}", lambda count: f"{group}-{count}")
        return end + 1

    def items(self, index: int, group: str, where: str, item_id, sublist: str = "") -> None:
        """Add the items of the list at `index`: each paragraph a block, a list inside an item
        (`sublist` is set inside one) its items numbered from the item's id."""
        token = self.tokens[index]
        ordered = token.type == "ordered_list_open"
        number = int(token.attrs.get("start", 1)) if ordered else 0
        items = [i for i in range(index + 1, self.close_of(index))
                 if self.tokens[i].type == "list_item_open" and
                 self.tokens[i].level == token.level + 1]
        for count, item in enumerate(items, start=1):
            block_id, paragraphs, inner, lists = item_id(count), 0, 0, 0
            position, close = item + 1, self.close_of(item)
            if self.tokens[position].type != "paragraph_open":
                raise self.fail(self.tokens[item], "a list item that does not start with its "
                                "text cannot be carried", "Write the item's words on the line "
                                "of its number or bullet")
            while position < close:
                part = self.tokens[position]
                if part.attrs.get("id"):  # on the line right before `part`
                    raise SourceError(f"{self.label}:{part.map[0]}: '{{#{part.attrs['id']}}}' "
                                      "inside a list item marks no block. Remove it: the items "
                                      "of a list take their ids from the id line before the list")
                if part.type == "paragraph_open":
                    paragraphs += 1
                    self.add(part, "item", self.text(position + 1),
                             block_id if paragraphs == 1 else f"{block_id}-p{paragraphs}",
                             where=f"{where}, item {count}" + (
                                 f", paragraph {paragraphs}" if paragraphs > 1 else ""),
                             group=group, sublist=sublist,
                             paragraph=paragraphs if paragraphs > 1 else 0,
                             number=number + count - 1 if ordered and paragraphs == 1 else 0)
                elif part.type in ("bullet_list_open", "ordered_list_open") and not sublist:
                    first, taken = f"{block_id}-{inner + 1}", inner
                    lists += 1
                    named = "inner list" if lists == 1 else f"inner list {lists}"
                    self.items(position, group, f"{where}, item {count}, {named}",
                               lambda n, base=block_id, taken=taken: f"{base}-{taken + n}",
                               first)
                    inner += sum(1 for t in self.tokens[position:self.close_of(position)]
                                 if t.type == "list_item_open" and t.level == part.level + 1)
                elif part.type == "footnote_reference_open":
                    self.note(position)  # refused: a note belongs at the start of a line
                elif part.type in ("bullet_list_open", "ordered_list_open"):
                    raise self.fail(part, "a list inside a list inside a list is deeper than "
                                    "the library carries", "Keep to two levels: make these "
                                    "items sentences of the item above them, or a list of "
                                    "their own after the list")
                else:
                    raise self.fail(part, "a list item holding a table, a quote, a heading or "
                                    "code cannot be carried", "Give items paragraphs and "
                                    "lists only; put the rest after the list")
                position = self.close_of(position) + 1
