"""The service worker names its cache after the deploy: every worker of one deploy serves the
same script, and a deploy that changes the site's own files serves a new one, which browsers
install (deleting the old cache) instead of keeping old pages and scripts."""

from __future__ import annotations

import re
import shutil

SITE = re.compile(r'^const SITE = "site-([0-9a-f]{16})";$', re.MULTILINE)


def served_version(app) -> str:
    response = app.test_client().get("/sw.js")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers["Service-Worker-Allowed"] == "/"
    found = SITE.findall(response.get_data(as_text=True))
    assert len(found) == 1, "sw.js must name one cache"
    return found[0]


def test_every_worker_of_a_deploy_serves_the_same_worker_script(support, built_root):
    first, second = support.make_app(built_root), support.make_app(built_root)
    assert served_version(first) == served_version(second)
    # Browsers check it on every visit: an unchanged one costs a 304, not the script.
    etag = first.test_client().get("/sw.js").headers["ETag"]
    again = first.test_client().get("/sw.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.get_data() == b""


def test_a_deploy_with_new_interface_words_serves_a_new_worker(support, built_root, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(built_root, root)
    before = served_version(support.make_app(root))
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "messages.mo"
    catalog.write_bytes(catalog.read_bytes() + b"\0")  # a new translation, compiled
    assert served_version(support.make_app(root)) != before
