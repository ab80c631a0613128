"""Localized error pages: 404 and 500 in the visitor's language."""

from __future__ import annotations

from flask import render_template
from flask_babel import gettext as _


def not_found(error):
    """Render the page-not-found page."""
    return render_template("error.html", status=404, title=_("Page not found"),
                           message=_("We could not find this page. It may have moved, or the "
                                     "address may be mistyped.")), 404


def server_error(error):
    """Render the something-went-wrong page (no details reach the visitor)."""
    return render_template("error.html", status=500, title=_("Something went wrong"),
                           message=_("The page could not be shown because of a problem on our "
                                     "side. Please try again in a few minutes.")), 500


def init_app(app) -> None:
    """Register the error pages."""
    app.register_error_handler(404, not_found)
    app.register_error_handler(500, server_error)
