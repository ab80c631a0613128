"""A build's memory does not grow with the library: what it voiced is kept in the clip cache,
not in memory, while it packages."""

from __future__ import annotations

import gc

from web.pipeline import schedule
from web.pipeline.build import BuildOptions, build_library
from web.pipeline.settings import load_settings
from web.pipeline.voices.clips import Clip


def alive(kinds) -> list:
    """Return the objects of `kinds` alive in this process (by their own type: a weak proxy
    left by another test would raise if asked for its class)."""
    return [o for o in gc.get_objects() if issubclass(type(o), kinds)]


def sound_held() -> list[int]:
    """Return the size of the sound of every clip alive in this process that holds its own."""
    return [len(clip.held) for clip in alive(Clip) if clip.held]


def test_a_cold_build_holds_no_voiced_sound_once_voicing_is_done(seed_project, monkeypatch):
    """The last whole-article track is joined after every sentence is voiced: by then at most
    the clip voiced last is still in hand, not every clip of the library."""
    real, held = schedule.package_article, []

    def package_article(settings, edition, sections, known, *args, **kwargs):
        held.append(sound_held())
        return real(settings, edition, sections, known, *args, **kwargs)

    monkeypatch.setattr(schedule, "package_article", package_article)
    result = build_library(load_settings(seed_project), BuildOptions(engine="silent"))
    assert result.clips_voiced > 40 and len(held) == 2  # both languages' editions
    assert len(held[-1]) <= 1, f"{len(held[-1])} clips of {result.clips_voiced} hold sound"


def test_the_products_are_made_once_the_plans_and_packaged_tracks_are_let_go(seed_project,
                                                                            monkeypatch):
    """Talking books, downloads and search are made from the manifest: by then no edition's
    plan or packaged tracks (each sentence's text, spans and cues) is held any more."""
    from web.pipeline import products
    from web.pipeline.packaging import PackagedEdition, PackagedSection
    from web.pipeline.plans import EditionPlan, SentencePlan

    real, counted = products.make_products, []

    def make_products(*args, **kwargs):
        gc.collect()
        kinds = (EditionPlan, SentencePlan, PackagedEdition, PackagedSection)
        counted.append(len(alive(kinds)))
        return real(*args, **kwargs)

    monkeypatch.setattr(products, "make_products", make_products)
    result = build_library(load_settings(seed_project), BuildOptions(engine="silent"))
    assert result.tracks_written == 12 and result.manifest_written
    assert counted == [0]
