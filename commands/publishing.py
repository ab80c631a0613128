"""Commands that voice and publish the library: build, voices, export, say."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import click

from web.pipeline.settings import Settings

from . import reports
from .group import cli, lang_option, pass_settings
from .progress import progress_bar


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

    try:
        with ExitStack() as stack:  # the options are named as BuildOptions' fields
            result = build_library(settings, BuildOptions(**given),
                                   progress_bar(stack, "Building"))
    except KeyboardInterrupt:  # the lock goes with the process; nothing half-published
        click.echo("\nStopped. The site still serves the last library published; build "
                   "again to go on (the clips voiced so far are kept).", err=True)
        raise SystemExit(130) from None
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo("\n".join(reports.build_report(settings, result)))


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
    from web.pipeline.engine_options import kokoro_voices
    from web.pipeline.voices.registry import ENGINES, describe_voices

    listing = describe_voices(settings, languages, offline=offline)
    click.echo("\n".join(reports.voices_report(listing, ENGINES)))
    click.echo(f"Kokoro voices ([voices.kokoro]): {', '.join(kokoro_voices())}.")


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


@cli.command("say")
@click.argument("text")
@click.option("--lang", "language", default="en", show_default=True,
              help="The language the text is in.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the audio to this MP3 file (default: print the speech only).")
@click.option("--engine", help="Voice with this engine (default: the language's [voices]).")
@pass_settings
def say_command(settings: Settings, text: str, language: str, out: Path | None,
                engine: str | None) -> None:
    """Print what the voices would say for TEXT, and with --out write it as an MP3.

    Staff hear a sentence, with its numbers, dates and abbreviations read as the build reads
    them, before it is published.

    Example: python manage_content.py say "Abrimos lun.–vie. de 10 a. m." --lang es --out a.mp3
    """
    from web.pipeline.voices.say import say_text

    language = settings.check_languages((language,))[0]
    result = say_text(settings, text, language, out, engine=engine)
    for sentence in result.speech:
        click.echo(sentence)
    if result.path:
        click.echo(f"Wrote {result.path} ({', '.join(sorted(set(result.engines)))})")
