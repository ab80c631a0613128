#!/usr/bin/env python3
"""Benchmark the website: the app as `make run` serves it (nginx in front of gunicorn,
deploy/serve.py) against nginx serving an export.

Both servers run on loopback free ports over the same library: this project's, when it is built
(audio/manifest.json), else a temporary copy built with the silent engine. wrk (Debian) loads
the English article page and its first section's MP3 on each server, sending
`Accept-Encoding: gzip` as browsers do, and a table shows requests per second, p50 and p99
latency, errors, the app/nginx ratios, and the targets (each run follows a one-second warm-up
that is not measured); the export's page must come at least as fast as the app's, nginx
sending the gzip copy the export wrote beside it. These runs measure capacity, so both servers
take any number of requests from one address here (LIBRARY_RATE_LIMIT).

Then a flood, against `make run`'s server with its limits as deployed: wrk sends a Spanish
offline download, a track and a page from 127.0.0.1, each request with its own query string,
Range and Host, while a visitor at 127.0.0.2 loads pages; the table shows the flood's rate and
how much of it was refused, the visitor's p50 and p99, and the size of nginx's cache
afterwards. The servers are always stopped.

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
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

# Run as a script, this file's folder comes first on the path and its name would hide the
# `web` package: look for modules in the project instead.
sys.path[0] = str(Path(__file__).resolve().parents[1])
sys.path.insert(1, str(Path(__file__).resolve().parents[1] / "tests"))  # the tests' helpers

from front_support import FrontServer, percentile, visit  # noqa: E402
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
# A flood: each request unlike the others (wrk.format per request), counting refusals.
FLOOD_SCRIPT = """
local number = 0
local targets = {TARGETS}
request = function()
  number = number + 1
  local target = targets[number % #targets + 1]
  return wrk.format("GET", target .. "?flood=" .. number, {
    ["Host"] = "localhost:" .. (number % 65536),
    ["Range"] = "bytes=" .. number .. "-" .. (number + 99),
    ["Accept-Encoding"] = "gzip, x-" .. number})
end
done = function(summary, latency, requests)
  io.write(string.format('RESULT {"requests": %d, "seconds": %.6f, "p50_ms": %.3f, '
    .. '"p99_ms": %.3f, "errors": %d, "refused": %d}\\n', summary.requests,
    summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout, summary.errors.status))
end
"""
UNLIMITED = 1_000_000  # requests a second from one address, for the capacity runs
MAX_P99_MS = 50
MIN_RATIO = 0.5  # pages: the app's are kept by nginx, so they come near the export's rate
# Tracks: the app checks every request against the manifest before nginx sends the file, so
# the rate is the app's; a player asks a few times a minute, so this is thousands of listeners.
MIN_AUDIO_RPS = 200
APP, EXPORT = "app (make run)", "nginx (export)"
AUDIO = "audio (MP3)"


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
            AUDIO: f"/audio/{article.editions['en'].sections[0].track.file}"}


@contextmanager
def front(root: Path, folder: Path, environ: dict | None = None):
    """Run the app as `make run` does; yield the server."""
    server = FrontServer(root, folder / "serve.log", environ).start()
    try:
        yield server
    finally:
        server.stop()


def flood(root: Path, folder: Path, seconds: int, connections: int, threads: int) -> dict:
    """Flood `make run`'s server (its limits as deployed) from 127.0.0.1 with wrk while a
    visitor at 127.0.0.2 loads pages; return the figures."""
    manifest = load_manifest(root / "audio" / "manifest.json")
    article = next(a for a in manifest.articles if "es" in a.editions)
    download = manifest.downloads[article.slug]["es"].file
    targets = [f"/audio/{download}", f"/audio/{article.editions['es'].track.file}",
               f"/es/{article.slug}/"]
    pages = [f"/es/{article.slug}/", "/en/"]
    script = folder / "flood.lua"
    script.write_text(FLOOD_SCRIPT.replace("{TARGETS}", "{" + ", ".join(
        f'"{target}"' for target in targets) + "}"), "utf-8")
    with front(root, folder) as server:
        visit(server.port, pages, 4)  # made once, not measured
        with ThreadPoolExecutor(1) as pool:
            flooding = pool.submit(run_wrk, server.url + "/", script, connections, seconds,
                                   threads)
            time.sleep(1)
            answers = []
            while not flooding.done():  # a visitor reading, ten pages a second
                answers += visit(server.port, pages, 10, pause=0.1)
            result = flooding.result()
        files = server.cache_files()
        cache_bytes = sum(path.stat().st_size for path in files)
    took = [seconds for _, seconds, _ in answers]
    served = [seconds - waited for _, seconds, waited in answers]
    return {**result, "visits": len(answers),
            "visits_refused": sum(status != 200 for status, _, _ in answers),
            "visit_p50_ms": percentile(took, 0.5) * 1000,
            "visit_p99_ms": percentile(took, 0.99) * 1000,
            "served_p50_ms": percentile(served, 0.5) * 1000,
            "served_p99_ms": percentile(served, 0.99) * 1000, "cache_files": len(files),
            "cache_bytes": cache_bytes}


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


def report_flood(figures: dict, connections: int, seconds: int) -> None:
    """Print what the flood and the visitor met."""
    print(f"\nFlood: wrk, {connections} connections from 127.0.0.1, {seconds} s, every request "
          "unlike the others")
    print(f"  flood: {figures['rps']:.0f} requests/s, {figures['refused']} of "
          f"{figures['requests']} refused (429/503), {figures['errors']} errors")
    print(f"  visitor at 127.0.0.2: {figures['visits']} pages, {figures['visits_refused']} "
          f"refused, p50 {figures['visit_p50_ms']:.1f} ms, p99 {figures['visit_p99_ms']:.1f} ms")
    print(f"  the same, less the visitor's own wait for a core: p50 "
          f"{figures['served_p50_ms']:.1f} ms, p99 {figures['served_p99_ms']:.1f} ms")
    print(f"  nginx's cache afterwards: {figures['cache_files']} files, "
          f"{figures['cache_bytes'] / 1024:.0f} KB")
    print(f"  visitor's p99 <= {MAX_P99_MS} ms (less its wait for a core): "
          f"{figures['served_p99_ms']:.1f} ms -> {verdict(figures['served_p99_ms'] <= MAX_P99_MS)}")


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
        if name == AUDIO:
            rps = results[name, APP]["rps"]
            print(f"  app >= {MIN_AUDIO_RPS} requests/s, {name}: {rps:.0f} -> "
                  f"{verdict(rps >= MIN_AUDIO_RPS)}")
        else:
            print(f"  app >= {MIN_RATIO}x nginx, {name}: {ratio:.2f}x -> "
                  f"{verdict(ratio >= MIN_RATIO)}")
            # The export's pages are sent as written beside them, gzipped (deploy/nginx.conf).
            print(f"  nginx (export) >= app, {name}: {1 / ratio:.2f}x -> "
                  f"{verdict(ratio <= 1)}")
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
        folder.chmod(0o755)  # nginx's workers read the library when this runs as root
        nginx = Nginx(folder / "site", folder / "nginx", rate=UNLIMITED)
        export_site(create_app({"LIBRARY_ROOT": str(root)}), nginx.site, nginx.url + "/")
        servers = {APP: stack.enter_context(front(root, folder, {
                       "LIBRARY_RATE_LIMIT": str(UNLIMITED)})).url,
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
        stack.close()
        print(f"wrk: a flood of make run's server ({seconds} s)...", flush=True)
        figures = flood(root, folder, seconds, args.connections, args.threads)
    report(results, args.connections, seconds)
    report_flood(figures, args.connections, seconds)


if __name__ == "__main__":
    main()
