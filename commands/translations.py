"""Commands on the translations: extract, translate, history, status, check."""

from __future__ import annotations

import click

from web.pipeline.settings import Settings
from web.pipeline.translation.translators import DEFAULT_TRANSLATOR

from . import reports
from .group import cli, lang_option, pass_settings


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
    (a check fails), stale (the English changed), missing. Then each edition's readability,
    and the medical and translation reviews older than library.toml's [review] max_age_days
    (365 by default) or with no day recorded. Catalogs whose article is gone are named after
    the table (on stderr with --json).

    Example: python manage_content.py status --json
    """
    from web.pipeline.translation.status import library_status

    status = library_status(settings, languages)
    if as_json:
        click.echo(reports.status_json(status.rows))
    else:
        click.echo("\n".join(reports.status_report(status.rows,
                                                    settings.review_max_age_days)))
    for line in reports.orphans_report(settings, status.orphans):
        click.echo(line, err=as_json)


@cli.command("review")
@click.argument("slug")
@click.option("--lang", "language", required=True, help="The translation's language.")
@click.option("--by", "reviewer", required=True, help="Who reviewed it (a person or a team).")
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day of the review, year-month-day (default: today).")
@pass_settings
def review_command(settings: Settings, slug, language, reviewer, day) -> None:
    """Record who reviewed an article's translation, and when, in its catalog's header.

    The page, the talking book and the feed then say so, and status flags the translation
    again when the review is older than library.toml's [review] max_age_days.

    Example: python manage_content.py review heroin-and-the-brain --lang es --by "Spanish team"
    """
    import datetime

    from web.pipeline.translation.reviews import record_review

    label, review = record_review(settings, slug, language, reviewer,
                                  day.date() if day else datetime.date.today())
    click.echo(f"{label}: reviewed by {review.reviewer} on {review.reviewed}. Run build to "
               "publish it.")


@cli.command("check")
@pass_settings
def check_command(settings: Settings) -> None:
    """Validate every catalog; exit 1 if anything needs fixing.

    Reports, with file and line, PO syntax errors, numbers, web addresses, markup and glossary
    terms that differ from the English, untranslated entries and msgctxts that name no block;
    in a machine draft or a stale entry (not published) such a difference is a note only;
    then shows each edition's readability and warns (exit code 0) of each one that misses its
    target in library/library.toml.

    Example: python manage_content.py check
    """
    from web.pipeline.library_check import check_library

    result = check_library(settings)
    for note in result.notes:
        click.echo(f"Note (a suggestion awaiting review): {note}", err=True)
    for problem in result.problems:
        click.echo(str(problem))
    if result.problems:
        raise click.ClickException(reports.check_failure(result.problems))
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo("\n".join(reports.readability_report(result.rows)))
    click.echo("All catalogs are valid.")
