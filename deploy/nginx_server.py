"""Debian's nginx run as the current user on loopback: serving a static export, or (see
deploy/serve.py) in front of the app.

The server blocks are the files staff deploy (deploy/nginx.conf, deploy/front.conf) with their
listen, name and path lines replaced, so the tests and the benchmark check those very files.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

DEPLOY_CONFIG = Path(__file__).resolve().parent / "nginx.conf"
# The security headers both configurations include, found under nginx's configuration folder.
HEADERS_SNIPPET = "snippets/health-library-headers.conf"
# Brotli for the export: Debian's module (libnginx-mod-http-brotli-static) loaded and the
# snippet deploy/nginx.conf includes put in place only where the module is installed, as staff
# do; elsewhere nginx starts without them and sends gzip.
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
BROTLI_SNIPPET = "snippets/health-library-brotli.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
MAIN_CONFIG = """daemon off;
{modules}{user}worker_processes auto;
# Room for every connection (two files each when proxied) where the default limit is 1024.
worker_rlimit_nofile 10000;
# Visitors first: a build voicing on the same cores waits for them (root only; else ignored).
worker_priority -5;
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
PR_SET_PDEATHSIG = 1
LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform == "linux" else None


def stop_with_parent() -> None:
    """In a child about to run: ask Linux to send it SIGTERM when its parent dies (even by
    SIGKILL), so no orphan keeps the port or the socket."""
    if LIBC is not None:
        LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def check_free(port: int) -> None:
    """Fail, saying what to do, when something already listens on 127.0.0.1:`port`."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as nginx binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise RuntimeError(f"127.0.0.1:{port} is in use ({error.strerror}): stop what "
                               "listens there, or pick another port, e.g. PORT=8080 make run."
                               ) from None


def wait_for_port(port: int, process: subprocess.Popen, seconds: float = 15) -> None:
    """Wait until something listens on 127.0.0.1:`port`; fail if `process` exits or time's up."""
    wait_for(("127.0.0.1", port), process, seconds)


def wait_for(address: tuple[str, int] | Path, process: subprocess.Popen,
             seconds: float = 15) -> None:
    """Wait until something listens on `address` (host and port, or a unix socket's path);
    fail if `process` exits or time's up."""
    family = socket.AF_UNIX if isinstance(address, Path) else socket.AF_INET
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with code {process.returncode}")
        with socket.socket(family) as probe:
            probe.settimeout(0.5)
            try:
                probe.connect(str(address) if family == socket.AF_UNIX else address)
                return
            except OSError:
                time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {address} after {seconds} s")


def render_config(path: Path, replacements: dict[str, str]) -> str:
    """Return the nginx file `path` with each of its `replacements` lines replaced."""
    text = path.read_text("utf-8")
    for line, local in replacements.items():
        if line not in text:
            raise ValueError(f"{path}: the line '{line}' is missing; keep it there so "
                             "tests can serve the sample configuration.")
        text = text.replace(line, local)
    return text


EXPORT_RATE = "rate=50r/s;"


def render_site_config(site: Path, port: int, rate: int | None = None) -> str:
    """Return deploy/nginx.conf serving `site` on 127.0.0.1:`port`, taking `rate` requests a
    second from one address (the file's rate by default)."""
    return render_config(DEPLOY_CONFIG, {"listen 80;": f"listen 127.0.0.1:{port};",
                                         "server_name library.example.org;":
                                             "server_name 127.0.0.1;",
                                         "root /srv/health-library;": f"root {site};",
                                         EXPORT_RATE: f"rate={rate}r/s;" if rate
                                         else EXPORT_RATE})


class NginxServer:
    """nginx in the foreground on 127.0.0.1, its configuration, temporary files and log in
    `folder`; `site_config` gives the server block. With `tied_to_parent`, it stops when the
    process that started it dies."""

    tied_to_parent = False

    def __init__(self, folder: Path, port: int | None = None):
        self.folder = Path(folder)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def site_config(self) -> str:
        raise NotImplementedError

    def workers_user(self) -> str:
        """The user nginx's workers run as when it is started by root. Started by root, nginx
        would run them as "nobody", who cannot read the private temporary folders the tests
        and the benchmarks serve from: they stay root here (see Front for `make run`)."""
        return "root"

    def start(self) -> NginxServer:
        """Write the configuration, start nginx in the foreground, and wait until it listens."""
        check_free(self.port)  # else the wait below would take another server for this one
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "site.conf").write_text(self.site_config(), "utf-8")
        snippets = [HEADERS_SNIPPET] + ([BROTLI_SNIPPET] if BROTLI_MODULE.exists() else [])
        for name in snippets:
            snippet = self.folder / name
            snippet.parent.mkdir(exist_ok=True)
            shutil.copyfile(DEPLOY_CONFIG.with_name(Path(name).name), snippet)
        main = self.folder / "nginx.conf"
        user = f"user {self.workers_user()};\n" if os.geteuid() == 0 else ""
        modules = f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else ""
        main.write_text(MAIN_CONFIG.format(folder=self.folder, user=user, modules=modules),
                        "utf-8")
        # Its own process group: a Ctrl-C in the terminal reaches whoever started it, who
        # decides the order things stop in.
        self.process = subprocess.Popen(
            [NGINX, "-p", str(self.folder), "-c", str(main), "-e", str(self.folder / "error.log")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=stop_with_parent if self.tied_to_parent else None)
        try:
            wait_for_port(self.port, self.process)
        except RuntimeError as error:
            self.stop()
            raise RuntimeError(f"nginx did not start: {error}\n{self.log()}") from None
        return self

    def log(self) -> str:
        """Return nginx's error log."""
        path = self.folder / "error.log"
        return path.read_text("utf-8", errors="replace") if path.exists() else ""

    def stop(self) -> None:
        """Stop nginx (TERM, then KILL after 10 s) and its workers."""
        stop_process(self.process, group=True)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def stop_process(process: subprocess.Popen | None, seconds: float = 10,
                 group: bool = False) -> None:
    """Stop `process` with TERM, then KILL after `seconds`; with `group` (a process started in
    its own session), also whatever it left behind, such as the workers of a killed master."""
    if process and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if process and group:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # nothing left


class Nginx(NginxServer):
    """nginx serving the export in `site` with deploy/nginx.conf (`rate`: see
    render_site_config)."""

    def __init__(self, site: Path, folder: Path, port: int | None = None,
                 rate: int | None = None):
        super().__init__(folder, port)
        self.site, self.rate = Path(site), rate

    def site_config(self) -> str:
        return render_site_config(self.site, self.port, self.rate)
