"""The pipeline's results as the lines of text the command line prints (it never prints here)."""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from web.pipeline.notices import plural
from web.pipeline.plain_language import MAX_SENTENCES, MAX_WORDS
from web.pipeline.readability_targets import EASY_READ
from web.pipeline.states import TRANSLATION_STATES

if TYPE_CHECKING:  # only the types: printing a status must not load the voice engines
    from web.export import ExportResult
    from web.pipeline.build import BuildResult
    from web.pipeline.importer import ImportResult
    from web.pipeline.removal import RemovalResult
    from web.pipeline.settings import Settings
    from web.pipeline.translation.drafts import DraftResult
    from web.pipeline.translation.extract import ExtractResult
    from web.pipeline.translation.status import TranslationStatus
    from web.pipeline.voices.registry import EngineStatus


def error_message(error: Exception) -> str:
    """Return the one line an error that stops a command says to staff."""
    if not isinstance(error, OSError):
        return str(error)  # a ContentError says where, what and what to do
    # A folder that is a file, no permission, a full disk.
    return (f"{error.filename or 'the project folder'}: {error.strerror or error}. Check that "
            "it is a folder you can write to, with free space, then run the command again.")


def import_report(settings: Settings, result: ImportResult) -> list[str]:
    """Return what `import` wrote (or would write) and found in the file, what a conversion
    left out and changed, and which ids a replacement kept."""
    extra = ""
    if result.kind or result.pictures or result.notes:
        extra = f", {plural(result.pictures, 'picture')}, {plural(result.notes, 'note')}"
    verb = "Would import" if result.dry_run else "Imported"
    lines = [f"{verb} {settings.relative(result.path)}"
             f"{f' from a {result.kind}' if result.kind else ''}: \"{result.title}\", "
             f"{plural(result.sections, 'section')}, {plural(result.paragraphs, 'paragraph')}, "
             f"{plural(result.lists, 'list')} ({plural(result.items, 'item')}), "
             f"{plural(result.tables, 'table')}, {plural(result.links, 'link')}{extra}."]
    if result.dropped:
        lines.append(f"Left out: {'; '.join(result.dropped)}.")
    lines += [f"Check: {remark}." for remark in result.remarks]
    ids = result.ids
    if ids:
        def listed(count: int, what: str, names) -> str:
            return f"{plural(count, what)}{': ' if names else ''}{', '.join(names)}"

        edited = [f"{block_id} ({round(ratio * 100)} %)" for block_id, ratio in ids.edited]
        lines.append(f"Kept {plural(ids.kept, 'id')}; matched "
                     f"{listed(len(edited), 'edited block', edited)}; "
                     f"{listed(len(ids.new), 'new block', ids.new)}; "
                     f"{listed(len(ids.removed), 'removed block', ids.removed)}.")
    if result.dry_run:
        lines.append("Dry run: nothing was written.")
    return lines


def extract_report(settings: Settings, result: ExtractResult) -> list[str]:
    """Return what `extract` changed in each catalog, then what it wrote."""
    verb = "would write" if result.dry_run else "wrote"
    lines = [f"{settings.relative(pinned.path)}: {verb} the ids of "
             f"{plural(len(pinned.ids), 'block')} that had no {{#id}} line: {', '.join(pinned.ids)}"
             for pinned in result.articles]
    for change in result.catalogs:
        label = settings.relative(change.path)
        for kind in ("new", "stale", "renamed", "restored", "obsolete"):
            ids = getattr(change, kind)
            if ids:
                lines.append(f"{label}: {len(ids)} {kind}: {', '.join(ids)}")
        if change.purged:
            lines.append(f"{label}: {plural(change.purged, 'obsolete entry', 'obsolete entries')}"
                         " purged (the previous version is kept: see history)")
        elif change.kept:
            lines.append(f"{label}: {plural(change.kept, 'obsolete entry', 'obsolete entries')}"
                         " kept (a block that comes back gets its translation back)")
    written = [settings.relative(p) for p in result.written]
    lines.append(f"Extracted {plural(len(result.templates), 'article')}: {verb} "
                 f"{plural(len(written), 'file')}{': ' if written else '.'}{', '.join(written)}")
    return lines


