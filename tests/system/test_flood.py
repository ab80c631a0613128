"""A flood against the server `make run` starts (deploy/serve.py): thousands of requests for the
Spanish offline download, a track and pages, each with its own query string, Range, Host spelling,
Accept-Encoding and cookie, from one address. nginx's cache stays small, the flooding address is
answered 429, and pages asked meanwhile from another address (Linux's loopback answers the
whole of 127.0.0.0/8) stay fast: the p99 of the time the server takes to answer, which is the
time the visitor waits less the time its own thread waited for a core (on two cores shared
with other work that can be a tenth of a second, whatever the server does).
"""

from __future__ import annotations

import http.client
import multiprocessing
import socket
import time
from collections import Counter
from pathlib import Path

import pytest
from front_support import FrontServer, percentile, visit

from web.headers import SECURITY
from web.pipeline.manifest import load_manifest

SLUG = "heroin-and-the-brain"
FLOODER, VISITOR = "127.0.0.1", "127.0.0.2"
FLOOD_PROCESSES = 2
MIN_FLOOD = 3000  # requests, at the least: the flood goes on until the visitor is done
VISITS = 200
MAX_P99 = 0.050  # seconds
MAX_CACHE_BYTES = 4 * 1024 * 1024  # deploy/front.conf allows 256 MB


@pytest.fixture(scope="module")
def server(built_root, tmp_path_factory):
    server = FrontServer(built_root, tmp_path_factory.mktemp("flood") / "serve.log").start()
    yield server
    assert server.stop() == 0, server.output()


def flood_targets(root: Path) -> list[str]:
    """Return the Spanish offline download, the English whole-article track and two pages."""
    manifest = load_manifest(root / "audio" / "manifest.json")
    download = manifest.downloads[SLUG]["es"].file
    track = manifest.article(SLUG).editions["en"].track.file
    return [f"/audio/{download}", f"/audio/{track}", f"/es/{SLUG}/", "/en/"]


def flood_request(targets: list[str], number: int) -> bytes:
    """Return request `number` of the flood, unlike every other one."""
    headers = [f"GET {targets[number % len(targets)]}?flood={number} HTTP/1.1",
               f"Host: {('localhost', 'LOCALHOST.', '127.0.0.1')[number % 3]}:{number % 65536}",
               f"Range: bytes={number}-{number + 99}", f"Accept-Encoding: gzip, x-{number}",
               f"Cookie: lang=x{number}", "Connection: close"]
    return ("\r\n".join(headers) + "\r\n\r\n").encode("ascii")


def flood(port: int, targets: list[str], first: int, step: int, stop, results) -> None:
    """Send requests first, first + step, ... one connection each, until `stop` is set and
    MIN_FLOOD / step are sent; put in `results` the count of answers by status, and of the 429s
    that lack Retry-After or a security header."""
    seen, number = Counter(), first
    while not stop.is_set() or number < MIN_FLOOD:
        with socket.create_connection(("127.0.0.1", port), timeout=10,
                                      source_address=(FLOODER, 0)) as connection:
            connection.sendall(flood_request(targets, number))
            response = http.client.HTTPResponse(connection, method="GET")
            response.begin()  # the body is not read: a flood does not wait for it
            seen[response.status] += 1
            if response.status == 429 and not (
                    response.getheader("Retry-After")
                    and all(response.getheader(name) == value for name, value in SECURITY.items())):
                seen["429 without its headers"] += 1
        number += step
    results.put(seen)


def test_a_flood_leaves_the_cache_small_is_refused_and_pages_stay_fast(server, built_root):
    targets = flood_targets(built_root)
    pages = [target for target in targets if not target.startswith("/audio/")]
    visit(server.port, pages, 4, VISITOR)  # the pages are made once, not measured
    context = multiprocessing.get_context("fork")
    stop, results = context.Event(), context.Queue()
    flooders = [context.Process(target=flood, args=(server.port, targets, first,
                                                    FLOOD_PROCESSES, stop, results))
                for first in range(FLOOD_PROCESSES)]
    for process in flooders:
        process.start()
    try:
        time.sleep(0.5)  # the flood is under way
        answers = visit(server.port, pages, VISITS, VISITOR)
    finally:
        stop.set()
        seen = sum((results.get(timeout=120) for _ in flooders), Counter())
        for process in flooders:
            process.join()
    files = server.cache_files()
    size = sum(path.stat().st_size for path in files)
    assert sum(seen.values()) >= MIN_FLOOD, seen
    assert seen[429] > sum(seen.values()) / 2, seen
    assert not seen["429 without its headers"], seen
    # what went through was distinct too, and enough to have filled a cache keyed on it
    assert seen[200] + seen[206] >= 200, seen
    assert size < MAX_CACHE_BYTES, f"{len(files)} files, {size} bytes"
    assert len(files) <= 2 * 2 * len(pages), [str(path) for path in files]  # encodings, cookie
    assert {status for status, _, _ in answers} == {200}
    p99 = percentile([took - waited for _, took, waited in answers], 0.99)
    slowest = sorted(answers, key=lambda answer: answer[1] - answer[2])[-3:]
    assert p99 < MAX_P99, (f"p99 {p99 * 1000:.1f} ms while flooded ({seen}); the slowest "
                           f"(status, took, waited): {slowest}")
