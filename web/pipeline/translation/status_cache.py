"""Each edition's status kept in `.cache/status.json`, so `status` and `check` parse no article
or catalog that has not changed since they last did.

An edition's entry holds its row (status.py) and the outline of its article (what the checks
across the library need: easy-read links, the glossary flag, section ids), under a sha256 of
what it was computed from: its article's files (Markdown, template, pictures) and its catalog,
with the library's settings, the glossary, the pipeline's code and the versions of the packages
that read and measure them. A file is hashed again only when its size or time changed
(files.hash_files, as the build stamp does). Any change to one of those files, or a damaged or
missing record, computes the edition again: the record makes a command faster, never different.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..article_files import ArticleFiles, article_files, code_fingerprint
from ..files import hash_files, write_atomic
from ..notices import Notice, notices_from_json
from ..readability import MEASURING_PACKAGES
from ..settings import Settings
from ..sources import Article, Section
from .glossary import GLOSSARY_NAME

STATUS_NAME = "status.json"
READING_PACKAGES = ("PyYAML",)  # with the measuring ones: what reads articles and catalogs


@dataclass(frozen=True)
class ArticleOutline:
    """What the library-wide checks need of an article whose Markdown is not read again."""

    slug: str
    path: Path
    edition_kind: str
    easy_read_of: str = ""
    easy_read_line: int = 0
    glossary: bool = False
    sections: tuple[Section, ...] = ()  # their ids only (no heading, no body)

    @classmethod
    def of(cls, article: Article) -> ArticleOutline:
        return cls(article.slug, article.path, article.edition_kind, article.easy_read_of,
                   article.easy_read_line, article.glossary,
                   tuple(Section(s.id, None, ()) for s in article.sections))

    def as_json(self) -> dict:
        return {"kind": self.edition_kind, "easy_read_of": self.easy_read_of,
                "easy_read_line": self.easy_read_line, "glossary": self.glossary,
                "sections": [s.id for s in self.sections]}

    @classmethod
    def from_json(cls, slug: str, path: Path, data: dict) -> ArticleOutline:
        return cls(slug, path, data["kind"], data["easy_read_of"], data["easy_read_line"],
                   data["glossary"], tuple(Section(i, None, ()) for i in data["sections"]))


class StatusRecord:
    """The kept status of each edition ("slug/language"), read from the cache folder."""

    def __init__(self, settings: Settings):
        self.settings, self.path = settings, settings.cache_dir / STATUS_NAME
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        record = record if isinstance(record, dict) else {}
        sources, editions = record.get("sources"), record.get("editions")
        self.records = {path: value for path, value in sources.items()
                        if isinstance(value, list) and len(value) == 3} \
            if isinstance(sources, dict) else {}
        self.known = editions if isinstance(editions, dict) else {}
        self.kept: dict = {}  # the entries used or computed this time
        self.pending: dict[str, str] = {}  # each edition's inputs as find() hashed them
        self.hashed: set[str] = set()
        code = code_fingerprint(*MEASURING_PACKAGES, *READING_PACKAGES)
        self.shared = self._hash([settings.library_dir / "library.toml",
                                  settings.locales_dir / GLOSSARY_NAME],
                                 hashlib.sha256(code.encode())).hexdigest()

    def _hash(self, paths, digest):
        self.hashed.update(str(path) for path in paths)
        return hash_files(paths, digest, name=self.settings.relative, records=self.records)

    def inputs(self, files: ArticleFiles, language: str, common: str) -> str:
        """Return the hash of what an edition's status is computed from (`common`: the hash
        of its article's common files, the same for each of its editions)."""
        paths = [files.catalogs[language]] if language in files.catalogs else []
        return self._hash(paths, hashlib.sha256(f"{self.shared}\0{language}\0{common}"
                                                .encode())).hexdigest()

    def find(self, slug: str, languages: list[str]) -> dict[str, dict] | None:
        """Return the kept entries of an article's editions in `languages`, by language, if
        each was computed from the files as they are now; else None. The files are hashed
        here, before the article is read, so an edit made meanwhile is new to the next run."""
        files = article_files(self.settings, slug)
        common = self._hash(files.common, hashlib.sha256()).hexdigest()  # once per article
        found = {}
        for language in languages:
            key, inputs = f"{slug}/{language}", self.inputs(files, language, common)
            self.pending[key] = inputs
            entry = self.known.get(key)
            if isinstance(entry, dict) and entry.get("inputs") == inputs:
                found[language] = entry
        if len(found) < len(languages):
            return None
        self.kept.update({f"{slug}/{language}": e for language, e in found.items()})
        return found

    def remember(self, slug: str, language: str, row: dict, outline: ArticleOutline,
                 measured: str) -> None:
        """Keep an edition's status (JSON), computed from its files as find() hashed them."""
        key = f"{slug}/{language}"
        self.kept[key] = {"inputs": self.pending[key], "row": row,
                          "outline": outline.as_json(), "measured": measured}

    def catalog_check(self, path: Path, compute: Callable[[], tuple[list, list]]
                      ) -> tuple[list[Notice], list[Notice]]:
        """Return what `compute` finds in the catalog `path` (its problems and notes), kept
        while the catalog and its article's files are unchanged."""
        slug = path.stem
        inputs = self._hash([path, *article_files(self.settings, slug, ()).common],
                            hashlib.sha256(f"{self.shared}\0check".encode())).hexdigest()
        key = f"{slug}/check:{self.settings.relative(path)}"
        entry = self.known.get(key)
        if not (isinstance(entry, dict) and entry.get("inputs") == inputs):
            problems, notes = compute()
            entry = {"inputs": inputs, "problems": [n.as_json() for n in problems],
                     "notes": [n.as_json() for n in notes]}
        self.kept[key] = entry
        return notices_from_json(entry["problems"]), notices_from_json(entry["notes"])

    def save(self, slugs: list[str]) -> None:
        """Keep the entries used this time and those of the library's other editions."""
        present = set(slugs)
        editions = {key: entry for key, entry in self.known.items()
                    if key.split("/")[0] in present}
        editions.update(self.kept)
        if editions == self.known:
            return
        records = {path: self.records[path] for path in sorted(self.hashed)
                   if path in self.records}
        # Not sorted: the order of each row's keys is the order status --json shows.
        write_atomic(self.path, json.dumps({"sources": records, "editions": editions},
                                           ensure_ascii=False))

