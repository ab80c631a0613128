"""The production server `make run` starts: nginx on 127.0.0.1:PORT (deploy/front.conf) in front
of the app under gunicorn (gunicorn.conf.py) on a unix socket.

They start and stop together: Ctrl-C or SIGTERM stops nginx, then gunicorn (which finishes the
requests it has), and the exit code is 0; if either exits on its own, the other is stopped and
the exit code is 1. LIBRARY_ROOT picks the library, as for the app. When the site's base URL is
a local one (library.toml's default, http://127.0.0.1:5000/) and LIBRARY_BASE_URL is not set,
the links it writes name PORT, the port it is served on. LIBRARY_RATE_LIMIT sets how many
requests a second nginx takes from one address (20 by default; a benchmark raises it).

Started by root, nginx runs its workers as www-data (or nobody): they must be able to read the
library's audio folder, which they send files from, or the server does not start.

Example:

    PORT=8080 .venv/bin/python -m deploy.serve
"""

from __future__ import annotations

import os
import pwd
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from deploy.nginx_server import (
    NginxServer,
    render_config,
    stop_process,
    stop_with_parent,
    wait_for,
)
from web.pipeline.errors import ContentError
from web.pipeline.settings import load_settings

PROJECT = Path(__file__).resolve().parents[1]
FRONT_CONFIG = Path(__file__).resolve().parent / "front.conf"
GUNICORN_CONFIG = PROJECT / "gunicorn.conf.py"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")
WORKERS_USERS = ("www-data", "nobody")  # nginx's workers, when make run is started by root
# Where the app sends nginx for a file it has checked (X-Accel-Redirect; deploy/front.conf).
FRONT_FILES = "/_files/"
RATE_LIMIT = "rate=20r/s;"


class Front(NginxServer):
    """nginx with deploy/front.conf, passing requests to the app listening on `app_socket` and
    sending the published files of `audio` itself."""

    tied_to_parent = True

    def __init__(self, folder: Path, port: int, app_socket: Path, audio: Path,
                 host: str = "", rate: str = ""):
        """`host`: the site's host besides the loopback names; `rate`: requests a second from
        one address (deploy/front.conf's, 20, when not given)."""
        super().__init__(folder, port)
        self.app_socket, self.audio, self.host, self.rate = app_socket, audio, host, rate

    def workers_user(self) -> str:
        """Run the workers as an unprivileged user (www-data, else nobody) when started by root:
        they need their own folder and the app's socket, which are given to them, and the audio
        folder, which they must be able to read already."""
        account = next((found for name in WORKERS_USERS if (found := account_named(name))),
                       None)
        if account is None:
            raise RuntimeError("nginx would run as root: add a www-data or nobody account.")
        closed = closed_folder(self.audio, account)
        if closed:
            raise RuntimeError(
                f"nginx's workers run as {account.pw_name} (the server was started by root) and "
                f"cannot read {self.audio}: {closed} is closed to them. Let them through with "
                f"'chmod o+x {closed}' (they can then open files whose names they are given, not "
                "list the folder), or serve a library kept where they can read it, such as "
                "/srv/health-library.")
        self.folder.mkdir(parents=True, exist_ok=True)
        for path in (self.folder, *self.folder.rglob("*")):
            os.chown(path, account.pw_uid, account.pw_gid)
        self.app_socket.parent.chmod(0o711)  # the socket's folder: reachable, not listable
        self.app_socket.chmod(0o666)
        return account.pw_name

    def site_config(self) -> str:
        cache = self.folder / "cache"
        host = f'"{self.host}"  "";' if self.host else ""
        return render_config(FRONT_CONFIG, {
            "listen 80;": f"listen 127.0.0.1:{self.port};",
            "server unix:/run/health-library/app.sock;": f"server unix:{self.app_socket};",
            "proxy_cache_path /var/cache/health-library ": f"proxy_cache_path {cache} ",
            "alias /srv/health-library/audio/;": f"alias \"{self.audio}/\";",
            'library.example.org  "";': host,
            RATE_LIMIT: f"rate={self.rate or '20'}r/s;",
        })


def account_named(name: str) -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam(name)
    except KeyError:
        return None