def draft_report(settings: Settings, result: DraftResult, dry_run: bool) -> list[str]:
    """Return what `translate` filled in each catalog, from the memory or with drafts."""
    kinds = (("from memory", result.remembered), ("suggested from memory", result.suggested),
             ("to draft" if dry_run else "drafted", result.drafted))
    lines = [f"{settings.relative(path)}: {len(ids)} {kind}: {', '.join(ids)}"
             for kind, filled in kinds for path, ids in filled.items()]
    if result.problem:
        lines.append(f"No machine draft engine for {settings.source_language}→{result.language} "
                     f"here: {result.engine}: {result.problem}. Translate by hand in "
                     f"{', '.join(map(settings.relative, result.undrafted))}.")
    else:
        verb = "Would draft" if dry_run else "Drafted"
        lines.append(f"{verb} {plural(result.count, 'entry', 'entries')} in {result.language} "
                     f"with {result.engine}; review them before publishing.")
    remembered, suggested = (sum(map(len, kind.values()))
                             for kind in (result.remembered, result.suggested))
    if remembered or suggested:
        lines.append(f"Translation memory: {remembered} reused as reviewed elsewhere (published), "
                     f"{suggested} close {'match' if suggested == 1 else 'matches'} to review.")
    return lines


def removal_report(settings: Settings, removal: RemovalResult) -> list[str]:
    """Return the files `remove` deletes, the reviewed work lost with them, and what follows."""
    lines = [f"Removing {removal.slug}:", *(f"  {settings.relative(p)}" for p in removal.files)]
    for language, count in removal.reviewed.items():
        if count:
            lines.append(f"  with {plural(count, 'translation')} reviewed in {language}")
    lines.append(f"Removed {plural(len(removal.files), 'file')}; the next build takes "
                 f"{removal.slug} and its audio off the site.")
    return lines


def orphans_report(settings: Settings, orphans: list) -> list[str]:
    """Return one line per catalog whose article is gone, with what to do."""
    return [f"Orphaned catalog: {settings.relative(p)}: library/{p.stem}.md is gone. Restore "
            f"the article, or run 'manage_content.py remove {p.stem}'." for p in orphans]


def status_report(rows: list[TranslationStatus], max_age: int) -> list[str]:
    """Return the status table: blocks, then words, per state, for each article and language;
    then how easy each edition is to read."""
    editions = rows
    rows = [row for row in rows if not row.source]
    lines = [f"{'article':<32} {'lang':<5} {'total':>5} "
             + " ".join(f"{state:>9}" for state in TRANSLATION_STATES)]
    for row in rows:
        cells = " ".join(f"{getattr(row, state):>9}" for state in TRANSLATION_STATES)
        lines.append(f"{row.article:<32} {row.language:<5} {row.total:>5} {cells}")
        words = " ".join(f"{row.words[state]:>9}" for state in TRANSLATION_STATES)
        lines.append(f"{'  words':<32} {'':<5} {sum(row.words.values()):>5} {words}")
    reviewed = sum(row.complete for row in rows)
    lines.append(f"{reviewed} of {len(rows)} translations fully reviewed.")
    return lines + ["", *readability_report(editions), "", *reviews_report(editions, max_age)]


def reviews_report(rows: list[TranslationStatus], max_age: int,
                   today: datetime.date | None = None) -> list[str]:
    """Return the editions whose medical or translation review is too old or undated."""
    today = today or datetime.date.today()
    flagged = [(row, row.review_notice(max_age, today)) for row in rows]
    flagged = [(row, notice) for row, notice in flagged if notice]
    if not flagged:
        return [f"Reviews: none is older than {max_age} days."]
    return [f"Reviews to renew ({len(flagged)}; library.toml [review] max_age_days = {max_age}):",
            *(f"{row.article:<32} {row.language:<5} {notice}" for row, notice in flagged)]


def status_json(rows: list[TranslationStatus]) -> str:
    """Return the status as the JSON list `status --json` prints, for scripts."""
    return json.dumps([{**asdict(r), "readability": r.readability.as_json()} for r in rows],
                      ensure_ascii=False, indent=1)


def check_failure(problems) -> str:
    """Return why `check` fails: how many problems the catalogs have."""
    return (f"{plural(len(problems), 'problem')} in the catalogs. Fix them and run check "
            "again.")


