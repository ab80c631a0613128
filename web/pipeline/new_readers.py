"""Editions for new readers, each an article of its own (source, catalogs, review states,
audio), translated, voiced and published like any article:

- an easy read names in its front matter the article it retells (`easy-read-of:
  heroin-and-the-brain`); the website pairs the two, and a listener switching between them
  keeps their place by section, so an easy read should have the sections (the `{#id}` of each
  `##` heading) of the article it retells;
- the glossary (`glossary: true`, one per library) has a section per hard word: its heading is
  the word as articles write it (with another form in brackets: "Detoxification (detox)"),
  its text the plain-language definition. Article pages explain each such word they use.
"""

from __future__ import annotations

from difflib import get_close_matches

from .errors import SourceError
from .front_matter import describe, node_line, value_node
from .notices import Notice

KEY = "easy-read-of"
GLOSSARY_KEY = "glossary"


def read_easy_read_of(meta: dict, front_matter: str, label: str) -> tuple[str, int]:
    """Return the slug an article is the easy read of ("" if none) and the line it is on."""
    value = meta.get(KEY)
    if value is None:
        return "", 0
    line = node_line(value_node(front_matter, KEY))
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"{label}:{line}: {KEY} must name the article this is the easy read "
                          f"of, not {describe(value)}. Write, for example, "
                          f"{KEY}: heroin-and-the-brain")
    return value.strip(), line


def read_glossary_flag(meta: dict, front_matter: str, label: str) -> bool:
    """Return whether the article is the library's glossary (`glossary: true`)."""
    value = meta.get(GLOSSARY_KEY, False)
    if not isinstance(value, bool):
        line = node_line(value_node(front_matter, GLOSSARY_KEY))
        raise SourceError(f"{label}:{line}: {GLOSSARY_KEY} must be true or false, not "
                          f"{describe(value)}. Write {GLOSSARY_KEY}: true in the glossary only.")
    return value


def check_editions(articles, label_of, slugs=None) -> None:
    """Raise SourceError for an easy read of an article the library lacks, of another easy
    read, of itself, or of an article that already has one. `slugs` are all the library's
    when `articles` are only some of them (those others are then not checked as targets)."""
    by_slug = {a.slug: a for a in articles}
    known = set(by_slug) if slugs is None else set(slugs)
    glossaries = [a for a in articles if a.glossary]
    if len(glossaries) > 1:
        raise SourceError(f"{label_of(glossaries[1])}: {glossaries[0].slug} is the library's "
                          f"glossary already. Put these words in it, and remove "
                          f"{GLOSSARY_KEY}: true here.")
    taken: dict[str, str] = {}
    for article in articles:
        target = article.easy_read_of
        if not target:
            continue
        where = f"{label_of(article)}:{article.easy_read_line}"
        if target == article.slug:
            raise SourceError(f"{where}: an article cannot be its own easy read. Name the "
                              f"article it retells in plain language, or remove {KEY}.")
        if target not in known:
            close = get_close_matches(target, sorted(known), n=1)
            hint = f"Did you mean {close[0]}?" if close else "Write the slug of an article."
            raise SourceError(f"{where}: {KEY} names {target}, which is no article of the "
                              f"library. {hint}")
        if target in by_slug and by_slug[target].easy_read_of:
            raise SourceError(f"{where}: {target} is itself an easy read (of "
                              f"{by_slug[target].easy_read_of}). Name the article it retells.")
        if target in taken:
            raise SourceError(f"{where}: {target} already has an easy read, {taken[target]}. "
                              "Keep one, and put what the other adds in it.")
        taken[target] = article.slug


def edition_warnings(articles, label_of) -> list[Notice]:
    """Return a warning for each easy read whose sections are not its article's: a listener
    who switches there starts at the top instead of in the same section."""
    by_slug = {a.slug: a for a in articles}
    warnings = []
    for easy in articles:
        standard = by_slug.get(easy.easy_read_of)
        if standard is None:
            continue
        mine, theirs = [s.id for s in easy.sections], [s.id for s in standard.sections]
        extra = [i for i in mine if i not in theirs]
        lacking = [i for i in theirs if i not in mine]
        if extra or lacking:
            what = "; ".join(part for part in (
                f"sections {standard.slug} lacks: {', '.join(extra)}" if extra else "",
                f"sections of {standard.slug} it lacks: {', '.join(lacking)}" if lacking else "",
            ) if part)
            warnings.append(Notice(
                label_of(easy), f"an easy read keeps the listener's place by section, but it "
                f"has {what}", f"Give each ## heading the {{#id}} of the heading of "
                f"{standard.slug} it retells."))
    return warnings
