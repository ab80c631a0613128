"""The record of articles whose catalogs are known to be in step with their English.

For each article it keeps a hash of its Markdown, its template and its catalogs (with the
settings, topic names and pipeline code they were checked with) and how many entries of each
catalog are missing. A command that finds the same hashes need not read, check and sync that
article again: with hundreds of articles, `extract` and `translate` with nothing new read no
catalog. A file is hashed again only when its size or time changed (files.hash_files, as the
build stamp does). Any edit to one of those files, or a failed or interrupted command, means the
article is read again, so the record can make a command faster but never change what it does.
"""

from __future__ import annotations

import hashlib
import json

from ..article_files import article_files, code_fingerprint
from ..files import hash_files, write_atomic
from ..settings import Settings
from ..topics import TOPICS_NAME

RECORD_NAME = "catalogs-in-step.json"


class InStepRecord:
    """Articles known in step, by slug, as the cache folder records them."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.path = settings.cache_dir / RECORD_NAME
        shared = [settings.library_dir / "library.toml",
                  *sorted(settings.locales_dir.glob(f"*/{TOPICS_NAME}"))]
        # A new release of the pipeline checks again.
        self.shared = hash_files(shared, hashlib.sha256(code_fingerprint().encode()),
                                 name=settings.relative).hexdigest()
        try:
            record = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            record = {}
        record = record if isinstance(record, dict) else {}
        sources, articles = record.get("sources"), record.get("articles")
        # Each file's size, time and sha256 (path -> [size, st_mtime_ns, sha256]).
        self.records = {path: value for path, value in sources.items()
                        if isinstance(value, list) and len(value) == 3} \
            if isinstance(sources, dict) else {}
        self.hashed: set[str] = set()  # the files hashed this time (their records are kept)
        self.known = articles if isinstance(articles, dict) and all(
            isinstance(v, dict) for v in articles.values()) else {}

    def key(self, slug: str) -> str:
        paths = article_files(self.settings, slug).paths
        self.hashed.update(str(path) for path in paths)
        return hash_files(paths, hashlib.sha256(self.shared.encode()),
                          name=self.settings.relative, records=self.records).hexdigest()

    def missing(self, slug: str) -> dict[str, int] | None:
        """Return how many entries each catalog of an article in step misses; None if the
        article is not known in step as its files are now."""
        entry = self.known.get(slug)
        if entry and entry.get("key") == self.key(slug) and isinstance(entry.get("missing"), dict):
            return entry["missing"]
        return None

    def remember(self, slug: str, missing: dict[str, int]) -> None:
        """Record an article whose files on disk were just brought in step."""
        self.known[slug] = {"key": self.key(slug), "missing": missing}

    def save(self) -> None:
        records = {path: self.records[path] for path in sorted(self.hashed)
                   if path in self.records}
        write_atomic(self.path, json.dumps({"sources": records, "articles": self.known},
                                           sort_keys=True))
