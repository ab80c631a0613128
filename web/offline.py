"""Offline listening: the service worker script, served from the site's root so that it may
control every page (its scope is the folder it is served from), with the name of the cache it
keeps the site's own pages in made from this deploy of the site."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, current_app, request

from .pipeline.files import hash_files

bp = Blueprint("offline", __name__)
# The line of sw.js naming its cache; the served script names this deploy's version instead.
SITE_LINE = 'const SITE = "site-dev";'


def site_version(app) -> str:
    """Return a name for this deploy of the site's own files (static files, templates and the
    compiled interface catalogs): the same in every worker, new when any of them changes."""
    digest = hashlib.sha256()
    static, templates = Path(app.static_folder), Path(app.root_path) / "templates"
    catalogs = Path(app.config["TRANSLATIONS"])
    for folder, pattern in ((static, "*"), (templates, "*"), (catalogs, "*.mo")):
        files = sorted(p for p in folder.rglob(pattern) if p.is_file())
        hash_files(files, digest, name=lambda path, folder=folder: path.relative_to(folder))
    return digest.hexdigest()[:16]


def worker_script(app) -> str:
    """Return sw.js as written, which must name its cache with SITE_LINE."""
    script = (Path(app.static_folder) / "js" / "sw.js").read_text(encoding="utf-8")
    if SITE_LINE not in script:
        raise RuntimeError(f"web/static/js/sw.js must name its cache with the line {SITE_LINE}")
    return script


def init_app(app) -> None:
    """Name this deploy once, as the worker starts (a test may set SITE_VERSION itself)."""
    worker_script(app)
    app.config.setdefault("SITE_VERSION", site_version(app))


@bp.get("/sw.js")
def worker():
    """Send the service worker naming this deploy's cache; browsers check it for a new version
    on every visit, and a new version replaces the old one and deletes its cache."""
    version = current_app.config["SITE_VERSION"]
    script = worker_script(current_app).replace(SITE_LINE, f'const SITE = "site-{version}";')
    response = current_app.response_class(script, mimetype="text/javascript")
    response.set_etag(version)
    response.cache_control.no_cache = True
    response.headers["Service-Worker-Allowed"] = "/"
    return response.make_conditional(request)
