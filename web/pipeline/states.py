"""Translation states of a block, as Weblate and Pontoon keep them: defined once, used by the
catalogs, status, the build, the manifest and the website's templates."""

SOURCE = "source"  # the article's own language: nothing to translate
REVIEWED = "reviewed"  # a translator's work, checked against the current English
DRAFT = "draft"  # a machine draft no one has reviewed
STALE = "stale"  # reviewed once, but the English has changed since
MISSING = "missing"  # no translation at all

TRANSLATION_STATES = (REVIEWED, DRAFT, STALE, MISSING)  # what status counts, in this order
UNREVIEWED = (DRAFT, STALE, MISSING)  # published without a reviewed translation
NOT_TRANSLATED = (STALE, MISSING)  # published in the source language


def is_unreviewed(state: str) -> bool:
    """Return whether a block in `state` is published without a reviewed translation."""
    return state in UNREVIEWED
