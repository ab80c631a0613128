#!/usr/bin/env python3
"""manage_content.py: import articles, sync and draft translations, voice and publish the library.

A thin command line over web/pipeline: options -> Settings -> one pipeline call -> print. Problems
with content become `Error: <where>: <what>. <what to do>` and exit code 1.
"""

from __future__ import annotations

import functools
import logging
from contextlib import ExitStack
from pathlib import Path

import click

from web.pipeline import reports
from web.pipeline.errors import ContentError
from web.pipeline.importer import import_article
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
            raise click.ClickException(reports.error_message(error)) from None


@click.group(cls=LibraryGroup)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=".",
              envvar="LIBRARY_ROOT", show_default=True,
              help="The project folder holding library/, locales/ and audio/.")
@click.option("-v", "--verbose", is_flag=True, help="Show details and full tracebacks.")
@click.pass_context
def cli(ctx: click.Context, root: Path, verbose: bool) -> None:
    """Manage the articles, translations and audio of the library.

    Example: python manage_content.py status
    """
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")
    ctx.obj = {"root": root, "verbose": verbose}


def pass_settings(command):
    """Call `command` with the settings of the project it runs on, then its options."""
    @click.pass_context
    @functools.wraps(command)
    def with_settings(ctx: click.Context, *args, **kwargs):
        return command(load_settings(ctx.find_root().obj["root"]), *args, **kwargs)

    return with_settings


# A repeatable --lang option; the pipeline refuses a language the library lacks.
lang_option = functools.partial(click.option, "--lang", "languages", multiple=True)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--slug", help="The article's URL name (default: made from the title).")
@click.option("--title", help="The article's title (needed when the file has none).")
@click.option("--source", help="Who wrote the article (default: the file's name).")
@click.option("--replace", is_flag=True,
              help="Replace the article with this slug, keeping the ids of the blocks it shares.")
@pass_settings
def import_command(settings: Settings, file: Path, **given) -> None:
    """Import a plain-text or Markdown FILE as library/<slug>.md.

    Markdown is kept as written (lists, tables, quotes, links), with an id before each block.
    In plain text, a short line followed by body text is a heading if it has no final
    punctuation, is a question, or is a step ("Step 1: Call for help"); lines starting with
    "1." or "1)" are a numbered list, "-", "*" or "•" a bulleted one; text before the first
    heading is the intro. No-break spaces, soft hyphens, zero-width characters and curly quotes
    become plain ones. With --replace, a revised article keeps the ids of the blocks it shares
    with the library's copy (unchanged, moved and slightly edited ones), so their translations
    stay attached; new blocks get new ids. It prints what it found and matched.

    Example:

        python manage_content.py import article.txt --slug heroin-and-the-brain \\
            --title "How Heroin Affects the Brain" --source "Omnia Recovery"
    """
    click.echo("\n".join(reports.import_report(settings, import_article(  # --slug, --title, ...
        file, settings.library_dir, language=settings.source_language, **given))))


@cli.command("extract")
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option("--purge-obsolete", is_flag=True,
              help="Drop the obsolete (#~) entries; the previous catalogs are kept (history).")
@pass_settings
def extract_command(settings: Settings, dry_run, purge_obsolete) -> None:
    """Write each article's template and bring every language's catalog in line with it.

    A changed English block keeps its old translation, marked fuzzy (stale) for review; a removed
    block becomes obsolete, and gets its translation back if it returns; unchanged files are not
    rewritten. Blocks with no {#id} line get one written into the article first; a msgctxt that
    is no block id (a typo) is refused. A catalog someone saves meanwhile is left as saved.

    Example: python manage_content.py extract
    """
    from web.pipeline.translation.extract import extract_catalogs

    result = extract_catalogs(settings, dry_run=dry_run, purge=purge_obsolete)
    click.echo("\n".join(reports.extract_report(settings, result)))


@cli.command("translate")
@lang_option(help="Draft only this language (repeatable; default: every translated language).")
@click.option("--engine", default=DEFAULT_TRANSLATOR, show_default=True, help="The draft engine.")
@click.option("--dry-run", is_flag=True, help="Say what would be drafted; write nothing.")
@pass_settings
def translate_command(settings: Settings, languages, engine, dry_run) -> None:
    """Fill untranslated catalog entries from the translation memory, then with machine drafts.

    Catalogs are first brought in line with the English (as extract does). An entry whose
    English has a reviewed translation anywhere in the library takes it, with a comment naming
    where it came from (delete it once reviewed here); a close match is offered as a fuzzy
    suggestion. Other entries get machine drafts with the glossary's terms, marked fuzzy with a
    comment naming the engine. Nothing replaces an existing translation; suggestions and drafts
    are never published as reviewed text.

    Example: python manage_content.py translate --lang es --engine apertium
    """
    from web.pipeline.translation.drafts import translate_catalogs

    for result in translate_catalogs(settings, languages, engine, dry_run=dry_run):
        click.echo("\n".join(reports.draft_report(settings, result, dry_run)))


@cli.command("remove")
@click.argument("slug")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_settings
def remove_command(settings: Settings, slug: str, yes: bool) -> None:
    """Remove the article SLUG: its Markdown, its template and its catalogs in every language.

    Its pages, tracks and downloads leave the site at the next build. Its reviewed translations
    go with its catalogs: it says how many and asks first (unless --yes).

    Example: python manage_content.py remove naloxone-basics
    """
    from web.pipeline.removal import plan_removal, remove_article

    removal = plan_removal(settings, slug)
    lines = reports.removal_report(settings, removal)
    click.echo("\n".join(lines[:-1]))
    if not yes:
        click.confirm("Remove these files?", abort=True)
    remove_article(settings, removal)
    click.echo(lines[-1])


