"""kill -9 during a build leaves the published library whole, and the next build completes."""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PROJECT
from test_build import NEW_TEXT, PARAGRAPH, edit_paragraph

from web.content.manifest import load_manifest


def build(root: Path) -> subprocess.Popen:
    """Start a build in its own process, as staff would from a terminal."""
    return subprocess.Popen(
        [sys.executable, str(PROJECT / "manage_content.py"), "--root", str(root), "build",
         "--engine", "silent"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def published(root: Path) -> dict[str, str]:
    """Return the manifest and every file it names, with their sha256."""
    audio = root / "audio"
    manifest = load_manifest(audio / "manifest.json")
    names = ["manifest.json"] + [
        name for article in manifest.articles for edition in article.editions.values()
        for track in [s.track for s in edition.sections] + [edition.track]
        for name in (track.file, track.vtt)]
    return {name: hashlib.sha256((audio / name).read_bytes()).hexdigest() for name in names}


def every_file(root: Path) -> dict[str, bytes]:
    audio = root / "audio"
    return {str(p.relative_to(audio)): p.read_bytes() for p in sorted(audio.rglob("*"))
            if p.is_file() and p.name != ".build.lock"}


@pytest.fixture
def before_edit(project, tmp_path):
    """A built project whose English paragraph has just been edited, and a reference copy."""
    process = build(project)
    assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    edit_paragraph(project, PARAGRAPH, NEW_TEXT)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    started = time.monotonic()
    process = build(reference)
    assert process.wait(timeout=300) == 0, process.stderr.read().decode()
    return project, reference, time.monotonic() - started


def test_kill_9_at_any_moment_keeps_the_published_library_and_the_next_build_completes(
        before_edit, tmp_path):
    project, reference, duration = before_edit
    for trial, moment in enumerate((0.3, 0.6, 0.9)):
        root = tmp_path / f"trial-{trial}"
        shutil.copytree(project, root)
        library = published(root)
        process = build(root)
        time.sleep(duration * moment)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        # Whatever the moment, the site still has a whole library: the old or the new one.
        assert published(root) in (library, published(reference))
        process = build(root)
        assert process.wait(timeout=300) == 0, process.stderr.read().decode()
        assert every_file(root) == every_file(reference), f"kill at {moment:.0%}"
