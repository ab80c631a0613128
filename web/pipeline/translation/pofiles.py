"""PO files on disk: read strictly (file:line on errors), written the same way every time."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

from babel import UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.pofile import (
    PoFileError,
    denormalize,
    normalize,
    read_po,
    unescape,
    write_po,
)

from ..errors import CatalogError
from ..settings import Settings
from ..textfiles import decode_text

PASSED_NAME = "po-files-msgfmt-passed.txt"


def read_catalog(path: Path, settings: Settings, language: str | None = None) -> Catalog:
    """Parse a PO or POT file; raise CatalogError with file:line on a syntax error."""
    label = settings.relative(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogError(f"{label}: cannot read: {error.strerror}. Check the file.") from None
    text = decode_text(data, label, CatalogError)  # a BOM or UTF-16 as some editors save it
    check_po_lines(text, label)
    check_po_syntax(text.encode("utf-8"), label, settings.cache_dir)
    try:
        catalog = read_po(text.splitlines(), locale=language, abort_invalid=True)
    except PoFileError as error:
        # Babel counts lines from 0 and puts that count in its message ("... on 35").
        what = re.sub(r" on \d+$", "", _first_line(error))
        raise CatalogError(f"{label}:{error.lineno + 1}: {what}. Fix the PO syntax and run "
                           "the command again.") from None
    except (ValueError, UnknownLocaleError) as error:
        raise CatalogError(f"{label}: cannot be read as a PO file ({_first_line(error)}). "
                           "Save it as UTF-8 in PO format.") from None
    catalog.extra_headers = extra_headers(text)
    previous = previous_msgids(text)
    for message in catalog:
        # Babel reads `#|` lines as translator comments; they are the previous msgid.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        if message.context in previous:
            message.previous_id = [previous[message.context]]
    return catalog


_PO_KEYWORD = r"(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s*)?"
_PO_LINE = re.compile(rf'\s*(?:#.*|{_PO_KEYWORD}"(?:[^"\\]|\\.)*"\s*|)')
# The same line with curly quotes around its text, as a word processor types them.
_CURLY_LINE = re.compile(rf'\s*{_PO_KEYWORD}["“”„](?:[^"\\]|\\.)*["”“]\s*')


def check_po_lines(text: str, label: str) -> None:
    """Refuse the first line that is not a comment, a keyword and its text in quotes, or text
    in quotes: msgfmt and Babel put curly quotes around a text (msgstr “…”) on the wrong line,
    or take them."""
    for number, line in enumerate(text.splitlines(), start=1):
        if _PO_LINE.fullmatch(line):
            continue
        if _CURLY_LINE.fullmatch(line):
            raise CatalogError(f"{label}:{number}: the text is between curly quotes (“ ”); the "
                               "PO format needs straight ones (\"). Type \" at its start and end "
                               "(curly quotes inside the text are fine).")
        raise CatalogError(f"{label}:{number}: is not a PO line (a keyword such as msgid or "
                           "msgstr and its text in quotes, a line of text in quotes, or a # "
                           "comment). Fix it, writing a quote inside the text as \\\".")


@cache
def _passed(cache_dir: Path) -> set[str]:
    """Return the hashes of the PO files msgfmt has passed, as the cache folder keeps them."""
    try:
        return set((cache_dir / PASSED_NAME).read_text(encoding="ascii").split())
    except (OSError, UnicodeDecodeError):
        return set()


def check_po_syntax(data: bytes, label: str, cache_dir: Path) -> None:
    """Run gettext's msgfmt --check, which is stricter than Babel's reader, when it is here.

    Its verdict depends on the content alone, so a content it passed is not checked again
    (the hashes are kept in the cache folder): a command reads hundreds of catalogs.
    """
    digest = hashlib.sha256(data).hexdigest()
    passed = _passed(cache_dir)
    if digest in passed or not shutil.which("msgfmt"):
        return
    result = subprocess.run(["msgfmt", "--check-format", "--check-header", "-o", os.devnull,
                             "-"], input=data, capture_output=True)
    if result.returncode == 0:
        passed.add(digest)
        cache_dir.mkdir(parents=True, exist_ok=True)
        with open(cache_dir / PASSED_NAME, "a", encoding="ascii") as handle:
            handle.write(digest + "\n")  # one short append: concurrent commands cannot tear it
        return
    errors = result.stderr.decode("utf-8", errors="replace")
    found = re.search(r":(\d+): (.+)", errors)
    line, what = (found.group(1), found.group(2)) if found else ("1", errors.strip())
    raise CatalogError(f"{label}:{line}: {what}. Fix the PO syntax and run the command again.")


def extra_headers(text: str) -> list[tuple[str, str]]:
    """Return the header fields of a PO file that Babel drops (`X-…`, such as the reviewer
    and the date of review), in their order, so a rewrite keeps them."""
    lines, found = iter(text.splitlines()), []
    for line in lines:
        if line.startswith("msgstr "):
            parts = [line[len("msgstr "):]]
            parts += [next_line for next_line in _quoted(lines)]
            for field in denormalize("\n".join(parts)).split("\n"):
                key, colon, value = field.partition(":")
                if colon and key.startswith("X-"):
                    found.append((key.strip(), value.strip()))
            break
    return found


def _quoted(lines):
    """Yield the lines that continue a PO string (each in quotes), stopping at the first
    that does not."""
    for line in lines:
        if not line.startswith('"'):
            return
        yield line


def previous_msgids(text: str) -> dict[str, str]:
    """Return the previous English (`#| msgid`) of each stale entry by msgctxt.

    Babel's reader drops these lines; they tell a stale entry from a machine draft.
    """
    found, context, parts = {}, None, None
    for line in text.splitlines():
        if line.startswith("#| msgctxt "):
            context, parts = unescape(line[len("#| msgctxt "):]), None
        elif line.startswith("#| msgid ") and context is not None:
            parts = [line[len("#| msgid "):]]
        elif line.startswith('#| "') and parts is not None:
            parts.append(line[len("#| "):])
        elif parts is not None:
            found[context] = denormalize("\n".join(parts))
            context, parts = None, None
    return found


def render_catalog(catalog: Catalog) -> bytes:
    """Serialise a catalog the same way every time (template order, previous msgids kept).

    Babel wraps a long previous msgid (`#| msgid`) into lines gettext cannot read, so those
    lines are written here, before each entry's msgctxt, the way msgmerge writes them.
    """
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, omit_header=False, include_previous=False)
    text = buffer.getvalue().decode("utf-8")
    extras = "".join(normalize(f"{key}: {value}\n", width=0).removeprefix('""\n') + "\n"
                     for key, value in getattr(catalog, "extra_headers", ()))
    if extras:  # after the last header line Babel wrote (its fields end with \n")
        end = text.index("\n\n")
        text = f"{text[:end + 1]}{extras}{text[end + 1:]}"
    for message in catalog:
        if message.id and message.previous_id and message.context:
            previous = normalize(message.previous_id[0], prefix="#| ", width=76)
            anchor = f"msgctxt {normalize(message.context, width=76)}\n"
            text = text.replace(anchor, f"#| msgctxt {normalize(message.context)}\n"
                                        f"#| msgid {previous}\n{anchor}", 1)
    return text.encode("utf-8")


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0].rstrip(".") if str(error).strip() else type(
        error).__name__
