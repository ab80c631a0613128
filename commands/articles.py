"""Commands on the library's articles: import one, remove one."""

from __future__ import annotations

from pathlib import Path

import click

from web.pipeline.settings import Settings

from . import reports
from .group import cli, pass_settings


@cli.command("import")
@click.argument("file")
@click.option("--slug", help="The article's URL name (default: made from the title).")
@click.option("--title", help="The article's title (needed when the file has none).")
@click.option("--source", help="Who wrote the article (default: the file's name).")
@click.option("--replace", is_flag=True,
              help="Replace the article with this slug, keeping the ids of the blocks it shares.")
@click.option("--dry-run", is_flag=True,
              help="Say what the import would keep and leave out, and write nothing.")
@pass_settings
def import_command(settings: Settings, file: str, **given) -> None:
    """Import FILE (text, Markdown, Word or a saved web page) or a web address as
    library/<slug>.md.

    A Word document (.docx; .odt, .rtf and .doc when LibreOffice is installed) keeps its
    headings, lists, tables, bold and italic, links, pictures with their Alt Text, and
    footnotes. A web page (a saved .html file, or https://…) keeps its article and leaves out
    the site's menus, header, footer, adverts, cookie banner and related links; its address is
    kept as original_url. Pictures are stored in library/pictures/; a picture without a
    description is refused. It first says what it kept and left out (with --dry-run, only
    that).

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

        python manage_content.py import handout.docx --dry-run
    """
    # Imported here: the importer's libraries (trafilatura, requests, mammoth) took most of the
    # start-up time of every other command.
    from web.pipeline.importer import import_article
    from web.pipeline.page_fetch import is_web_address

    source = file if is_web_address(file) else Path(file)
    click.echo("\n".join(reports.import_report(settings, import_article(  # --slug, --title, ...
        source, settings.library_dir, language=settings.source_language, **given))))


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
