"""A build's options are resolved once against the settings, every option that changes what a
build publishes is in the build stamp, and warnings are one value that --strict fails on."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from web.pipeline.article_files import article_files, existing_article_files
from web.pipeline.build_options import BuildOptions
from web.pipeline.errors import BuildError, ContentError
from web.pipeline.notices import Notice, Notices
from web.pipeline.settings import load_settings

SEED = "heroin-and-the-brain"


def test_options_are_resolved_against_the_settings(project):
    settings = load_settings(project)
    run = BuildOptions(engine="silent").resolve(settings)
    assert run.languages == settings.languages
    assert run.clip_cache == str(project.resolve() / ".cache" / "clips")
    assert run.scheduler == ""
    assert {code: [e.name for e in engines] for code, engines in run.engines.items()} == {
        code: ["silent"] for code in settings.languages}
    assert BuildOptions(clip_cache="clips").resolve(settings).clip_cache == str(
        project.resolve() / "clips")


def test_a_language_the_library_lacks_is_refused(project):
    with pytest.raises(ContentError, match="--lang xx: not a language of the library"):
        BuildOptions(languages=("xx",)).resolve(load_settings(project))


def test_every_option_that_changes_the_output_is_in_the_stamp_key(project):
    run = BuildOptions(engine="silent").resolve(load_settings(project))
    other = {"languages": ("en",), "engine": "espeak-ng", "offline": True,
             "publish_drafts": True, "voices": {"en": ("another voice",)}}
    for field in fields(run):
        if field.metadata.get("output"):  # a new one needs a value above
            assert replace(run, **{field.name: other[field.name]}).output_key() != \
                run.output_key(), field.name
    same = replace(run, dry_run=True, strict=True, scheduler="tcp://host:8786", clip_cache="x")
    assert same.output_key() == run.output_key()


def test_an_article_is_its_markdown_template_and_catalogs(project):
    settings = load_settings(project)
    files = article_files(settings, SEED)
    assert [settings.relative(p) for p in files.paths] == [
        f"library/{SEED}.md", f"locales/pot/{SEED}.pot", f"locales/es/LC_MESSAGES/{SEED}.po"]
    assert existing_article_files(settings, SEED) == list(files.paths)


def test_a_warning_says_where_what_and_what_to_do():
    assert str(Notice("es/seed", "2 blocks are not reviewed")) == \
        "es/seed: 2 blocks are not reviewed"
    assert str(Notice("library/a.md", "it has no summary", "Add one.")) == \
        "library/a.md: it has no summary. Add one."
    assert Notice.parse("locales/es/x.po:3: 'b1': numbers differ") == \
        Notice("locales/es/x.po:3", "'b1': numbers differ")


def test_strict_fails_on_the_first_warning_of_all():
    lenient = Notices(strict=False)
    lenient.add([Notice("es", "one"), Notice("es", "two")])
    assert len(lenient) == 2
    strict = Notices(strict=True)
    strict.add([])
    with pytest.raises(BuildError, match=r"^--strict: es: one \(and 1 more\)\. Fix this"):
        strict.add([Notice("es", "one"), Notice("es", "two")])
