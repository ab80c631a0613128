"""The server `make run` starts (deploy/serve.py: nginx in front of gunicorn): slow clients do
not starve it, it answers exactly as the app does, a new build shows within two seconds, and
nginx and gunicorn start and stop together.
"""

from __future__ import annotations

import itertools
import os
import pwd
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from front_support import PROJECT, FrontServer, send, send_bytes

from deploy.serve import WORKERS_USERS
from web import create_app
from web.headers import SECURITY
from web.pipeline.manifest import load_manifest, write_manifest

SLUG = "heroin-and-the-brain"
SLOW_CLIENTS = 200
# Headers a browser's answer does not depend on: who answered, when, and how the bytes travel.
TRANSPORT = {"date", "server", "connection", "keep-alive", "transfer-encoding"}


class SlowClients:
    """Connections that send a request's headers one byte at a time and never finish them."""

    HEAD = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "

    def __init__(self, port: int, count: int):
        self.sockets = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
        self.failed: list[OSError] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self.trickle, daemon=True)
        self.thread.start()

    def trickle(self) -> None:
        for byte in itertools.chain(self.HEAD, itertools.repeat(ord("a"))):
            for connection in self.sockets:
                try:
                    connection.send(bytes([byte]))
                except OSError as error:
                    self.failed.append(error)
            if self.done.wait(0.1):
                return

    def close(self) -> None:
        self.done.set()
        self.thread.join()
        for connection in self.sockets:
            connection.close()


@pytest.fixture
def slow_clients(front):
    clients = SlowClients(front.port, SLOW_CLIENTS)
    time.sleep(1)  # every connection has sent part of its headers
    yield clients
    clients.close()


def first_mp3(client) -> str:
    page = client.get(f"/en/{SLUG}/").get_data(as_text=True)
    return re.search(r'href="(/audio/en/[^"]+/01-[^"]+\.mp3)"', page).group(1)


class Visitor:
    """The app on the front's library, through Flask's test client, keeping no cookies, with
    the base URL the front gives it (its own port)."""

    def __init__(self, front: FrontServer):
        app = create_app({"TESTING": True, "LIBRARY_ROOT": str(front.root),
                          "BASE_URL": front.url + "/"})
        self.client, self.base_url = app.test_client(use_cookies=False), front.url

    def open(self, target: str, method: str = "GET", headers: dict | None = None):
        return self.client.open(target, method=method, headers=headers or {},
                                base_url=self.base_url)

    def get(self, target: str, headers: dict | None = None):
        return self.open(target, headers=headers)


def test_slow_clients_do_not_starve_the_server(front, slow_clients, built_root):
    client = Visitor(front)
    mp3 = first_mp3(client)
    expected = {f"/en/{SLUG}/": client.get(f"/en/{SLUG}/").data,
                mp3: (built_root / mp3.lstrip("/")).read_bytes(),
                "/es/": client.get("/es/").data}
    for target, body in itertools.chain.from_iterable(itertools.repeat(expected.items(), 3)):
        started = time.monotonic()
        try:
            response = send(front.port, target, timeout=1)
        except TimeoutError:
            pytest.fail(f"{target} was not answered within 1 s with {SLOW_CLIENTS} slow "
                        "clients connected")
        elapsed = time.monotonic() - started
        assert response.status_code == 200, target
        assert response.data == body, target
        assert elapsed < 1, f"{target} took {elapsed:.2f} s with {SLOW_CLIENTS} slow clients"
    assert not slow_clients.failed, "the slow clients were cut off before the normal requests"


def comparable(response) -> list[tuple[str, str]]:
    """Return the headers a browser acts on; dates computed from the clock (a cookie's or the
    answer's expiry) may be a second apart, so only their presence counts, and Allow lists its
    methods in the order of a set, which differs from one process to the next."""
    headers = []
    for name, value in response.headers.items():
        name = name.lower()
        # RFC 9110 15.4.5: a 304 may repeat Last-Modified (nginx does, Werkzeug not)
        if name in TRANSPORT or (response.status_code == 304 and name == "last-modified"):
            continue
        if name == "expires":
            value = "(a date)"
        elif name == "allow":
            value = ", ".join(sorted(value.split(", ")))
        headers.append((name, re.sub(r"Expires=[^;]+; ", "", value)))
    return sorted(headers)


