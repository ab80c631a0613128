"""Translation states of a block, as Weblate and Pontoon keep them: defined once, used by the
catalogs, status, the build, the manifest and the website's templates."""

SOURCE = "source"  # the article's own language: nothing to translate
REVIEWED = "reviewed"  # a translator's work, checked against the current English
MEMORY = "memory"  # a translator's work for the same English elsewhere, reused as it is
DRAFT = "draft"  # a machine draft no one has reviewed
FAILING = "failing"  # a translation whose numbers, addresses or terms differ from the English
STALE = "stale"  # reviewed once, but the English has changed since
MISSING = "missing"  # no translation at all

TRANSLATION_STATES = (REVIEWED, MEMORY, DRAFT, FAILING, STALE, MISSING)  # status's order
UNREVIEWED = (DRAFT, FAILING, STALE, MISSING)  # published without a reviewed translation
NOT_TRANSLATED = (FAILING, STALE, MISSING)  # published in the source language
HUMAN = (REVIEWED, MEMORY)  # published as a translator's work


def is_unreviewed(state: str) -> bool:
    """Return whether a block in `state` is published without a reviewed translation."""
    return state in UNREVIEWED
