#!/usr/bin/env python3
"""manage_content.py: import articles, sync and draft translations, voice and publish the library.

A thin command line over the pipeline in web/pipeline: each command turns its options into one
library call and prints the result. Problems with content become `Error: <where>: <what>. <what
to do>` and exit code 1.
"""

from __future__ import annotations

import json
import logging
from contextlib import ExitStack
from dataclasses import asdict
from pathlib import Path

import click

from web.pipeline.errors import ContentError
from web.pipeline.importer import import_article
from web.pipeline.reports import (
    build_report,
    draft_report,
    extract_report,
    import_report,
    orphans_report,
    plural,
    readability_report,
    readability_warnings,
    removal_report,
    status_report,
    voices_report,
)
from web.pipeline.settings import Settings, load_settings
from web.pipeline.translation.translators import DEFAULT_TRANSLATOR


class LibraryGroup(click.Group):
    """A click group that turns pipeline errors into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (ContentError, OSError) as error:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            if isinstance(error, ContentError):
                raise click.ClickException(str(error)) from None
            # A folder that is a file, no permission, a full disk.
            raise click.ClickException(
                f"{error.filename or 'the project folder'}: {error.strerror or error}. Check "
                "that it is a folder you can write to, with free space, then run the command "
                "again.") from None


@click.group(cls=LibraryGroup)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              envvar="LIBRARY_ROOT", show_default=True,
              help="The project folder holding library/, locales/ and audio/.")
@click.option("-v", "--verbose", is_flag=True, help="Show details and full tracebacks.")
@click.pass_context
def cli(ctx: click.Context, root: Path, verbose: bool) -> None:
    """Manage the articles, translations and audio of the library.

    Example:

        python manage_content.py status
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    ctx.obj = {"root": root, "verbose": verbose}


def get_settings(ctx: click.Context) -> Settings:
    """Load the settings of the project the command runs on."""
    return load_settings(ctx.find_root().obj["root"])


def lang_option(help_text: str, *, translated: bool = False):
    """A repeatable --lang option that refuses a language the library does not have."""
    def check(ctx: click.Context, param, codes: tuple[str, ...]) -> tuple[str, ...]:
        return get_settings(ctx).check_languages(codes, translated=translated)

    return click.option("--lang", "languages", multiple=True, help=help_text, callback=check)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--slug", help="The article's URL name (default: made from the title).")
@click.option("--title", help="The article's title (needed when the file has none).")
@click.option("--source", help="Who wrote the article (default: the file's name).")
@click.option("--replace", is_flag=True,
              help="Replace the article with this slug, keeping the ids of the blocks it shares.")
@click.pass_context
def import_command(ctx, file: Path, slug, title, source, replace) -> None:
    """Import a plain-text or Markdown FILE as library/<slug>.md.

    Markdown is kept as written (lists, tables, quotes, links), with an id before each block.
    In plain text, a short line followed by body text is a heading if it has no final
    punctuation, is a question, or is a step ("Step 1: Call for help"); lines starting with
    "1." or "1)" are a numbered list, lines starting with "-", "*" or "•" a bulleted one; text
    before the first heading is the intro. No-break spaces, soft hyphens, zero-width characters
    and curly quotes become plain ones. It prints the sections, lists, tables and links found.

    With --replace, a revised article keeps the ids of the blocks it shares with the library's
    copy (unchanged, moved and slightly edited ones), so their translations stay attached;
    new blocks get new ids. It prints what it matched.

    Example:

        python manage_content.py import article.txt --slug heroin-and-the-brain \\
            --title "How Heroin Affects the Brain" --source "Omnia Recovery"
    """
    settings = get_settings(ctx)
    click.echo("\n".join(import_report(settings, import_article(
        file, settings.library_dir, language=settings.source_language, slug=slug, title=title,
        source=source, replace=replace))))


@cli.command("extract")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.pass_context
def extract_command(ctx, dry_run) -> None:
    """Write each article's template and bring every language's catalog in line with it.

    A changed English block keeps its old translation, marked fuzzy (stale) for review; a removed
    block becomes obsolete; files with nothing to change are not rewritten. Blocks with no {#id}
    line get one written into the article first; a msgctxt that is no block id (a typo) is
    refused.

    Example:

        python manage_content.py extract
    """
    from web.pipeline.translation.extract import extract_catalogs

    settings = get_settings(ctx)
    result = extract_catalogs(settings, dry_run=dry_run)
    click.echo("\n".join(extract_report(settings, result)))


