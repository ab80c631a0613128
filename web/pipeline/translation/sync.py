"""One catalog brought in line with its template, by msgctxt (the block id), never by Babel's
fuzzy matching (it ignores msgctxt): a block whose English changed keeps its old translation,
marked fuzzy with the old English as `#| msgid` (stale); a block that disappeared becomes
obsolete (`#~`) and is kept, so it gets its translation back if it returns; nothing reviewed is
ever dropped unless staff purge the obsolete entries on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from ..plaintext import normalize_text
from .catalogs import is_machine_made


@dataclass
class CatalogChange:
    """What `extract` did, or would do, to one file."""

    path: Path
    new: list[str] = field(default_factory=list)  # block ids
    stale: list[str] = field(default_factory=list)
    obsolete: list[str] = field(default_factory=list)  # retired now: kept as `#~` entries
    renamed: list[str] = field(default_factory=list)  # "new-id (was old-id)"
    restored: list[str] = field(default_factory=list)  # given back their `#~` translation
    kept: int = 0  # obsolete entries still kept, for a block that may come back
    purged: int = 0  # obsolete entries dropped on purpose (extract --purge-obsolete)
    written: bool = False


def sync_catalog(catalog: Catalog, template: Catalog,
                 purge: bool = False) -> tuple[Catalog, CatalogChange]:
    """Return `catalog` brought in line with `template`, carrying entries over by msgctxt.

    Obsolete entries are kept (unless `purge`): a block that comes back, by its id or its
    English, gets its old translation back, as it was when its English is the same and as a
    stale suggestion otherwise.
    """
    change = CatalogChange(Path())
    contexts = {m.context for m in template if m.id}
    old = {m.context: m for m in catalog if m.id and m.context}
    # A block whose id changed but whose English did not (a renamed or mistyped id) keeps its
    # translation: the English it was made for is the same.
    vanished = {m.id: m for c, m in reversed(old.items()) if c not in contexts and m.string}
    retired = [m for m in catalog.obsolete.values() if m.string]
    synced = Catalog(locale=catalog.locale, domain=catalog.domain, fuzzy=False,
                     header_comment=catalog.header_comment)
    synced.mime_headers = catalog.mime_headers
    synced.extra_headers = getattr(catalog, "extra_headers", [])  # the reviewer, say
    synced.project, synced.version = template.project, template.version
    synced.creation_date = template.creation_date
    for entry in template:
        if not entry.id:
            continue
        message = Message(entry.id, "", locations=entry.locations, context=entry.context,
                          auto_comments=entry.auto_comments)
        previous = old.pop(entry.context, None)
        if previous is None and entry.id in vanished:
            previous = old.pop(vanished.pop(entry.id).context)
            change.renamed.append(f"{entry.context} (was {previous.context})")
        if previous is None:
            previous = _comes_back(entry, retired)
            if previous is not None:
                change.restored.append(entry.context)
        if previous is None:
            change.new.append(entry.context)
        elif previous.string:
            message.string = previous.string
            message.user_comments = previous.user_comments
            message.flags = set(previous.flags)
            # A translator who cleared the fuzzy flag reviewed against the current English.
            message.previous_id = previous.previous_id if previous.fuzzy else []
            if _english_is_back(previous, entry):  # reviewed for this very English
                message.flags.discard("fuzzy")
                message.previous_id = []
                change.restored.append(entry.context)
            # Straightened quotes or plain spaces (as an import writes them) change what no
            # translation says.
            elif normalize_text(previous.id) != normalize_text(entry.id):
                change.stale.append(entry.context)
                message.flags.add("fuzzy")
                # Keep the English the translation was made for, for the translator to compare.
                message.previous_id = message.previous_id or [previous.id]
        synced[entry.id] = message
    for key, message in catalog.obsolete.items():
        if message.string and not any(message is m for m in retired):
            continue  # given back to the block it translated
        if not message.string and message.context in contexts:
            continue  # nothing to give back, and its block is here again
        if purge:
            change.purged += 1
        else:
            synced.obsolete[key] = message
            change.kept += 1
    for context, message in old.items():
        if message.string:
            change.obsolete.append(context)
            synced.obsolete[(message.id, context)] = message
    return synced, change


def _english_is_back(previous: Message, entry: Message) -> bool:
    """Return whether a stale translation was reviewed for the English the block has again
    (an edit undone); a machine draft or a memory suggestion stays one."""
    return bool(previous.fuzzy and previous.previous_id and not is_machine_made(previous)
                and normalize_text(previous.previous_id[0]) == normalize_text(entry.id))


def _comes_back(entry: Message, retired: list[Message]) -> Message | None:
    """Take from `retired` the obsolete entry of a block that is back: the one with its id,
    else one made for its English; None if there is none."""
    found = next((m for m in retired if m.context == entry.context), None) or next(
        (m for m in retired if normalize_text(m.id) == normalize_text(entry.id)), None)
    if found is not None:
        retired.remove(found)
    return found
