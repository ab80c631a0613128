"""The documentation stays true to the tree: every module listed once in docs/architecture.md,
and a README a newcomer can read, whose quick start names the two commands."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHITECTURE = ROOT / "docs" / "architecture.md"
README = ROOT / "README.md"
# A module line of docs/architecture.md: "- `web/pipeline/files.py`: what it holds."
MODULE_LINE = re.compile(r"^- `([^`]+\.py)`: \S")
README_MAX_LINES = 400


def project_modules() -> set[str]:
    """Return every Python module of the project, as paths relative to its root."""
    found = {p.name for p in ROOT.glob("*.py")}
    for folder, pattern in (("web", "**/*.py"), ("commands", "*.py"), ("deploy", "*.py"),
                            ("bench", "*.py")):
        found |= {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).glob(pattern)}
    return found


def listed_modules() -> list[str]:
    """Return the modules docs/architecture.md lists, in order, repeats included."""
    lines = ARCHITECTURE.read_text(encoding="utf-8").splitlines()
    return [m.group(1) for m in map(MODULE_LINE.match, lines) if m]


def test_every_module_is_listed_in_the_architecture():
    missing = sorted(project_modules() - set(listed_modules()))
    assert not missing, ("Add a line '- `MODULE`: what it holds.' to docs/architecture.md for: "
                         + ", ".join(missing))


def test_no_listed_module_is_missing_on_disk():
    gone = sorted(set(listed_modules()) - project_modules())
    assert not gone, ("docs/architecture.md lists modules that do not exist; remove (or rename) "
                      "their lines: " + ", ".join(gone))


def test_each_module_is_listed_once():
    twice = sorted(m for m, n in Counter(listed_modules()).items() if n > 1)
    assert not twice, "docs/architecture.md lists these modules more than once: " + ", ".join(twice)


def test_the_readme_reads_in_ten_minutes():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, (
        f"README.md has {len(lines)} lines, over {README_MAX_LINES}: move details to docs/")


def test_the_quick_start_names_the_two_commands():
    text = README.read_text(encoding="utf-8")
    start = re.search(r"^## Quick start\n(.*?)(?=^## )", text, re.M | re.S)
    assert start, "README.md has no '## Quick start' section"
    for command in ("make run", "make test"):
        assert command in start.group(1), f"README.md's quick start does not name `{command}`"