@cli.command("translate")
@lang_option("Draft only this language (repeatable; default: every translated language).",
             translated=True)
@click.option("--engine", default=DEFAULT_TRANSLATOR, show_default=True, help="The draft engine.")
@click.option("--dry-run", is_flag=True, help="Say what would be drafted; write nothing.")
@click.pass_context
def translate_command(ctx, languages, engine, dry_run) -> None:
    """Fill untranslated catalog entries from the translation memory, then with machine drafts.

    Catalogs are first brought in line with the English (as extract does). An entry whose
    English has a reviewed translation anywhere in the library takes it, with a comment naming
    where it came from (delete the comment once reviewed here); a close match is offered as a
    fuzzy suggestion with its similarity. Other entries get machine drafts, each translated on
    its own, marked fuzzy with a comment naming the engine, with the glossary's terms. Nothing
    replaces an entry that has a translation; suggestions and drafts are never published as
    reviewed text.

    Example:

        python manage_content.py translate --lang es --engine apertium
    """
    from web.pipeline.translation.drafts import draft_translations
    from web.pipeline.translation.extract import extract_catalogs

    settings = get_settings(ctx)
    if not dry_run:
        extract_catalogs(settings)
    for language in languages or settings.target_languages:
        result = draft_translations(settings, language, engine, dry_run=dry_run,
                                    in_step=not dry_run)  # extract just ran
        click.echo("\n".join(draft_report(settings, result, dry_run)))


@cli.command("remove")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def remove_command(ctx, slug: str, yes: bool) -> None:
    """Remove the article SLUG: its Markdown, its template and its catalogs in every language.

    Its pages, tracks and downloads leave the site at the next build. Its reviewed translations
    go with its catalogs: the command says how many and asks first (unless --yes).

    Example:

        python manage_content.py remove naloxone-basics
    """
    from web.pipeline.removal import plan_removal, remove_article

    settings = get_settings(ctx)
    removal = plan_removal(settings, slug)
    lines = removal_report(settings, removal)
    click.echo("\n".join(lines[:-1]))
    if not yes:
        click.confirm("Remove these files?", abort=True)
    remove_article(settings, removal)
    click.echo(lines[-1])


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list for scripts.")
@lang_option("Only this language (repeatable).", translated=True)
@click.pass_context
def status_command(ctx, as_json, languages) -> None:
    """Show, per article and language, the blocks and words in each translation state.

    States: reviewed, memory (reused from a reviewed entry elsewhere), draft (machine), failing
    (a check fails), stale (the English changed) and missing. Catalogs whose article is gone
    are named after the table (on stderr with --json).

    Example:

        python manage_content.py status --json
    """
    from web.pipeline.removal import orphaned_catalogs
    from web.pipeline.translation.status import translation_status

    settings = get_settings(ctx)
    rows = translation_status(settings, languages)
    if as_json:
        click.echo(json.dumps([{**asdict(r), "readability": r.readability.as_json()}
                               for r in rows], ensure_ascii=False, indent=1))
    else:
        click.echo("\n".join(status_report(rows)))
    for line in orphans_report(settings, orphaned_catalogs(settings)):
        click.echo(line, err=as_json)


@cli.command("check")
@click.pass_context
def check_command(ctx) -> None:
    """Validate every catalog; exit 1 if anything needs fixing.

    Reports PO syntax errors, numbers, web addresses, markup and glossary terms that differ from
    the English, entries not translated yet, and entries whose msgctxt names no block of the
    article, each with its file and line; then shows each edition's readability and warns
    about each one that misses its target in library/library.toml (a warning: the exit code
    stays 0).

    Example:

        python manage_content.py check
    """
    from web.pipeline.editions import edition_warnings
    from web.pipeline.translation.catalogs import read_articles
    from web.pipeline.translation.checks import check_catalogs
    from web.pipeline.translation.status import translation_status

    settings = get_settings(ctx)
    problems = check_catalogs(settings)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        raise click.ClickException(
            f"{plural(len(problems), 'problem')} in the catalogs. Fix them and run check again.")
    articles = read_articles(settings)
    rows = translation_status(settings, articles=articles)
    for warning in [*edition_warnings(articles, lambda a: settings.relative(a.path)),
                    *readability_warnings(settings, rows)]:
        click.echo(warning, err=True)
    click.echo("\n".join(readability_report(rows)))
    click.echo("All catalogs are valid.")


