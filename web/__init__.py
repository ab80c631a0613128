"""The website of the library (Flask), and in web.content the Flask-free content pipeline."""

from __future__ import annotations

import logging
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def create_app(test_config: dict | None = None):
    """Create the website for the library in LIBRARY_ROOT (default: this project)."""
    # Imported here so that importing the pipeline (web.content) never imports Flask.
    from flask import Flask

    from . import errors, headers, i18n, media, offline, views
    from .content.settings import load_settings
    from .library import Library

    app = Flask(__name__)
    config = {"LIBRARY_ROOT": os.environ.get("LIBRARY_ROOT", str(PROJECT_ROOT))}
    config.update(test_config or {})
    settings = load_settings(config["LIBRARY_ROOT"])
    app.config.from_mapping(
        LANGUAGES=settings.languages,
        LIBRARY_NAME=settings.name,
        AUDIO_DIR=str(settings.audio_dir),
        # Absolute: Flask-Babel resolves a relative directory against web/.
        TRANSLATIONS=str(settings.locales_dir),
        **config,
    )
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.extensions["library"] = Library(settings.manifest_path, settings.previous_manifest_path)
    _warn_uncompiled(settings)
    i18n.init_app(app)
    headers.init_app(app)
    errors.init_app(app)
    app.register_blueprint(media.bp)
    app.register_blueprint(views.site)
    app.register_blueprint(views.bp)
    app.register_blueprint(offline.bp)
    return app


def _warn_uncompiled(settings) -> None:
    """Log when an interface catalog is not compiled (pages would fall back to English)."""
    for lang in settings.target_languages:
        po = settings.catalog_path(lang, "messages")
        mo = po.with_suffix(".mo")
        if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
            log.warning("%s is not compiled; run 'make translations'", settings.relative(po))
