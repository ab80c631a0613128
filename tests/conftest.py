"""Shared fixtures: a copy of the project in a temporary folder, and the CLI run as staff run it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from projects import copy_project

from manage_content import cli

# Suites marked by their folder, so that `pytest -m "not browser and not system"` is the quick loop.
FOLDER_MARKERS = {"browser", "system"}

# The seed article as the recovery center wrote it, kept beside the tests so they run anywhere.
SEED = Path(__file__).resolve().parent / "data" / "heroin-and-the-brain.txt"


def pytest_collection_modifyitems(items) -> None:
    """Mark each test of tests/browser/ and tests/system/ with its folder's name."""
    for item in items:
        if item.path.parent.name in FOLDER_MARKERS:
            item.add_marker(item.path.parent.name)


class Staff:
    """Runs manage_content.py commands in one project folder, as a staff member would."""

    def __init__(self, root: Path):
        self.root = root
        self.runner = CliRunner()

    def run(self, *args: str, expect: int | None = 0):
        """Run one command; check its exit code unless `expect` is None."""
        result = self.runner.invoke(cli, ["--root", str(self.root), *args])
        if expect is not None:
            assert result.exit_code == expect, result.output + repr(result.exception)
        return result


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of this project's content (library/ and locales/) in a temporary folder."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def staff(project: Path) -> Staff:
    """The CLI, run on the temporary project."""
    return Staff(project)


SEED_SLUG = "heroin-and-the-brain"


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of the project with the seed article alone (no easy read, no glossary)."""
    return copy_project(tmp_path / "project", only=(SEED_SLUG,))


@pytest.fixture
def seed_staff(seed_project: Path) -> Staff:
    """The CLI, run on a project with the seed article alone."""
    return Staff(seed_project)
