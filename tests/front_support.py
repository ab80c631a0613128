"""The production server as the tests reach it: `deploy.serve` (what `make run` starts) on a
free loopback port, and requests written on the wire byte for byte, as an attacker writes them.
"""

from __future__ import annotations

import http.client
import math
import os
import re
import signal
import socket
import subprocess
import sys
import time
from email.message import Message
from pathlib import Path

from deploy.nginx_server import free_port, stop_process, wait_for_port

PROJECT = Path(__file__).resolve().parents[1]
# deploy/front.conf reads lines of at most 8 KB (with their CRLF) and RFC 9110 5.5 forbids
# control characters but tab in a field; nginx and gunicorn answer 400, 414 or 431 to others.
MAX_LINE = 8190
CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
REFUSALS = (400, 414, 431)


class FrontServer:
    """`python -m deploy.serve` on the library in `root`, its output kept in `log`, with the
    variables of `environ` set (such as LIBRARY_RATE_LIMIT)."""

    def __init__(self, root: Path, log: Path, environ: dict | None = None):
        self.root, self.log, self.environ = root, log, environ or {}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> FrontServer:
        """Start the server and wait until it says it serves (nginx and gunicorn both up)."""
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "deploy.serve"], cwd=PROJECT,
                env={**os.environ, **self.environ, "LIBRARY_ROOT": str(self.root),
                     "PORT": str(self.port)},
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, seconds=60)
        deadline = time.monotonic() + 30
        while f"Serving the library on {self.url}" not in self.output():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"deploy.serve did not start:\n{self.output()}")
            time.sleep(0.05)
        return self

    def children(self) -> list[int]:
        """Return the process ids of the server's children (gunicorn's and nginx's masters)."""
        pid = self.process.pid
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def cache_files(self) -> list[Path]:
        """Return the files in nginx's cache folder (its folder is on its master's command
        line, which nginx rewrites as "nginx: master process /usr/sbin/nginx -p FOLDER ...")."""
        nginx = next(pid for pid in self.children()
                     if b"nginx" in Path(f"/proc/{pid}/cmdline").read_bytes())
        arguments = Path(f"/proc/{nginx}/cmdline").read_bytes().decode().replace("\0", " ")
        words = arguments.split()
        cache = Path(words[words.index("-p") + 1]) / "cache"
        return [path for path in cache.rglob("*") if path.is_file()]

    def stop(self) -> int:
        """Send SIGTERM, as Ctrl-C or a service manager does; return the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=60)
        finally:
            stop_process(self.process)

    def output(self) -> str:
        return self.log.read_text("utf-8", errors="replace")


class WireResponse:
    """An answer read off the socket, with the attributes tests read on Flask's responses."""

    def __init__(self, status: int, headers: Message, data: bytes):
        self.status_code, self.headers, self.data = status, headers, data

    @property
    def mimetype(self) -> str:
        return (self.headers.get("Content-Type") or "").split(";")[0].strip()

    def get_data(self, as_text: bool = False):
        return self.data.decode("utf-8", errors="replace") if as_text else self.data


def send(port: int, target: str, headers: dict | None = None, method: str = "GET",
         timeout: float = 10) -> WireResponse:
    """Send one request to 127.0.0.1:`port` exactly as given (strings are written as Latin-1,
    so a character stands for one byte) and read the answer."""
    lines = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}",
             *(f"{name}: {value}" for name, value in (headers or {}).items()),
             "Connection: close"]
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        response = http.client.HTTPResponse(connection, method=method)
        response.begin()
        return WireResponse(response.status, response.msg, response.read())


def send_bytes(port: int, request: bytes, timeout: float = 10) -> WireResponse:
    """Write `request` to 127.0.0.1:`port` as it is, whatever it holds, and read the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as connection:
        connection.sendall(request)
        response = http.client.HTTPResponse(connection)
        response.begin()
        return WireResponse(response.status, response.msg, response.read())


def visit(port: int, targets: list[str], count: int, source: str = "127.0.0.2",
          pause: float = 0.01) -> list[tuple[int, float, float]]:
    """Ask 127.0.0.1:`port` for `targets` in turn, `count` times, from the loopback address
    `source`, as a browser does (one kept-alive connection, gzip, a `pause` between
    requests); return each answer's status, how long it took and how much of that this
    thread waited for a core once the answer was there (on busy cores that is the visitor's
    delay, not the server's), in seconds."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10,
                                            source_address=(source, 0))
    answers = []
    for number in range(count):
        waited, started = run_delay(), time.perf_counter()
        connection.request("GET", targets[number % len(targets)],
                           headers={"Accept-Encoding": "gzip"})
        response = connection.getresponse()
        response.read()
        answers.append((response.status, time.perf_counter() - started,
                        run_delay() - waited))
        time.sleep(pause)
    connection.close()
    return answers


def run_delay() -> float:
    """Return how long this thread has waited, runnable, for a core (Linux's schedstat), in
    seconds; 0 where the kernel does not say."""
    try:
        return int(Path("/proc/thread-self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def percentile(values: list[float], share: float) -> float:
    """Return the value `share` (0.99 for p99) of `values` are at most (nearest rank)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(len(ordered) * share) - 1, 0)]


def refused(target: str, headers: dict | None = None, method: str = "GET") -> bool:
    """Say whether the front refuses this request before the app sees it (too long a line, or
    a control character), as RFC 9110 allows."""
    lines = [f"{method} {target} HTTP/1.1",
             *(f"{name}: {value}" for name, value in (headers or {}).items())]
    return (any(len(line) > MAX_LINE for line in lines)
            or any(CONTROL.search(line) for line in lines))