def closed_folder(path: Path, account: pwd.struct_passwd) -> Path | None:
    """Return the first folder on the way to `path` (or `path` itself, or the folder it
    would be made in) that `account` may not pass through or read, or None."""
    groups = set(os.getgrouplist(account.pw_name, account.pw_gid))
    path = path.resolve()
    while not path.exists():
        path = path.parent
    for folder in (*reversed(path.parents), path):
        info = folder.stat()
        if info.st_uid == account.pw_uid:
            allowed = info.st_mode & stat.S_IXUSR
        elif info.st_gid in groups:
            allowed = info.st_mode & stat.S_IXGRP
        else:
            allowed = info.st_mode & stat.S_IXOTH
        if not allowed:
            return folder
    return None


def follow_port(environ: dict, port: int) -> None:
    """Set LIBRARY_BASE_URL in `environ` to the local base URL on `port`, when the library's is
    local on another port and LIBRARY_BASE_URL is not set already."""
    if environ.get("LIBRARY_BASE_URL"):
        return
    configured = urlsplit(load_settings(environ.get("LIBRARY_ROOT", PROJECT)).base_url)
    host = configured.netloc.rsplit(":", 1)[0] if configured.port else configured.netloc
    if host in LOCAL_HOSTS and configured.port != port:
        environ["LIBRARY_BASE_URL"] = configured._replace(netloc=f"{host}:{port}").geturl()


def start_app(app_socket: Path) -> subprocess.Popen:
    """Start gunicorn with gunicorn.conf.py on `app_socket`, in its own process group, handing
    published files to nginx once checked."""
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONFIG),
         "--bind", f"unix:{app_socket}"],
        cwd=PROJECT, stdin=subprocess.DEVNULL, start_new_session=True,
        env={**os.environ, "LIBRARY_FRONT_FILES": FRONT_FILES}, preexec_fn=stop_with_parent)


def host_in_map(base_url: str) -> str:
    """Return the host of `base_url` as nginx's $host spells it ("[::1]" for an IPv6 address),
    or "" for a loopback name, which deploy/front.conf lists already."""
    host = urlsplit(base_url).hostname or ""
    host = f"[{host}]" if ":" in host else host
    return "" if host in LOCAL_HOSTS else host


def serve(port: int, folder: Path, stop: threading.Event) -> int:
    """Serve until `stop` is set (exit code 0) or nginx or gunicorn exits (exit code 1)."""
    app_socket = folder / "app.sock"
    app = start_app(app_socket)
    try:
        wait_for(app_socket, app, seconds=60)
        settings = load_settings(os.environ.get("LIBRARY_ROOT", PROJECT))
        host = host_in_map(os.environ.get("LIBRARY_BASE_URL") or settings.base_url)
        front = Front(folder / "nginx", port, app_socket, settings.audio_dir, host,
                      os.environ.get("LIBRARY_RATE_LIMIT", ""))
        front.start()
        try:
            print(f"Serving the library on {front.url}", flush=True)
            while not stop.wait(0.2):
                for name, process in (("nginx", front.process), ("gunicorn", app)):
                    if process.poll() is not None:
                        print(f"Error: {name} exited with code {process.returncode}; stopping "
                              f"the library.\n{front.log() if name == 'nginx' else ''}",
                              file=sys.stderr, flush=True)
                        return 1
            return 0
        finally:
            front.stop()
    finally:
        stop_process(app, seconds=35, group=True)  # gunicorn's graceful timeout is 30 s


def main() -> None:
    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())
    port = os.environ.get("PORT", "5000")
    if not port.isdigit() or not 0 < int(port) < 65536:
        sys.exit(f"Error: PORT={port} is not a port number; give one from 1 to 65535, "
                 "e.g. PORT=8080 make run.")
    rate = os.environ.get("LIBRARY_RATE_LIMIT", "")
    if rate and not (rate.isdigit() and int(rate) > 0):
        sys.exit(f"Error: LIBRARY_RATE_LIMIT={rate} is not a number of requests a second; give "
                 "a whole number above 0, e.g. LIBRARY_RATE_LIMIT=50, or unset it (20).")
    with tempfile.TemporaryDirectory(prefix="health-library-") as folder:
        try:
            follow_port(os.environ, int(port))
            code = serve(int(port), Path(folder), stop)
        except (RuntimeError, ContentError) as error:
            print(f"Error: {error}", file=sys.stderr)
            code = 1
    sys.exit(code)


if __name__ == "__main__":
    main()
