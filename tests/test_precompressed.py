"""The export's text files get gzip and brotli copies, the same bytes on every export."""

from __future__ import annotations

import gzip
import os

import brotli

from web.precompressed import ENCODINGS, compress_text_files

PAGE = "<!doctype html><title>Naloxona</title><p>Llame al 911. " * 40


def write_site(folder):
    (folder / "es").mkdir(parents=True)
    (folder / "es" / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "es" / "feed.xml").write_text("<rss>" + "<item/>" * 50 + "</rss>", "utf-8")
    (folder / "cover.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return folder


def test_text_files_get_copies_that_decompress_to_their_bytes(tmp_path):
    site = write_site(tmp_path / "site")
    assert compress_text_files(site) == 2
    page = site / "es" / "index.html"
    assert gzip.decompress((site / "es" / "index.html.gz").read_bytes()) == page.read_bytes()
    assert brotli.decompress((site / "es" / "index.html.br").read_bytes()) == page.read_bytes()
    assert len((site / "es" / "index.html.br").read_bytes()) < len(PAGE.encode()) / 4
    assert sorted(p.name for p in site.iterdir()) == ["cover.png", "es"]  # a picture: none


def test_copies_are_the_same_bytes_whenever_they_are_made(tmp_path):
    first, second = write_site(tmp_path / "first"), write_site(tmp_path / "second")
    compress_text_files(first)
    os.utime(second / "es" / "index.html", (1e9, 1e9))  # another time, another folder name
    compress_text_files(second)
    for name in ("index.html.gz", "index.html.br", "feed.xml.gz", "feed.xml.br"):
        assert (first / "es" / name).read_bytes() == (second / "es" / name).read_bytes()
    header = (first / "es" / "index.html.gz").read_bytes()[:10]
    assert header[4:8] == bytes(4)  # no modification time
    assert not header[3] & 0x08  # no file name


def test_an_unchanged_file_takes_the_previous_exports_copies(tmp_path, monkeypatch):
    previous, site = write_site(tmp_path / "previous"), write_site(tmp_path / "site")
    compress_text_files(previous)
    (site / "es" / "feed.xml").write_text("<rss><item/></rss>", "utf-8")  # changed since
    (previous / "es" / "index.html.br").write_bytes(b"damaged")
    made = []

    def counted(compress):
        def compress_counted(data):
            made.append(data)
            return compress(data)
        return compress_counted

    for suffix, (compress, decompress) in ENCODINGS.items():
        monkeypatch.setitem(ENCODINGS, suffix, (counted(compress), decompress))
    assert compress_text_files(site, previous) == 2
    page, feed = (site / "es" / "index.html").read_bytes(), (site / "es" / "feed.xml").read_bytes()
    assert sorted(made) == sorted([page, feed, feed])  # the damaged copy and the changed file
    for name in ("index.html", "feed.xml"):
        data = (site / "es" / name).read_bytes()
        assert gzip.decompress((site / "es" / (name + ".gz")).read_bytes()) == data
        assert brotli.decompress((site / "es" / (name + ".br")).read_bytes()) == data
