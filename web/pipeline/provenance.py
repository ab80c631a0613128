"""Where an article comes from: its original's address and date, and its medical review.

Read from the front matter (`original_url`, `original_date`, `medical_review`,
`medical_reviewer`), each checked on its line; the page, the talking book and the feed show it.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from .errors import SourceError
from .front_matter import describe, node_line, value_node

DATE_KEYS = ("original_date", "medical_review")


@dataclass(frozen=True)
class Origin:
    """An article's provenance; every field "" when the front matter does not give it."""

    original_url: str = ""
    original_date: str = ""  # ISO dates, as the front matter writes them
    medical_review: str = ""
    medical_reviewer: str = ""

    def as_record(self) -> dict:
        """Return the fields given, as the manifest keeps them."""
        return {key: value for key, value in asdict(self).items() if value}


def read_origin(meta: dict, front_matter: str, label: str,
                today: datetime.date | None = None) -> Origin:
    """Return an article's provenance; raise SourceError with the line of a value that is not
    a web address, a past date (year-month-day) or a name."""
    today = today or datetime.date.today()

    def fail(key: str, what: str, example: str) -> SourceError:
        line = node_line(value_node(front_matter, key))
        return SourceError(f"{label}:{line}: {key} {what}. Write, for example, {key}: {example}")

    fields = {}
    url = meta.get("original_url")
    if url is not None:
        parts = urlsplit(url) if isinstance(url, str) else None
        if not parts or parts.scheme not in ("http", "https") or not parts.netloc \
                or any(c.isspace() for c in url):
            raise fail("original_url", f"must be the web address of the original, not "
                       f"{describe(url)}", "https://www.example.org/heroin-and-the-brain")
        fields["original_url"] = url
    for key in DATE_KEYS:
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
            raise fail(key, f"must be a date as year-month-day, not {describe(value)}",
                       "2024-03-15")
        if value > today:
            raise fail(key, f"is {value.isoformat()}, a day that has not come yet",
                       today.isoformat())
        fields[key] = value.isoformat()
    reviewer = meta.get("medical_reviewer")
    if reviewer is not None:
        if not isinstance(reviewer, str) or not reviewer.strip():
            raise fail("medical_reviewer", f"must name who reviewed the article, not "
                       f"{describe(reviewer)}", '"Community Health Clinic, nursing team"')
        fields["medical_reviewer"] = reviewer.strip()
    return Origin(**fields)
