#!/usr/bin/env python3
"""Benchmark the website: the app as `make run` serves it (nginx in front of gunicorn,
deploy/serve.py) against nginx serving an export.

Both servers run on loopback free ports over the same library: this project's, when it is built
(audio/manifest.json), else a temporary copy built with the silent engine. wrk (Debian) loads
the English article page and its first section's MP3 on each server, sending
`Accept-Encoding: gzip` as browsers do, and a table shows requests per second, p50 and p99
latency, errors, the app/nginx ratios, and the targets (each run follows a one-second warm-up
that is not measured). The servers are always stopped.

Example:

    .venv/bin/python bench/web.py            # 64 connections, 20 s per run
    .venv/bin/python bench/web.py --quick    # a 3 s smoke run
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from pathlib import Path

# Run as a script, this file's folder comes first on the path and its name would hide the
# `web` package: look for modules in the project instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # the tests' helpers

from front_support import FrontServer  # noqa: E402
from projects import copy_project  # noqa: E402

from deploy.nginx_server import Nginx  # noqa: E402
from web import create_app  # noqa: E402
from web.export import export_site  # noqa: E402
from web.pipeline.build import BuildOptions, build_library  # noqa: E402
from web.pipeline.manifest import load_manifest  # noqa: E402
from web.pipeline.settings import load_settings  # noqa: E402

PROJECT = Path(__file__).resolve().parents[1]
# wrk calls done() once at the end; print what the table needs as one JSON line.
DONE_SCRIPT = """
wrk.headers["Accept-Encoding"] = "gzip"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.6f, "p50_ms": %.3f, "p99_ms": %.3f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
"""
MAX_P99_MS = 50
MIN_RATIO = 0.5
APP, EXPORT = "app (make run)", "nginx (export)"


def library_root(folder: Path) -> Path:
    """Return this project if it is built, else a copy built with the silent engine."""
    if (PROJECT / "audio" / "manifest.json").exists():
        return PROJECT
    root = copy_project(folder / "project")
    print("Building a temporary library with the silent engine...", flush=True)
    build_library(load_settings(root), BuildOptions(engine="silent"))
    return root


def targets(root: Path) -> dict[str, str]:
    """Return the paths of the English article page and of its first section's MP3."""
    manifest = load_manifest(root / "audio" / "manifest.json")
    article = next(a for a in manifest.articles if "en" in a.editions)
    return {"article page": f"/en/{article.slug}/",
            "audio (MP3)": f"/audio/{article.editions['en'].sections[0].track.file}"}


@contextmanager
def front(root: Path, folder: Path):
    """Run the app as `make run` does; yield its base URL."""
    server = FrontServer(root, folder / "serve.log").start()
    try:
        yield server.url
    finally:
        server.stop()


def run_wrk(url: str, script: Path, connections: int, seconds: int, threads: int) -> dict:
    """Run wrk against `url`; return requests/s, p50, p99 (ms) and errors."""
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "2s",
               "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True,
                            timeout=seconds + 60).stdout
    line = next(x for x in output.splitlines() if x.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / result["seconds"]
    return result


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def report(results: dict, connections: int, seconds: int) -> None:
    """Print the table, the ratios and whether each target is met."""
    print(f"\nwrk, {connections} connections, {seconds} s per run, Accept-Encoding: gzip\n")
    print(f"{'target':<14} {'server':<16} {'requests/s':>11} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'errors':>7}")
    for (name, server), r in results.items():
        print(f"{name:<14} {server:<16} {r['rps']:>11.0f} {r['p50_ms']:>8.1f} "
              f"{r['p99_ms']:>8.1f} {r['errors']:>7}")
    print()
    names = dict.fromkeys(name for name, _ in results)
    ratios = {n: results[n, APP]["rps"] / results[n, EXPORT]["rps"] for n in names}
    for name, ratio in ratios.items():
        print(f"app/nginx requests per second, {name}: {ratio:.2f}")
    errors = sum(r["errors"] for r in results.values())
    print("\nTargets:")
    print(f"  no errors: {errors} errors -> {verdict(errors == 0)}")
    for name, ratio in ratios.items():
        print(f"  app >= {MIN_RATIO}x nginx, {name}: {ratio:.2f}x -> "
              f"{verdict(ratio >= MIN_RATIO)}")
    for (name, server), r in results.items():
        print(f"  p99 <= {MAX_P99_MS} ms, {name}, {server}: {r['p99_ms']:.1f} ms -> "
              f"{verdict(r['p99_ms'] <= MAX_P99_MS)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per run (default 20)")
    parser.add_argument("--connections", type=int, default=64,
                        help="open connections (default 64)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--quick", action="store_true", help="a 3 s smoke run")
    args = parser.parse_args()
    seconds = 3 if args.quick else args.duration
    if shutil.which("wrk") is None:
        sys.exit("Error: wrk is not installed. Run 'make system' (Debian package wrk).")
    with tempfile.TemporaryDirectory(prefix="bench-web-") as name, ExitStack() as stack:
        folder = Path(name)
        root = library_root(folder)
        nginx = Nginx(folder / "site", folder / "nginx")
        export_site(create_app({"LIBRARY_ROOT": str(root)}), nginx.site, nginx.url + "/")
        servers = {APP: stack.enter_context(front(root, folder)),
                   EXPORT: stack.enter_context(nginx).url}
        script = folder / "done.lua"
        script.write_text(DONE_SCRIPT, "utf-8")
        results = {}
        for name, path in targets(root).items():
            for server, url in servers.items():
                print(f"wrk: {name}, {server} ({seconds} s)...", flush=True)
                # Not measured: a first second in which workers start and answers are first made.
                run_wrk(url + path, script, args.connections, 1, args.threads)
                results[name, server] = run_wrk(url + path, script, args.connections, seconds,
                                                args.threads)
    report(results, args.connections, seconds)


if __name__ == "__main__":
    main()
