#!/usr/bin/env python3
"""Benchmark how the library's costs grow with its size: 10, 100 and 1,000 articles in two
languages.

Each library is the seed article plus generated ones (distinct text: headings, paragraphs, a
list and a table each), built with the silent engine, so what is measured is the pipeline's own
work, not a voice's. Each staff command runs as staff type it (a new process, its peak memory
taken from the kernel when it ends); the web app is measured in a process of its own. Prints one
table, with the growth from the smallest library to the largest and each target at the largest
size, met or missed:

- no-op rebuild <= 0.3 s; a one-paragraph edit <= 2 s plus its voicing (nothing, silent);
- staff commands (extract after one article's edit, translate with nothing new, status, check)
  <= 3 s; the first extract of a whole new library is shown without a target (it reads and
  writes every article once, as an import does);
- the cold build's non-voice work <= 0.3 s per article (silent: the whole build is that);
- a build's peak memory flat (at most 1.5 times the smallest library's);
- the front page <= 100 KB;
- the largest download (the largest zip under audio/: an edition's own download) its
  article's audio once, with its text and pictures: at most 1.05 times that edition's
  whole-article MP3.

A run of 1,000 articles takes about half an hour on two cores (the cold build, then the drafts).

Example:

    .venv/bin/python bench/scale.py            # 10, 100 and 1,000 articles
    .venv/bin/python bench/scale.py 10 50      # other sizes, for a quick run
"""

from __future__ import annotations

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])  # the project, not bench/, first
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))

from projects import copy_project  # noqa: E402

from web.pipeline.manifest import load_manifest  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
SIZES = (10, 100, 1000)
WORDS = ("sleep water doctor nurse clinic dose tablet breath heart brain liver kidney blood "
         "pain fever cough family friend child parent help rest walk eat drink morning night "
         "week month daily safe risk sign call stop start change feel care plan test check "
         "visit health body mind stress calm food fruit bread milk salt sugar weight").split()
STAFF_COMMANDS = ("extract (one edited)", "translate (nothing new)", "status",
                  "status (nothing new)", "check")
MB = {"cold build memory", "edit memory", "output", "largest download", "its audio",
      "manifest", "app memory"}
UNITS = {"front page": "KB", "largest download / its audio": "x", **dict.fromkeys(MB, "MB")}


def sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(6, 12))
    return " ".join(words).capitalize() + "."


def slug_of(number: int) -> str:
    return f"topic-{number:04}"


def write_article(library: Path, number: int, rng: random.Random) -> None:
    """Write one generated article with two sections, a list and a table."""
    paragraphs = lambda count: " ".join(sentence(rng) for _ in range(count))  # noqa: E731
    body = [f"---\ntitle: Health Topic {number}\nsummary: {sentence(rng)}\n"
            f"source: Health Library staff\n---\n", paragraphs(3), ""]
    for part in (1, 2):
        body += [f"## Part {part} of Topic {number}", "", paragraphs(3), "",
                 f"- {sentence(rng)}", f"- {sentence(rng)}", "",
                 "| Time | What to do |", "|---|---|",
                 f"| Morning | {sentence(rng)} |", f"| Night | {sentence(rng)} |", ""]
    (library / f"{slug_of(number)}.md").write_text("\n".join(body), encoding="utf-8")


def make_library(root: Path, size: int) -> Path:
    copy_project(root)
    rng = random.Random(size)
    for number in range(1, size):  # the seed article is the first
        write_article(root / "library", number, rng)
    return root


# As on a staff member's machine, Python keeps the bytecode it compiles (the variable that
# stops it, if set here, would make every command compile the whole pipeline again).
STAFF_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(root: Path, *args: str) -> tuple[float, float]:
    """Run one manage_content.py command as staff do; return its seconds and its peak memory
    (MB, the largest of the command and the programs it ran)."""
    # Its messages go to a file: a pipe read only at the end would fill (64 KB: a build of
    # 1,000 articles warns more) and stop the command, waiting to write.
    with tempfile.TemporaryFile() as messages:
        started = time.perf_counter()
        command = subprocess.Popen([sys.executable, str(PROJECT / "manage_content.py"),
                                    "--root", str(root), *args], stdout=subprocess.DEVNULL,
                                   stderr=messages, env=STAFF_ENV)
        _, status, usage = os.wait4(command.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status):
            messages.seek(0)
            raise SystemExit(f"{' '.join(args)} failed: {messages.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss / 1000


def edit_one_paragraph(root: Path) -> None:
    """Add a sentence to the first paragraph of one article, as staff would."""
    path = root / "library" / f"{slug_of(1)}.md"
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"^([A-Z][^\n]*\.)$", r"\1 One more sentence.", text, count=1,
                    flags=re.MULTILINE)
    assert edited != text, "no paragraph to edit"
    path.write_text(edited, encoding="utf-8")


