"""Offline listening: the service worker script, served from the site's root so that it may
control every page (its scope is the folder it is served from)."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, send_from_directory

bp = Blueprint("offline", __name__)


@bp.get("/sw.js")
def worker():
    """Send the service worker; browsers must check it for a new version on every visit."""
    response = send_from_directory(Path(current_app.static_folder) / "js", "sw.js",
                                   mimetype="text/javascript", max_age=0)
    response.cache_control.no_cache = True
    response.headers["Service-Worker-Allowed"] = "/"
    return response
