"""Commands on the library's articles: import one, remove one."""

from __future__ import annotations

from pathlib import Path

import click

from web.pipeline.importer import import_article
from web.pipeline.settings import Settings

from . import reports
from .group import cli, pass_settings


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
