#!/usr/bin/env python3
"""manage_content.py: import articles, sync and draft translations, voice and publish the library.

A thin command line over the pipeline in web/content: each command turns its options into one
library call and prints the result. Problems with content become `Error: <where>: <what>. <what
to do>` and exit code 1.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from web.content.errors import ContentError
from web.content.importer import import_article
from web.content.settings import Settings, load_settings


class LibraryGroup(click.Group):
    """A click group that turns pipeline errors into one clear line and exit code 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ContentError as error:
            if ctx.obj and ctx.obj.get("verbose"):
                raise
            raise click.ClickException(str(error)) from None


@click.group(cls=LibraryGroup)
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    envvar="LIBRARY_ROOT",
    show_default=True,
    help="The project folder holding library/, locales/ and audio/.",
)
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
    return load_settings(ctx.obj["root"])


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--slug", help="The article's URL name (default: made from the title).")
@click.option("--title", help="The article's title (needed when the file has none).")
@click.option("--source", help="Who wrote the article (default: the file's name).")
@click.option("--replace", is_flag=True, help="Overwrite an existing article with this slug.")
@click.pass_context
def import_command(ctx, file: Path, slug, title, source, replace) -> None:
    """Import a plain-text or Markdown FILE as library/<slug>.md.

    In plain text, a short line without final punctuation followed by body text is a heading;
    text before the first heading is the intro.

    Example:

        python manage_content.py import article.txt --slug heroin-and-the-brain \\
            --title "How Heroin Affects the Brain" --source "Omnia Recovery"
    """
    settings = get_settings(ctx)
    result = import_article(
        file, settings.library_dir, slug=slug, title=title, source=source, replace=replace
    )
    click.echo(
        f"Imported {settings.relative(result.path)}: \"{result.title}\", "
        f"{result.sections} sections, {result.paragraphs} paragraphs."
    )


if __name__ == "__main__":
    cli()