def output_figures(root: Path) -> dict[str, float]:
    """Return the size of everything the build published (MB, each file once), of its
    manifest, and of its largest download with the audio it holds."""
    audio, seen, total = root / "audio", set(), 0
    for path in audio.rglob("*"):
        info = path.lstat()
        if path.is_file() and (info.st_dev, info.st_ino) not in seen:
            seen.add((info.st_dev, info.st_ino))
            total += info.st_size
    zips = [p for p in audio.glob("*/**/*.zip")]
    largest = max(zips, key=lambda p: p.stat().st_size, default=None)
    figures = {"output": total / 1e6,
               "manifest": (audio / "manifest.json").stat().st_size / 1e6}
    if largest:
        figures["largest download"] = largest.stat().st_size / 1e6
        figures["its audio"] = held_audio(audio, largest) / 1e6
        figures["largest download / its audio"] = figures["largest download"] / max(
            figures["its audio"], 1e-9)
    return figures


def held_audio(audio: Path, download: Path) -> int:
    """Return the bytes of the audio a download holds: its edition's whole-article MP3
    (the download is audio/<lang>/<slug>/<slug>-<lang>.<hash>.zip)."""
    manifest = load_manifest(audio / "manifest.json", blocks=False)
    language, slug = download.relative_to(audio).parts[:2]
    article = manifest.article(slug)
    return article.editions[language].track.bytes


APP_PROBE = """
import json, resource, sys, time
started = time.perf_counter()
from web import create_app
client = create_app({"LIBRARY_ROOT": sys.argv[1]}).test_client()
client.get("/en/")  # the first request loads the published library
start = time.perf_counter() - started
page = client.get("/en/").get_data()
print(json.dumps({"app start": start, "app memory": resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss / 1000, "front page": len(page) / 1000}))
"""


def web_figures(root: Path) -> dict[str, float]:
    """Return the app's start-up seconds and peak memory (MB) in a new process, as a web
    worker starts, and the English front page's size (KB)."""
    found = subprocess.run([sys.executable, "-c", APP_PROBE, str(root)], check=True,
                           capture_output=True, text=True, cwd=PROJECT, env=STAFF_ENV)
    return json.loads(found.stdout)


def measure(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        root = make_library(Path(folder) / "project", size)
        figures = {}
        for step, args in (("extract (all new)", ("extract",)),
                           ("translate (drafts)", ("translate",)),
                           ("translate (nothing new)", ("translate",)),
                           ("status", ("status",)), ("status (nothing new)", ("status",)),
                           ("check", ("check",))):
            figures[step] = run(root, *args)[0]
        build = ("build", "--engine", "silent", "--publish-drafts")
        figures["cold build"], figures["cold build memory"] = run(root, *build)
        figures["cold build per article"] = figures["cold build"] / size
        figures["no-op rebuild"] = run(root, *build)[0]
        edit_one_paragraph(root)
        figures["one-paragraph edit"], figures["edit memory"] = run(root, *build)
        figures["extract (one edited)"] = run(root, "extract")[0]
        figures.update(output_figures(root))
        figures.update(web_figures(root))
        return figures


def targets(results: dict[int, dict[str, float]]) -> dict[str, tuple[str, bool]]:
    """Return each row's target at the largest size, and whether it is met."""
    small, large = results[min(results)], results[max(results)]
    found = {"no-op rebuild": ("<= 0.3 s", large["no-op rebuild"] <= 0.3),
             "one-paragraph edit": ("<= 2 s + voicing (none)", large["one-paragraph edit"] <= 2),
             "cold build per article": ("<= 0.3 s", large["cold build per article"] <= 0.3),
             "front page": ("<= 100 KB", large["front page"] <= 100)}
    found |= {step: ("<= 3 s", large[step] <= 3) for step in STAFF_COMMANDS}
    found |= {step: ("flat (<= 1.5x)", large[step] <= 1.5 * small[step])
              for step in ("cold build memory", "edit memory", "app memory")}
    if "largest download / its audio" in large:
        found["largest download / its audio"] = (
            "<= 1.05x", large["largest download / its audio"] <= 1.05)
    return found


def main() -> None:
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES
    results = {}
    for size in sizes:  # each size's figures as soon as they are known (a long run may stop)
        results[size] = measure(size)
        print(json.dumps({size: results[size]}), file=sys.stderr, flush=True)
    goals = targets(results)
    print(f"{'step':<30}" + "".join(f"{f'{s} articles':>14}" for s in sizes)
          + f"{'growth':>9}   target at {sizes[-1]}")
    for step in results[sizes[0]]:
        unit = UNITS.get(step, "s")
        cells = "".join(f"{results[s].get(step, 0):>11.2f} {unit:<2}" for s in sizes)
        growth = results[sizes[-1]].get(step, 0) / max(results[sizes[0]].get(step, 0), 1e-9)
        goal, met = goals.get(step, ("", None))
        verdict = "" if met is None else " met" if met else " MISSED"
        print(f"{step:<30}{cells}{growth:>8.1f}x   {goal}{verdict}")


if __name__ == "__main__":
    main()
