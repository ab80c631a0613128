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

    from . import discovery, error_pages, figures, headers, i18n, install, media, offline, views
    from .hosts import CanonicalHost
    from .pipeline.settings import load_settings
    from .published import PublishedLibrary

    app = Flask(__name__)
    config = {"LIBRARY_ROOT": os.environ.get("LIBRARY_ROOT", str(PROJECT_ROOT)),
              # Behind nginx (deploy/front.conf): where it sends the files the app has checked.
              "FRONT_FILES": os.environ.get("LIBRARY_FRONT_FILES", "")}
    config.update(test_config or {})
    # Where things live and the site's address, nothing more: the languages and the name the
    # site shows come from the published manifest, so a language appears once a build has
    # published it.
    settings = load_settings(Path(config["LIBRARY_ROOT"]))
    config["BASE_URL"] = base_url(settings.base_url, config.get("BASE_URL"))
    app.config.from_mapping(
        AUDIO_DIR=str(settings.audio_dir),
        CONTACT=settings.contact,  # the feeds' owner
        # Absolute: Flask-Babel resolves a relative directory against web/.
        TRANSLATIONS=str(settings.locales_dir),
        **config,
    )
    app.jinja_env.trim_blocks = app.jinja_env.lstrip_blocks = True
    app.extensions["library"] = PublishedLibrary(settings.manifest_path,
                                                 settings.previous_manifest_path)
    _warn_uncompiled(settings)
    i18n.init_app(app)
    headers.init_app(app)
    error_pages.init_app(app)
    offline.init_app(app)
    figures.init_app(app)
    app.register_blueprint(media.bp)
    app.register_blueprint(views.site)
    app.register_blueprint(views.bp)
    app.register_blueprint(offline.bp)
    app.register_blueprint(install.bp)
    app.register_blueprint(discovery.bp)
    discovery.init_app(app)
    install.init_app(app)
    app.wsgi_app = CanonicalHost(app.wsgi_app, app.config)
    return app


def base_url(configured: str, given: str | None) -> str:
    """Return the site's base URL: `given` (tests), else LIBRARY_BASE_URL, else library.toml's."""
    from .pipeline.addresses import normalize_base_url
    from .pipeline.errors import SettingsError

    if given:
        return normalize_base_url(given)
    value = os.environ.get("LIBRARY_BASE_URL")
    if not value:
        return configured
    try:
        return normalize_base_url(value)
    except ValueError as error:
        raise SettingsError(f"LIBRARY_BASE_URL={value} {error}. Set it to the address the site "
                            "is served from, such as https://library.example.org/, or unset it "
                            "to use [site] base_url of library/library.toml.") from None


def _warn_uncompiled(settings) -> None:
    """Log when an interface catalog is not compiled (pages would fall back to English)."""
    for po in sorted(settings.locales_dir.glob("*/LC_MESSAGES/messages.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            log.warning("%s is not compiled; run 'make translations'", settings.relative(po))
