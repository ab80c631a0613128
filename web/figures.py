"""Pictures as the pages show them: the published sizes of a figure's picture, as its srcset."""

from __future__ import annotations

from flask import g, url_for

from .published import get_published

# The transcript is at most 44rem wide (site.css): the browser picks the size for that width.
SIZES = "(min-width: 46rem) 42rem, 100vw"


def picture_of(block):
    """Return the manifest's record of the picture a figure's block shows (None if none)."""
    published = get_published()
    return published.manifest.pictures.get(block.picture) if published and block.picture \
        else None


def shows_pictures(edition) -> bool:
    """Tell whether an edition shows a picture (its page then needs pictures.js)."""
    return any(b.picture for s in edition.sections for b in s.blocks)


def card_picture(article):
    """Return the manifest's record of the first picture an article shows in the page's
    language (its card's picture), or None."""
    published = get_published()
    edition = published.edition(article, g.lang) if published else None
    first = next((b for s in edition.sections for b in s.blocks if b.picture), None) \
        if edition else None
    return picture_of(first) if first else None


def picture_srcset(picture) -> str:
    """Return the srcset of a published picture: each size's address and width."""
    return ", ".join(f"{url_for('media.audio', name=size.file)} {size.width}w"
                     for size in picture.sizes)


def init_app(app) -> None:
    """Give the templates the pictures of figures."""
    app.jinja_env.globals.update(picture_of=picture_of, picture_srcset=picture_srcset,
                                 picture_sizes=SIZES, shows_pictures=shows_pictures,
                                 card_picture=card_picture)