@cli.command("build")
@lang_option("Build only this language (repeatable).")
@click.option("--engine", help="Voice every sentence with this engine only (e.g. silent).")
@click.option("--offline", is_flag=True, help="Skip the online voice (gTTS).")
@click.option("--dry-run", is_flag=True,
              help="List what would be voiced and written; write nothing.")
@click.option("--strict", is_flag=True, help="Fail on warnings (fallback voice, unreviewed text).")
@click.option("--publish-drafts", is_flag=True,
              help="Publish machine-drafted translations (marked as such) instead of English.")
@click.option("--clip-cache", metavar="URL",
              help="Keep the voiced clips here: a folder or a storage URL such as "
                   "s3://bucket/clips (default: [build] clip_cache, else .cache/clips).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Voice and package on the Dask cluster of this scheduler, e.g. "
                   "tcp://host:8786 (default: [build] scheduler, else this machine).")
@click.pass_context
def build_command(ctx, languages, engine, offline, dry_run, strict, publish_drafts,
                  clip_cache, scheduler) -> None:
    """Voice the library and publish its tracks, cues and audio/manifest.json.

    Only what changed is voiced and packaged again; the published library stays whole until the
    new manifest replaces it in one step.

    Example:

        python manage_content.py build --offline

    On a Dask cluster, with the clips on shared storage (see the README):

    \b
        python manage_content.py build --offline --scheduler tcp://10.0.0.5:8786 \\
            --clip-cache s3://health-library/clips
    """
    # Imported here: the build loads the voice engines, which the other commands don't need.
    from web.pipeline.build import BuildOptions, build_library

    settings = get_settings(ctx)
    stderr = click.get_text_stream("stderr")
    with ExitStack() as stack:
        bar = None

        def progress(done: int, total: int) -> None:
            nonlocal bar
            if bar is None:
                bar = stack.enter_context(
                    click.progressbar(length=total, label="Building", file=stderr))
            bar.update(done - bar.pos)

        options = BuildOptions(languages=languages, engine=engine, offline=offline,
                               dry_run=dry_run, strict=strict, publish_drafts=publish_drafts,
                               clip_cache=clip_cache, scheduler=scheduler)
        result = build_library(settings, options, progress if stderr.isatty() else None)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo("\n".join(build_report(settings, result)))


@cli.command("voices")
@lang_option("Show only this language (repeatable).")
@click.option("--offline", is_flag=True, help="Show what an --offline build could use.")
@click.pass_context
def voices_command(ctx, languages, offline) -> None:
    """List, per language, the voice engines in the order a build tries them.

    Each line shows the engine, its voice, and whether it can run here and, if not, why.
    Change the order and the voices in library/library.toml under [voices].

    Example:

        python manage_content.py voices --offline
    """
    from web.pipeline.voices.options import kokoro_voices
    from web.pipeline.voices.registry import ENGINES, describe_engines

    settings = get_settings(ctx)
    listing = {language: describe_engines(settings, language, offline=offline)
               for language in languages or settings.languages}
    click.echo("\n".join(voices_report(listing)))
    click.echo(f"Engines: {', '.join(ENGINES)}.")
    click.echo(f"Kokoro voices ([voices.kokoro]): {', '.join(kokoro_voices())}.")


@cli.command("export")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", default="http://127.0.0.1:8000/", show_default=True,
              help="The address the copy will be served from (feeds and links use it).")
@click.pass_context
def export_command(ctx, folder: Path, base_url: str) -> None:
    """Write a static copy of the website to DIR, for any static host or CDN.

    Every page in every language, the podcast feeds, the audio, cues and downloads, the assets,
    and a front page that sends visitors to their language. A previous export in DIR is
    replaced in one step; a folder holding anything else is refused. deploy/nginx.conf serves
    the copy.

    Example:

        python manage_content.py export site --base-url https://cdn.example.org/library/
    """
    from web import create_app
    from web.export import export_site

    settings = get_settings(ctx)
    result = export_site(create_app({"LIBRARY_ROOT": str(settings.root)}), folder, base_url)
    click.echo(f"Exported {plural(result.pages, 'page')} and {plural(result.files, 'file')} "
               f"({result.bytes / 1_000_000:.1f} MB) to {folder} for {result.base_url}")


if __name__ == "__main__":
    cli()
