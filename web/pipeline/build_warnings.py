"""The warnings a build gives: text published without a reviewed translation, and sentences a
fallback voice spoke. Each is a `Notice`, in the order of the plan."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from .notices import Notice
from .states import FAILING, is_unreviewed

if TYPE_CHECKING:
    from .plans import LibraryPlan
    from .schedule import Produced


def review_warnings(plan: LibraryPlan, publish_drafts: bool) -> dict[str, list[Notice]]:
    """Return, per planned edition ("slug/lang"), a warning if it has blocks published without
    a reviewed translation, and one per block whose translation fails a check (named by its
    catalog's file and line)."""
    warnings = {}
    for edition in plan.editions:
        found = []
        states = Counter(b.block.state for s in edition.sections for b in s.blocks
                         if is_unreviewed(b.block.state) and b.block.state != FAILING)
        if states:
            detail = ", ".join(f"{n} {state}" for state, n in sorted(states.items()))
            how = "machine drafts where drafted, English otherwise" if publish_drafts else \
                "in English"
            count = sum(states.values())
            blocks = "1 block is" if count == 1 else f"{count} blocks are"
            found.append(Notice(f"{edition.language}/{edition.article.slug}",
                                f"{blocks} not reviewed ({detail}); published {how}"))
        found += [Notice.parse(f"{problem}; published in English")
                  for problem in edition.localized.problems]
        warnings[f"{edition.article.slug}/{edition.language}"] = found
    return warnings


def in_plan_order(plan: LibraryPlan, by_edition: dict[str, list[Notice]]) -> list[Notice]:
    """Return the editions' warnings, language by language, article by article."""
    return [warning for code in plan.languages for article in plan.articles
            for warning in by_edition.get(f"{article.slug}/{code}", ())]


def fallback_warnings(produced: Produced) -> list[Notice]:
    """Return a warning per language whose sentences a fallback engine voiced."""
    fallbacks = Counter((job.language, engine, job.engines[0].name)
                        for job, engine in produced.spoken_by.items()
                        if engine != job.engines[0].name)
    return [Notice(language, f"{n} sentence{'' if n == 1 else 's'} voiced by {used} instead "
                             f"of {preferred}")
            for (language, used, preferred), n in sorted(fallbacks.items())]
