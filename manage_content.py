#!/usr/bin/env python3
"""manage_content.py: import articles, sync and draft translations, voice and publish the library.

A thin command line over web/pipeline (the commands are in commands/): options -> Settings ->
one pipeline call -> print. Problems with content become `Error: <where>: <what>. <what to do>`
and exit code 1.
"""

from commands import articles, publishing, translations  # noqa: F401  (each adds its commands)
from commands.group import cli

@cli.command("say")
@click.argument("text")
@click.option("--lang", "language", default="en", show_default=True,
              help="The language the text is in.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the audio to this MP3 file (default: print the speech only).")
@click.option("--engine", help="Voice with this engine (default: the language's [voices]).")
@click.pass_context
def say_command(ctx, text: str, language: str, out: Path | None, engine: str | None) -> None:
    """Print what the voices would say for TEXT, and with --out write it as an MP3.

    Staff hear a sentence, with its numbers, dates and abbreviations read as the build reads
    them, before it is published.

    Example:

        python manage_content.py say "Abrimos lun.–vie. de 10 a. m. a 4 p. m." --lang es --out a.mp3
    """
    from web.pipeline.voices.say import say_text

    settings = get_settings(ctx)
    language = settings.check_languages((language,))[0]
    result = say_text(settings, text, language, out, engine=engine)
    for sentence in result.speech:
        click.echo(sentence)
    if result.path:
        click.echo(f"Wrote {result.path} ({', '.join(sorted(set(result.engines)))})")


if __name__ == "__main__":
    cli()
