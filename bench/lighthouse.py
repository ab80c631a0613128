#!/usr/bin/env python3
"""Audit the article page with Lighthouse 12 in Debian's Chromium, as a phone of 360 px.

Builds the seed library with the silent engine in a temporary folder, serves it on loopback,
and runs Lighthouse (installed from package.json by `npm ci`) on the English and Spanish
article pages and index pages. Prints the accessibility score and the layout shift against the
targets. (Layout shift with reading aids chosen before load is checked by the browser tests.)

Example:

    npm ci && .venv/bin/python bench/lighthouse.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parents[1])  # the project, not bench/, first
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))

from projects import copy_project  # noqa: E402
from web_support import LiveServer, make_app  # noqa: E402

from web.pipeline.build import BuildOptions, build_library  # noqa: E402
from web.pipeline.settings import load_settings  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = PROJECT / "node_modules" / ".bin" / "lighthouse"
SLUG = "heroin-and-the-brain"
PHONE = ["--form-factor=mobile", "--screenEmulation.mobile", "--screenEmulation.width=360",
         "--screenEmulation.height=740", "--screenEmulation.deviceScaleFactor=2"]


def audit(url: str) -> tuple[float, float]:
    """Return the accessibility score (0-100) and cumulative layout shift of one page."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [str(LIGHTHOUSE), url, "--quiet", "--only-categories=accessibility,performance",
             "--output=json", f"--output-path={report}", "--throttling-method=provided",
             "--chrome-flags=--headless=new --no-sandbox", *PHONE],
            check=True, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            capture_output=True)
        found = json.loads(report.read_text())
    score = found["categories"]["accessibility"]["score"] * 100
    shift = found["audits"]["cumulative-layout-shift"]["numericValue"]
    return score, shift


def main() -> None:
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: run 'npm ci' in the project folder first.")
    with tempfile.TemporaryDirectory() as folder:
        root = copy_project(Path(folder) / "project")
        build_library(load_settings(root), BuildOptions(engine="silent"))
        server = LiveServer(make_app(root))
        try:
            print(f"{'page':<32} {'accessibility':>14} {'layout shift':>13}   targets: 100, < 0.1")
            for path in (f"/{lang}/{page}" for lang in ("en", "es") for page in (f"{SLUG}/", "")):
                score, shift = audit(server.url + path)
                met = "met" if score == 100 and shift < 0.1 else "NOT met"
                print(f"{path:<32} {score:>14.0f} {shift:>13.3f}   {met}")
        finally:
            server.stop()


if __name__ == "__main__":
    main()
