"""The website of the library (Flask); web.pipeline is the Flask-free content pipeline."""

from __future__ import annotations

import logging
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None):
    """Create the website for the library in LIBRARY_ROOT (default: this project)."""
    # Imported here so that importing the pipeline (web.pipeline) never imports Flask.
    from flask import Flask

    from . import errors, headers, i18n, media, offline, views
    from .pipeline.settings import Settings
    from .published import PublishedLibrary

    app = Flask(__name__)
    config = {"LIBRARY_ROOT": os.environ.get("LIBRARY_ROOT", str(PROJECT_ROOT))}
    config.update(test_config or {})
    # Where things live, and nothing more: the languages and the name the site shows come from
    # the published manifest, so a language appears once a build has published it.
    paths = Settings(Path(config["LIBRARY_ROOT"]).resolve())
    app.config.from_mapping(
        AUDIO_DIR=str(paths.audio_dir),
        # Absolute: Flask-Babel resolves a relative directory against web/.
        TRANSLATIONS=str(paths.locales_dir),
        **config,
    )
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.extensions["library"] = PublishedLibrary(paths.manifest_path,
                                                 paths.previous_manifest_path)
    _warn_uncompiled(paths)
    i18n.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    offline.init_app(app)
    app.register_blueprint(media.bp)
    app.register_blueprint(views.site)
    app.register_blueprint(views.bp)
    app.register_blueprint(offline.bp)
    return app


def _warn_uncompiled(paths) -> None:
    """Log when an interface catalog is not compiled (pages would fall back to English)."""
    for po in sorted(paths.locales_dir.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            log.warning("%s is not compiled; run 'make translations'", paths.relative(po))
