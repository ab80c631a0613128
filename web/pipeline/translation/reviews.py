"""Who translated a catalog, who reviewed it and when: read from its header, recorded by `review`.

The translator is the PO header's `Last-Translator` (its e-mail address never shown); the
reviewer and the day of the review are `X-Reviewer` and `X-Review-Date`, which translators'
tools keep and `review` writes.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass

from babel.messages.catalog import Catalog

from ..errors import CatalogError
from ..settings import Settings
from .guard import guarded_catalogs, kept_catalogs
from .pofiles import read_catalog, render_catalog

REVIEWER, REVIEW_DATE = "X-Reviewer", "X-Review-Date"
PLACEHOLDERS = {"", "FULL NAME", "EMAIL@ADDRESS"}  # Babel's and gettext's empty header values


@dataclass(frozen=True)
class CatalogReview:
    """A catalog's translator, reviewer and day of review ("" when its header does not say)."""

    translator: str = ""
    reviewer: str = ""
    reviewed: str = ""  # ISO date

    def as_credits(self) -> dict:
        """Return the fields given, as an edition's credits hold them."""
        return {key: value for key, value in asdict(self).items() if value}


def _name(value: str | None) -> str:
    """Return a header's name without its e-mail address, "" for a placeholder."""
    name = re.sub(r"\s*<[^>]*>\s*", " ", value or "").strip()
    return "" if name in PLACEHOLDERS else name


def catalog_review(catalog: Catalog, label: str) -> CatalogReview:
    """Return the review a catalog's header records; raise CatalogError for a date of review
    that is not year-month-day."""
    headers = dict(getattr(catalog, "extra_headers", ()))
    reviewed = headers.get(REVIEW_DATE, "").strip()
    if reviewed:
        try:
            reviewed = datetime.date.fromisoformat(reviewed).isoformat()
        except ValueError:
            raise CatalogError(f"{label}: the header's {REVIEW_DATE} is '{reviewed}', not a date "
                               f"as year-month-day. Write, for example, {REVIEW_DATE}: "
                               f"{datetime.date.today().isoformat()}, or record the review "
                               "with manage_content.py review") from None
    return CatalogReview(_name(catalog.last_translator), _name(headers.get(REVIEWER)), reviewed)


def record_review(settings: Settings, slug: str, language: str, reviewer: str,
                  day: datetime.date) -> tuple[str, CatalogReview]:
    """Write `reviewer` and `day` into the header of article `slug`'s catalog in `language`
    (its entries untouched, its previous version kept); return the catalog's name and review."""
    if not reviewer.strip():
        raise CatalogError("review: name who reviewed the translation (--by \"…\")")
    if day > datetime.date.today():
        raise CatalogError(f"review: {day.isoformat()} has not come yet. Give the day the "
                           "review was done (--on year-month-day), or leave --on out for today")
    path, = kept_catalogs(settings, slug, (language,))
    label = settings.relative(path)
    if not path.exists():
        raise CatalogError(f"{label}: there is no translation to review yet. Run extract "
                           "and translate first")
    with guarded_catalogs(settings, "review") as guard:
        guard.saw(path)
        catalog = read_catalog(path, settings, language)
        kept = [(k, v) for k, v in getattr(catalog, "extra_headers", ())
                if k not in (REVIEWER, REVIEW_DATE)]
        catalog.extra_headers = [*kept, (REVIEWER, reviewer.strip()),
                                 (REVIEW_DATE, day.isoformat())]
        guard.write(path, render_catalog(catalog))
        return label, catalog_review(catalog, label)