def requests_to_compare(client) -> list[tuple[str, str, dict]]:
    mp3 = first_mp3(client)
    etag = client.get(mp3).headers["ETag"]
    vtt = mp3.removesuffix(".mp3") + ".vtt"
    return [("GET", f"/en/{SLUG}/", {}), ("GET", f"/en/{SLUG}/", {"Accept-Encoding": "gzip"}),
            ("GET", f"/es/{SLUG}/", {"Accept-Encoding": "gzip, deflate, br"}),
            ("GET", f"/es/{SLUG}/", {"Cookie": "lang=es"}),
            ("GET", "/", {"Accept-Language": "es-MX,es;q=0.9"}),
            ("GET", mp3, {}), ("HEAD", mp3, {}), ("GET", mp3, {"Range": "bytes=100-199"}),
            ("GET", mp3, {"Range": "bytes=-10"}), ("GET", mp3, {"Range": "bytes=99999999-"}),
            ("GET", mp3, {"If-None-Match": etag}), ("GET", mp3, {"If-Match": '"other"'}),
            ("GET", mp3, {"If-Match": etag}), ("POST", mp3, {}),
            ("GET", mp3, {"Range": "bytes=0-9", "If-Range": etag}),
            ("GET", vtt, {"Accept-Encoding": "gzip"}), ("GET", "/en/missing/", {}),
            ("GET", "/sw.js", {}), ("GET", "/static/js/player.js", {}),
            ("GET", "/en/feed.xml", {}),
            # what a flood varies: nginx keeps one answer for all, the app's for each
            ("GET", f"/en/{SLUG}/?utm_source={'x' * 50}", {"Accept-Encoding": "br, gzip;q=0.5"}),
            ("GET", f"{mp3}?v=2", {"Range": "bytes=0-"}), ("HEAD", f"{mp3}?v=3", {}),
            ("GET", f"/en/{SLUG}/", {"Range": "bytes=0-10", "Cookie": "lang=en"}),
            ("GET", "/static/js/player.js", {"Range": "bytes=5-15"})]


def test_the_front_answers_exactly_as_the_app(front):
    client = Visitor(front)
    for method, target, headers in requests_to_compare(client):
        expected = client.open(target, method=method, headers=headers)
        for attempt in ("first", "again, within the second nginx keeps answers"):
            response = send(front.port, target, headers, method=method)
            where = f"{method} {target} {headers}, {attempt}"
            assert response.status_code == expected.status_code, where
            assert response.data == expected.data, where
            assert comparable(response) == comparable(expected), where


def test_links_name_the_port_the_site_is_served_on(front):
    page = send(front.port, f"/en/{SLUG}/").get_data(as_text=True)
    assert f'hreflang="es" href="{front.url}/es/{SLUG}/"' in page
    assert "127.0.0.1:5000" not in page  # library.toml's base URL names the default port


def test_a_visitor_cannot_say_the_site_is_on_https(front):
    claims = {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on",
              "X-Forwarded-Protocol": "ssl"}
    for headers in (claims, {}):  # the second visitor gets what nginx kept from the first
        response = send(front.port, "/es/search/", headers)
        assert response.status_code == 200
        assert "Secure" not in response.headers["Set-Cookie"], headers
        assert "https://127.0.0.1" not in response.get_data(as_text=True), headers


