"""Serve a static export with Debian's nginx as the current user, on loopback.

The server block is deploy/nginx.conf itself (with its listen, server_name and root lines
replaced), so the tests and the benchmark check the configuration staff deploy.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

DEPLOY_CONFIG = Path(__file__).resolve().parent / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MAIN_CONFIG = """daemon off;
{user}worker_processes auto;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
"""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 15) -> None:
    """Wait until something listens on 127.0.0.1:`port`; fail if `process` exits or time's up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with code {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds} s")


def render_site_config(site: Path, port: int) -> str:
    """Return deploy/nginx.conf serving `site` on 127.0.0.1:`port`."""
    text = DEPLOY_CONFIG.read_text("utf-8")
    for line, local in (("listen 80;", f"listen 127.0.0.1:{port};"),
                        ("server_name library.example.org;", "server_name 127.0.0.1;"),
                        ("root /srv/health-library;", f"root {site};")):
        if line not in text:
            raise ValueError(f"{DEPLOY_CONFIG}: the line '{line}' is missing; keep it there so "
                             "tests can serve the sample configuration.")
        text = text.replace(line, local)
    return text


class Nginx:
    """nginx serving the export in `site`, its configuration and logs in `folder`."""

    def __init__(self, site: Path, folder: Path, port: int | None = None):
        self.site, self.folder = Path(site), Path(folder)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> Nginx:
        """Write the configuration, start nginx in the foreground, and wait until it listens."""
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "site.conf").write_text(render_site_config(self.site, self.port), "utf-8")
        main = self.folder / "nginx.conf"
        # Started by root, nginx would run its workers as "nobody", who cannot read private
        # temporary folders: keep them the current user, as for anyone else.
        user = "user root;\n" if os.geteuid() == 0 else ""
        main.write_text(MAIN_CONFIG.format(folder=self.folder, user=user), "utf-8")
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(main), "-e", str(self.folder / "error.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for_port(self.port, self.process)
        except RuntimeError as error:
            self.stop()
            log = (self.folder / "error.log").read_text("utf-8", errors="replace")
            raise RuntimeError(f"nginx did not start: {error}\n{log}") from None
        return self

    def stop(self) -> None:
        """Stop nginx (TERM, then KILL after 10 s)."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Nginx:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
