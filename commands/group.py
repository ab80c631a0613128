"""The staff command line's group: errors as one clear line, each command given the project's
settings, the --lang option, and a progress bar."""

from __future__ import annotations

import functools
import logging
import time
from contextlib import ExitStack
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


LOG_EVERY = 5.0  # seconds between two progress lines in a log: a short build prints none


def progress_bar(stack: ExitStack, label: str):
    """Return a progress callback: on a terminal, a bar on stderr with the count and the time
    left; otherwise (a log) a plain line at each tenth of the work, at most every LOG_EVERY
    seconds."""
    stderr, bar, started = click.get_text_stream("stderr"), None, time.monotonic()
    shown = [0, started]  # the last tenth shown, and when

    def on_terminal(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = stack.enter_context(click.progressbar(length=total, label=label, file=stderr,
                                                        show_pos=True, show_eta=True))
        bar.update(done - bar.pos)

    def in_log(done: int, total: int) -> None:
        tenth, now = done * 10 // max(total, 1), time.monotonic()
        if tenth > shown[0] and now - shown[1] >= LOG_EVERY:
            shown[:] = [tenth, now]
            left = (now - started) * (total - done) / max(done, 1)
            click.echo(f"{label}: {done} of {total} steps ({done * 100 // max(total, 1)} %), "
                       f"about {_duration(left)} left", err=True)

    return on_terminal if stderr.isatty() else in_log


def _duration(seconds: float) -> str:
    """Say a time left as people say it: "40 s", "3 min", "1 h 5 min"."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60} min"
