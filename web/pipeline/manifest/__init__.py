"""audio/manifest.json: the contract between the build and the website.

The build writes it last and atomically; the website reads only it and the files it names.
All file paths in it are relative to the audio folder. Each edition's blocks (its text, with
every sentence's timing) are kept in a file of their own that the manifest names, so a web
worker reads the text of an article only when a page of it is asked for, and the manifest it
holds stays small however large the library grows.

records.py holds what the manifest says, json_io.py reads and writes it, texts.py the editions'
text files, listing.py lists the files it names.
"""

from .json_io import (
    last_good_path,
    load_manifest,
    manifest_to_json,
    read_manifest,
    read_published_manifest,
    write_manifest,
)
from .listing import (
    file_records,
    manifest_files,
    manifest_tracks,
    served_files,
    text_records,
)
from .records import (
    ARTWORK_TYPE,
    BOOK_TYPE,
    MANIFEST_VERSION,
    ArticleEdition,
    Chapter,
    CoverImage,
    FileRecord,
    Manifest,
    ManifestArticle,
    ManifestBlock,
    ManifestSection,
    OfflineDownload,
    Picture,
    PictureFile,
    SearchIndex,
    Sentence,
    Span,
    TalkingBook,
    TrackFile,
)
from .texts import edition_text, ensure_text, read_text, read_texts, with_text

__all__ = [
    "ARTWORK_TYPE", "BOOK_TYPE", "MANIFEST_VERSION", "ArticleEdition", "Chapter", "CoverImage",
    "FileRecord", "Manifest", "ManifestArticle", "ManifestBlock", "ManifestSection",
    "OfflineDownload", "Picture", "PictureFile", "SearchIndex", "Sentence", "Span",
    "TalkingBook", "TrackFile",
    "edition_text", "ensure_text", "file_records", "last_good_path", "load_manifest",
    "manifest_files", "manifest_to_json", "manifest_tracks", "read_manifest",
    "read_published_manifest", "read_text", "read_texts", "served_files", "text_records",
    "with_text", "write_manifest",
]
