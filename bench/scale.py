#!/usr/bin/env python3
"""Benchmark how the library's costs grow with its size: 10, 50 and 200 articles in two languages.

Each library is the seed article plus generated ones (distinct text: headings, paragraphs, a
list and a table each), built with the silent engine. Each staff command runs as staff type it
(a new process); the web app is measured in process. Prints one table, with the growth from the
smallest library to the largest and the targets.

Example:

    .venv/bin/python bench/scale.py            # 10, 50 and 200 articles
    .venv/bin/python bench/scale.py 10 50      # other sizes
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

PROJECT = Path(__file__).resolve().parents[1]
SIZES = (10, 50, 200)
WORDS = ("sleep water doctor nurse clinic dose tablet breath heart brain liver kidney blood "
         "pain fever cough family friend child parent help rest walk eat drink morning night "
         "week month daily safe risk sign call stop start change feel care plan test check "
         "visit health body mind stress calm food fruit bread milk salt sugar weight").split()
# What a step may cost at the largest size (seconds, or kilobytes for the index page).
TARGETS = {"no-op rebuild": "<= 0.5 s", "extract": "<= 3 s", "translate (nothing new)": "<= 3 s",
           "status": "<= 3 s", "status (nothing new)": "<= 3 s", "check": "<= 3 s",
           "index page": "<= 100 KB",
           "app start": "flat", "app memory": "flat"}


def sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(6, 12))
    return " ".join(words).capitalize() + "."


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
    (library / f"topic-{number:03}.md").write_text("\n".join(body), encoding="utf-8")


def make_library(root: Path, size: int) -> Path:
    copy_project(root)
    rng = random.Random(size)
    for number in range(1, size):  # the seed article is the first
        write_article(root / "library", number, rng)
    return root


# As on a staff member's machine, Python keeps the bytecode it compiles (the variable that
# stops it, if set here, would make every command compile the whole pipeline again).
STAFF_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(root: Path, *args: str) -> float:
    """Run one manage_content.py command as staff do; return its seconds."""
    started = time.perf_counter()
    subprocess.run([sys.executable, str(PROJECT / "manage_content.py"), "--root", str(root),
                    *args], check=True, capture_output=True, env=STAFF_ENV)
    return time.perf_counter() - started


def edit_one_paragraph(root: Path) -> None:
    """Add a sentence to the first paragraph of one article, as staff would."""
    path = root / "library" / "topic-001.md"
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r"^([A-Z][^\n]*\.)$", r"\1 One more sentence.", text, count=1,
                    flags=re.MULTILINE)
    assert edited != text, "no paragraph to edit"
    path.write_text(edited, encoding="utf-8")


APP_PROBE = """
import json, resource, sys, time
started = time.perf_counter()
from web import create_app
client = create_app({"LIBRARY_ROOT": sys.argv[1]}).test_client()
client.get("/en/")  # the first request loads the published library
start = time.perf_counter() - started
started = time.perf_counter()
page = client.get("/en/").get_data()
print(json.dumps({"app start": start, "app memory": resource.getrusage(
    resource.RUSAGE_SELF).ru_maxrss / 1000, "index page": len(page) / 1000,
    "index page time": time.perf_counter() - started}))
"""


def web_figures(root: Path) -> dict[str, float]:
    """Return the app's start-up seconds and peak memory (MB) in a new process, as a web
    worker starts, and the English index page's size (KB) and time."""
    found = subprocess.run([sys.executable, "-c", APP_PROBE, str(root)], check=True,
                           capture_output=True, text=True, cwd=PROJECT, env=STAFF_ENV)
    return json.loads(found.stdout)


def measure(size: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        root = make_library(Path(folder) / "project", size)
        figures = {"extract": run(root, "extract"),
                   "translate (drafts)": run(root, "translate"),
                   "translate (nothing new)": run(root, "translate"),
                   "status": run(root, "status"),
                   "status (nothing new)": run(root, "status"),
                   "check": run(root, "check")}
        build = ("build", "--engine", "silent", "--publish-drafts")
        figures["cold build"] = run(root, *build)
        figures["no-op rebuild"] = run(root, *build)
        edit_one_paragraph(root)
        figures["one-paragraph edit"] = run(root, *build)
        figures["manifest"] = (root / "audio" / "manifest.json").stat().st_size / 1e6
        figures.update(web_figures(root))
        return figures


UNITS = {"index page": "KB", "manifest": "MB", "app memory": "MB"}


def main() -> None:
    sizes = tuple(int(a) for a in sys.argv[1:]) or SIZES
    results = {size: measure(size) for size in sizes}
    steps = list(results[sizes[0]])
    print(f"{'step':<26}" + "".join(f"{f'{s} articles':>14}" for s in sizes)
          + f"{'growth':>10}   target at {sizes[-1]}")
    for step in steps:
        unit = UNITS.get(step, "s")
        cells = "".join(f"{results[s][step]:>11.2f} {unit:<2}" for s in sizes)
        growth = results[sizes[-1]][step] / max(results[sizes[0]][step], 1e-9)
        print(f"{step:<26}{cells}{growth:>9.1f}x   {TARGETS.get(step, '')}")


if __name__ == "__main__":
    main()
