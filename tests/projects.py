"""The one way tests and benchmarks make a temporary project: a copy of this project's content."""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PROJECT = Path(__file__).resolve().parents[1]


def compile_messages(root: Path) -> None:
    """Compile the interface catalogs (*.mo are git-ignored; `make translations` does this)."""
    for po in root.glob("locales/*/LC_MESSAGES/messages.po"):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


def copy_project(root: Path, only: tuple[str, ...] | None = None) -> Path:
    """Copy this project's library and catalogs to `root` (only the articles whose slugs are in
    `only`, when given), with an empty audio folder and compiled interface catalogs; return
    `root`."""
    shutil.copytree(PROJECT / "library", root / "library")
    shutil.copytree(PROJECT / "locales", root / "locales", ignore=shutil.ignore_patterns("*.mo"))
    if only is not None:
        for article in (root / "library").glob("*.md"):
            if article.stem not in only:
                article.unlink()
                for catalog in (root / "locales").glob(f"**/{article.stem}.po*"):
                    catalog.unlink()
    (root / "audio").mkdir()
    compile_messages(root)
    return root
