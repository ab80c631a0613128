"""What an article is made of on disk, and the fingerprint of the code that reads it.

The one ledger of an article's files (its Markdown, its template, its catalogs and its
pictures) and of what "the pipeline's code changed" means. The build stamp, the in-step record
of the catalogs, `remove` and the readability cache all ask here, so a new kind of article file
(pictures, say) is hashed, checked and removed in the same step, and a new release of the
pipeline is seen the same way by every cache.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from .picture_files import PICTURES
from .settings import Settings

CODE = Path(__file__).resolve().parent  # the pipeline itself
UI_DOMAIN = "messages"  # the website's own catalog, kept by Flask-Babel, not an article's


def template_path(settings: Settings, slug: str) -> Path:
    """Return the translation template of the article `slug`."""
    return settings.templates_dir / f"{slug}.pot"


def catalog_files(settings: Settings) -> list[Path]:
    """Return every article PO file under locales/ (the website's own catalog excluded)."""
    return [p for p in sorted(settings.locales_dir.glob("*/LC_MESSAGES/*.po"))
            if p.stem != UI_DOMAIN]


@dataclass(frozen=True)
class ArticleFiles:
    """The files of one article: all that its editions are made from."""

    slug: str
    markdown: Path
    template: Path
    catalogs: MappingProxyType  # language -> its PO file
    pictures: tuple[Path, ...] = ()  # the picture files its Markdown names, in library/

    @property
    def common(self) -> tuple[Path, ...]:
        """The files every edition of the article is made from (all but the catalogs)."""
        return (self.markdown, self.template, *self.pictures)

    @property
    def paths(self) -> tuple[Path, ...]:
        """Every file of the article: the common ones, then its catalogs."""
        return (*self.common, *self.catalogs.values())


def library_slugs(settings: Settings) -> list[str]:
    """Return the slug of every library article, sorted."""
    return sorted(path.stem for path in settings.library_dir.glob("*.md"))


def article_files(settings: Settings, slug: str,
                  languages: tuple[str, ...] | None = None) -> ArticleFiles:
    """Return the files of article `slug`, its catalogs in `languages` (default: the target
    languages), whether or not they exist yet."""
    languages = settings.target_languages if languages is None else languages
    return ArticleFiles(slug, settings.article_path(slug), template_path(settings, slug),
                        MappingProxyType({code: settings.catalog_path(code, slug)
                                          for code in languages}),
                        article_pictures(settings, settings.article_path(slug)))


def article_pictures(settings: Settings, markdown: Path) -> tuple[Path, ...]:
    """Return the picture files the article `markdown` names (none if it is not there)."""
    try:
        text = markdown.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return ()
    return tuple(settings.library_dir / name for name in picture_names(text))


def picture_names(markdown: str) -> tuple[str, ...]:
    """Return the picture files (`pictures/<name>`) an article's Markdown names, in order, once
    each, read without parsing it (the ledger of its files asks often)."""
    found = []
    for part in markdown.split(f"]({PICTURES}/")[1:]:
        words = part.split(")", 1)[0].split()
        name = words[0] if words else ""
        if name and f"{PICTURES}/{name}" not in found:
            found.append(f"{PICTURES}/{name}")
    return tuple(found)


def existing_article_files(settings: Settings, slug: str) -> list[Path]:
    """Return the files of article `slug` that exist, with its catalog in every language
    folder that has one (a language dropped from the settings too); not the pictures another
    article shows too."""
    found = article_files(settings, slug, ())
    catalogs = [path for path in catalog_files(settings) if path.stem == slug]
    shared = {picture for other in settings.library_dir.glob("*.md") if other.stem != slug
              for picture in article_pictures(settings, other)}
    return [path for path in (*found.common, *catalogs) if path.exists() and path not in shared]


def orphaned_catalogs(settings: Settings) -> list[Path]:
    """Return templates and catalogs whose article is no longer in library/."""
    templates = [p for p in sorted(settings.templates_dir.glob("*.pot")) if p.stem != UI_DOMAIN]
    articles = {path.name for path in settings.library_dir.glob("*.md")}  # one listing
    return [p for p in [*templates, *catalog_files(settings)]
            if settings.article_path(p.stem).name not in articles]


@cache
def code_fingerprint(*packages: str, modules: tuple[str, ...] | None = None) -> str:
    """Return a hash of the pipeline's code (only of `modules`, paths in the pipeline, when
    given) and of the versions of `packages`: what a cached result depends on besides its
    inputs, so a new release computes it again."""
    digest = hashlib.sha256()
    paths = sorted(CODE.rglob("*.py")) if modules is None else [CODE / m for m in modules]
    for path in paths:
        digest.update(f"{path.relative_to(CODE)}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    if packages:
        from importlib.metadata import version  # slow to import; most fingerprints name none

        for package in packages:
            digest.update(f"{package}\0{version(package)}\0".encode())
    return digest.hexdigest()
