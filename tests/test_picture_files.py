"""Pictures staff bring are stored once under a name made of their bytes, or refused clearly."""

import io

import pytest
from PIL import Image

from web.pipeline.errors import SourceError
from web.pipeline.picture_files import store_picture


def png(colour="red", size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def test_a_picture_is_stored_once_under_the_hash_of_its_bytes(tmp_path):
    name = store_picture(tmp_path, png(), "handout.docx, picture 1")
    assert name.startswith("pictures/") and name.endswith(".png")
    assert (tmp_path / name).read_bytes() == png()
    assert store_picture(tmp_path, png(), "again") == name
    assert store_picture(tmp_path, png("blue"), "other") != name
    assert len(list((tmp_path / "pictures").iterdir())) == 2


def test_bytes_that_are_no_picture_are_refused_with_their_label(tmp_path):
    with pytest.raises(SourceError, match="handout.docx, picture 2: this is not a picture"):
        store_picture(tmp_path, b"<svg onload=alert(1)>", "handout.docx, picture 2")
    assert not (tmp_path / "pictures").exists()
