"""The staff command line's group: errors as one clear line, each command given the project's
settings, and the --lang option (a build's progress: progress.py)."""

from __future__ import annotations

import functools
import logging
from pathlib import Path

import click

from web.pipeline.errors import ContentError
from web.pipeline.settings import load_settings

from . import reports


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