def readability_report(rows: list[TranslationStatus]) -> list[str]:
    """Return each edition's readability score against its target, its longest sentence and
    its rarest words."""
    # Imported here: it loads the Markdown parser, which a build's report does not need.
    from web.pipeline.readability import FORMULA_NAMES

    lines = [f"{'readability':<32} {'lang':<5} {'edition':<10} {'score':>6} {'target':>8}  "
             "formula"]
    for row in rows:
        found = row.readability
        if found.score is None:
            lines.append(f"{row.article:<32} {row.language:<5} {row.edition:<10} "
                         f"{'-':>6} {'':>8}  not measured: "
                         + ("no text in this language yet" if found.formula else
                            "no readability formula for this language"))
            continue
        target = "" if found.target is None else \
            f"{'≥' if found.easier_is_higher else '≤'} {found.target:g}"
        verdict = {True: "", False: "  MISSES ITS TARGET", None: ""}[found.meets_target]
        lines.append(f"{row.article:<32} {row.language:<5} {row.edition:<10} "
                     f"{found.score:>6.1f} {target:>8}  {FORMULA_NAMES[found.formula]}{verdict}")
        if found.longest:
            longest = found.longest[0]
            lines.append(f"  longest sentence: {longest['block']}, {longest['words']} words")
        if found.rarest:
            lines.append("  rarest words: " + ", ".join(w["word"] for w in found.rarest))
        if row.edition == EASY_READ:
            lines += easy_read_lines(found, headings=not row.glossary)
    return lines


LONGEST_SHOWN = 3  # long paragraphs named in the status, longest first


def easy_read_lines(found, headings: bool = True) -> list[str]:
    """Return an easy read's shape: its long paragraphs, its headings that are not questions
    (unless `headings` is False: a glossary's are its terms) and its calls to action that do
    not say how (plain_language.py)."""
    lines = [f"  paragraphs: {found.paragraphs}, {len(found.long_paragraphs)} longer than "
             f"{MAX_SENTENCES} sentences or {MAX_WORDS} words"
             + "".join(f"; {p['block']} {p['sentences']} sentences, {p['words']} words"
                       for p in found.long_paragraphs[:LONGEST_SHOWN])]
    if headings:
        lines.append(f"  headings as questions: {found.headings - len(found.statements)} of "
                     f"{found.headings}")
    lines += [f"  call to action with no number or link: {c['block']} \"{c['text']}\""
              for c in found.calls_without_how]
    return lines


def build_report(settings: Settings, result: BuildResult) -> list[str]:
    """Return what a build did, or for a dry run what it would voice and write."""
    languages = plural(len(result.languages), "language")
    articles = plural(result.articles, "article")
    if result.dry_run:
        return [f"Dry run, {languages}, {articles}: "
                f"{plural(result.clips_voiced, 'sentence')} to voice, {result.clips_cached} "
                f"cached, {plural(len(result.would_write), 'file')} to write.",
                *(f"  voice {line}" for line in result.would_voice),
                *(f"  write {line}" for line in result.would_write)]
    engines = ", ".join(f"{name} {count}" for name, count in result.engines.items())
    return [f"Built {languages}, {articles}: {plural(result.clips_voiced, 'clip')} voiced"
            f"{f' ({engines})' if engines else ''}, {result.clips_cached} cached, "
            f"{plural(result.tracks_written, 'track')} written, {result.tracks_unchanged} "
            f"unchanged, {plural(result.files_removed, 'old file')} removed. "
            f"Manifest: {settings.relative(settings.manifest_path)}"
            f"{'' if result.manifest_written else ' (unchanged)'}"]


def voices_report(listing: dict[str, list[EngineStatus]], engines) -> list[str]:
    """Return, per language, each engine in the order a build tries it, and whether it runs;
    then every engine there is."""
    lines = []
    for language, statuses in listing.items():
        lines.append(f"{language}:")
        for number, status in enumerate(statuses, start=1):
            if status.problem:
                state = f"cannot run: {status.problem}"
            else:
                state = "ready" if status.offline else "ready when online"
            lines.append(f"  {number}. {status.name:<10} {status.voice:<32} {state}")
    return [*lines, f"Engines: {', '.join(engines)}."]


def export_report(result: ExportResult, folder: Path) -> str:
    """Return what `export` wrote, and for which address."""
    return (f"Exported {plural(result.pages, 'page')} and {plural(result.files, 'file')} "
            f"({result.bytes / 1_000_000:.1f} MB) to {folder} for {result.base_url}")


def history_report(settings: Settings, history) -> list[str]:
    """Return each catalog's kept versions, numbered newest first, with when each was replaced."""
    lines = []
    for path, versions in history:
        lines.append(f"{settings.relative(path)}: {plural(len(versions), 'earlier version')}")
        lines += [f"  {v.number}  replaced {v.replaced:%Y-%m-%d %H:%M:%S} UTC" for v in versions]
    return lines