@cli.command("history")
@click.argument("slug")
@lang_option(help="The catalog's language (default: every translated language).")
@click.option("--restore", "number", type=int,
              help="Bring back this version (1 is the newest) of the one --lang catalog.")
@pass_settings
def history_command(settings: Settings, slug: str, languages, number: int | None) -> None:
    """List the kept earlier versions of the article SLUG's catalogs, or restore one.

    extract, translate and a restore keep a catalog's previous version each time they rewrite
    it, so a restore can be undone the same way.

    Example: python manage_content.py history heroin-and-the-brain --lang es --restore 2
    """
    from web.pipeline.translation.guard import catalog_history, restore_version

    if number is None:
        click.echo("\n".join(reports.history_report(settings, catalog_history(
            settings, slug, languages))))
        return
    path, version = restore_version(settings, slug, languages, number)
    click.echo(f"Restored {settings.relative(path)} as it was before "
               f"{version.replaced:%Y-%m-%d %H:%M:%S} UTC; the version it replaced is kept.")


@cli.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list for scripts.")
@lang_option(help="Only this language (repeatable).")
@pass_settings
def status_command(settings: Settings, as_json, languages) -> None:
    """Show, per article and language, the blocks and words in each translation state.

    States: reviewed, memory (reused from a reviewed entry elsewhere), draft (machine), failing
    (a check fails), stale (the English changed), missing. Catalogs whose article is gone are
    named after the table (on stderr with --json).

    Example: python manage_content.py status --json
    """
    from web.pipeline.translation.status import library_status

    status = library_status(settings, languages)
    if as_json:
        click.echo(reports.status_json(status.rows))
    else:
        click.echo("\n".join(reports.status_report(status.rows)))
    for line in reports.orphans_report(settings, status.orphans):
        click.echo(line, err=as_json)


@cli.command("check")
@pass_settings
def check_command(settings: Settings) -> None:
    """Validate every catalog; exit 1 if anything needs fixing.

    Reports, with file and line, PO syntax errors, numbers, web addresses, markup and glossary
    terms that differ from the English, untranslated entries and msgctxts that name no block;
    then shows each edition's readability and warns (exit code 0) of each one that misses its
    target in library/library.toml.

    Example: python manage_content.py check
    """
    from web.pipeline.library_check import check_library

    result = check_library(settings)
    for problem in result.problems:
        click.echo(str(problem))
    if result.problems:
        raise click.ClickException(reports.check_failure(result.problems))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo("\n".join(reports.readability_report(result.rows)))
    click.echo("All catalogs are valid.")


@cli.command("build")
@lang_option(help="Build only this language (repeatable).")
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
@pass_settings
def build_command(settings: Settings, **given) -> None:
    """Voice the library and publish its tracks, cues and audio/manifest.json.

    Only what changed is voiced and packaged again; the published library stays whole until
    the new manifest replaces it in one step.

    Example: python manage_content.py build --offline

    On a Dask cluster, with the clips on shared storage (see the README):

    \b
        python manage_content.py build --offline --scheduler tcp://10.0.0.5:8786 \\
            --clip-cache s3://health-library/clips
    """
    # Imported here: the build loads the voice engines, which the other commands don't need.
    from web.pipeline.build import BuildOptions, build_library

    with ExitStack() as stack:  # the options are named as BuildOptions' fields
        result = build_library(settings, BuildOptions(**given), progress_bar(stack, "Building"))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo("\n".join(reports.build_report(settings, result)))


def progress_bar(stack: ExitStack, label: str):
    """Return a progress callback drawing a bar on stderr when it is a terminal, else None."""
    stderr, bar = click.get_text_stream("stderr"), None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = stack.enter_context(click.progressbar(length=total, label=label, file=stderr))
        bar.update(done - bar.pos)

    return progress if stderr.isatty() else None


@cli.command("voices")
@lang_option(help="Show only this language (repeatable).")
@click.option("--offline", is_flag=True, help="Show what an --offline build could use.")
@pass_settings
def voices_command(settings: Settings, languages, offline) -> None:
    """List, per language, the voice engines in the order a build tries them.

    Each line shows the engine, its voice, and whether it can run here and, if not, why.
    Change them in library/library.toml under [voices].

    Example: python manage_content.py voices --offline
    """
    from web.pipeline.voices.registry import ENGINES, describe_voices

    listing = describe_voices(settings, languages, offline=offline)
    click.echo("\n".join(reports.voices_report(listing, ENGINES)))


@cli.command("export")
@click.argument("folder", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", default="http://127.0.0.1:8000/", show_default=True,
              help="The address the copy will be served from (feeds and links use it).")
@pass_settings
def export_command(settings: Settings, folder: Path, base_url: str) -> None:
    """Write a static copy of the website to DIR, for any static host or CDN.

    Every page in every language, the podcast feeds, audio, cues, downloads and assets, and a
    front page that sends visitors to their language. A previous export in DIR is replaced in
    one step; a folder holding anything else is refused. deploy/nginx.conf serves the copy.

    Example: python manage_content.py export site --base-url https://cdn.example.org/library/
    """
    from web import create_app
    from web.export import export_site

    result = export_site(create_app({"LIBRARY_ROOT": str(settings.root)}), folder, base_url)
    click.echo(reports.export_report(result, folder))


if __name__ == "__main__":
    cli()
