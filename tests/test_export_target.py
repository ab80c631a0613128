"""An export never goes inside a folder the site serves, where each would hold the one before."""

from __future__ import annotations


def test_an_export_inside_the_served_audio_folder_is_refused(seed_staff):
    target = seed_staff.root / "audio" / "site"
    result = seed_staff.run("export", str(target), expect=1)
    assert f"Error: {target}: is inside audio/, which the site serves, so each export would " \
           "hold the one before." in result.output
    assert not target.exists()