@pytest.mark.parametrize("request_bytes, status", [
    (b"GARBAGE\r\n\r\n", 400),
    (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 414),
    (b"POST /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n", 413),
    (b"GET /_files/whole/manifest.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 404),
    (b"GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 505),
    (b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
])
def test_nginx_refusals_carry_the_security_headers(front, request_bytes, status):
    response = send_bytes(front.port, request_bytes)
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in SECURITY} == SECURITY
    assert response.headers["Cache-Control"] == "no-store"
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True).endswith(".\n")  # a sentence, not nginx's page


def test_host_spellings_share_the_sites_answers_and_other_hosts_are_refused(served_tiny_root,
                                                                           tmp_path):
    server = FrontServer(served_tiny_root, tmp_path / "serve.log",
                         {"LIBRARY_BASE_URL": "https://library.example.org/"}).start()
    try:
        def get(host: str):
            return send_bytes(server.port, f"GET /es/tiny/?x={host} HTTP/1.1\r\nHost: {host}\r\n"
                              "Connection: close\r\n\r\n".encode())

        for host in ("library.example.org", "LIBRARY.example.org.", "library.example.org:80",
                     "127.0.0.1", "evil.example", "Library.Example.Org"):
            response = get(host)
            if host == "evil.example":  # asked after the page is kept: still refused
                assert response.status_code == 400
                assert "Unknown address" in response.get_data(as_text=True)
            else:
                assert response.status_code == 200, host
                assert "https://library.example.org/es/tiny/" in response.get_data(as_text=True)
        assert len(server.cache_files()) == 1  # one page, whatever the host and query
    finally:
        assert server.stop() == 0


def test_a_new_build_reaches_the_first_visitor_after_the_kept_page_expires(served_tiny_root,
                                                                          tmp_path):
    """nginx keeps a page "1s" by its whole-second clock: until the second after next begins.
    The first request after that waits for the app and gets the new library, never the old."""
    tiny_root = served_tiny_root
    server = FrontServer(tiny_root, tmp_path / "serve.log").start()
    try:
        first = send(server.port, "/es/tiny/")  # kept now: its Date is nginx's second
        assert "Diminuto" in first.get_data(as_text=True)
        kept = parsedate_to_datetime(first.headers["Date"]).timestamp()
        path = tiny_root / "audio" / "manifest.json"
        manifest = load_manifest(path)
        article = manifest.articles[0]
        renamed = replace(article, editions={**article.editions, "es": replace(
            article.editions["es"], title="Renombrado")})
        write_manifest(replace(manifest, articles=(renamed,)), path)
        time.sleep(max(0.0, kept + 2.05 - time.time()))
        assert "Renombrado" in send(server.port, "/es/tiny/").get_data(as_text=True)
    finally:
        assert server.stop() == 0


def children(server: FrontServer) -> dict[str, int]:
    """Return the process ids of the server's gunicorn and nginx."""
    found = {}
    for pid in server.children():
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        found["gunicorn" if b"gunicorn" in command else "nginx"] = pid
    assert set(found) == {"gunicorn", "nginx"}, found
    return found


def gone(pid: int, seconds: float = 40) -> bool:
    """Wait until process `pid` has exited (gunicorn may finish its requests for 30 s)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
        except FileNotFoundError:
            return True
        if state == "Z":  # exited, not yet collected by its parent
            return True
        time.sleep(0.05)
    return False


def refused(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except ConnectionRefusedError:
        return True
    return False


@pytest.fixture
def server(served_tiny_root, tmp_path):
    server = FrontServer(served_tiny_root, tmp_path / "serve.log").start()
    yield server
    server.stop()


def test_sigterm_stops_nginx_and_gunicorn(server):
    pids = children(server)
    assert send(server.port, "/healthz").status_code == 200
    assert server.stop() == 0, server.output()
    assert all(gone(pid) for pid in pids.values()), pids
    assert refused(server.port)


@pytest.mark.skipif(os.geteuid() != 0, reason="nginx changes its workers' user only as root")
def test_started_by_root_nginx_workers_do_not_run_as_root(server):
    master = children(server)["nginx"]
    workers = [int(pid) for pid in
               Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    assert workers
    for pid in workers:
        uid = int(next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                       if line.startswith("Uid:")).split()[1])
        assert uid != 0
        assert pwd.getpwuid(uid).pw_name in WORKERS_USERS
    assert send(server.port, "/healthz").status_code == 200  # and they serve
    mp3 = "/audio/en/tiny/01-intro.1a2b3c4d.mp3"  # sent by the workers from disk
    assert send(server.port, mp3).data == (server.root / mp3.lstrip("/")).read_bytes()


@pytest.mark.skipif(os.geteuid() != 0, reason="nginx changes its workers' user only as root")
def test_started_by_root_a_library_the_workers_cannot_read_is_refused(tiny_root, tmp_path):
    closed = next(folder for folder in reversed(tiny_root.parents)
                  if not folder.stat().st_mode & 0o001)
    server = FrontServer(tiny_root, tmp_path / "serve.log")
    with pytest.raises(RuntimeError):
        server.start()
    assert server.process.wait(timeout=60) == 1
    assert (f"cannot read {tiny_root / 'audio'}: {closed} is closed to them. Let them through "
            f"with 'chmod o+x {closed}'") in server.output()


@pytest.mark.parametrize("victim", ["gunicorn", "nginx"])
def test_when_one_dies_the_other_is_stopped(server, victim):
    pids = children(server)
    os.kill(pids[victim], signal.SIGKILL)
    assert server.process.wait(timeout=40) == 1
    assert f"Error: {victim} exited with code" in server.output()
    assert all(gone(pid) for pid in pids.values()), pids
    assert refused(server.port)


def test_a_port_in_use_is_refused_with_what_to_do(tiny_root):
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "deploy.serve"], cwd=PROJECT,
                                env={**os.environ, "LIBRARY_ROOT": str(tiny_root),
                                     "PORT": str(port)},
                                capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert (f"Error: 127.0.0.1:{port} is in use (Address already in use): stop what listens "
            "there, or pick another port, e.g. PORT=8080 make run.") in result.stderr
    assert "Serving the library" not in result.stdout


def test_a_killed_server_leaves_no_process_behind(server):
    pids = children(server)
    server.process.kill()
    server.process.wait()
    assert all(gone(pid) for pid in pids.values()), pids
    assert refused(server.port)
