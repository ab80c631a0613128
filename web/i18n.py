"""The interface language: URL prefix, negotiation, remembered choice, and locale formatting."""

from __future__ import annotations

import re
from datetime import date

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit
from flask import g, request
from flask_babel import Babel, force_locale, get_babel, get_locale, get_translations, gettext
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from markupsafe import Markup
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from .pipeline.labels import Labels, capfirst
from .pipeline.languages import is_right_to_left
from .pipeline.transcript import heading_of, section_parts, sentences_html
from .published import get_published

LANG_COOKIE = "lang"
# What is read of the headers a visitor sends, so an 8 KB header costs what a short one does:
# the first ranges of Accept-Language (browsers send a handful), and the lang cookie alone.
MAX_ACCEPT_LANGUAGE = 512
MAX_LANGUAGE_RANGES = 16
# A cookie pair is "name=value", after "; " (RFC 6265 4.2.1); the value of lang is a code.
LANG_VALUE = re.compile(r'"?([A-Za-z0-9_-]{1,35})"?[ \t]*(?:;|$)')
# The default library name (library.toml `name`), named here so extraction keeps its translation.
# The words the build publishes too (the intro's title, labels) are marked where it keeps them,
# in pipeline/translation/interface.py.
DEFAULT_NAME = _l("Health Library")


def languages() -> tuple[str, ...]:
    """Return the languages the published library is in (the first is the default)."""
    published = get_published()
    if published is None or not published.manifest.languages:
        return (str(get_babel().default_locale),)  # nothing built yet: the interface default
    return published.manifest.languages


def page_language() -> str:
    """Return the language of this response: the URL's, else the best for this visitor."""
    lang = g.get("lang")
    if lang:
        return lang
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in languages() else negotiate()


def negotiate() -> str:
    """Return the remembered choice, else the best match of Accept-Language, else the default."""
    remembered = remembered_language()
    if remembered in languages():
        return remembered
    # Rank by primary tag: Werkzeug's exact-match pass would put a later "en" before "es-MX".
    primary = LanguageAccept([(re.split(r"[-_]", tag, maxsplit=1)[0], q)
                              for tag, q in accepted_languages()])
    return primary.best_match(languages(), default=languages()[0])


def accepted_languages() -> LanguageAccept:
    """Return the visitor's first language ranges (at most MAX_LANGUAGE_RANGES, read from at
    most MAX_ACCEPT_LANGUAGE characters), with their qualities."""
    header = request.environ.get("HTTP_ACCEPT_LANGUAGE", "")
    if len(header) > MAX_ACCEPT_LANGUAGE:  # keep whole ranges only
        header = header[:MAX_ACCEPT_LANGUAGE].rsplit(",", 1)[0]
    ranges = header.split(",", MAX_LANGUAGE_RANGES)[:MAX_LANGUAGE_RANGES]
    return parse_accept_header(",".join(ranges), LanguageAccept)


def remembered_language() -> str | None:
    """Return the value of the lang cookie, found without parsing the other cookies."""
    header, name = request.environ.get("HTTP_COOKIE", ""), f"{LANG_COOKIE}="
    starts = [0] if header.startswith(name) else []
    starts += [at + len(before) for before in ("; ", ";")
               if (at := header.find(before + name)) >= 0]
    if not starts:
        return None
    found = LANG_VALUE.match(header, min(starts) + len(name))
    return found[1] if found else None


def remember(response):
    """Remember the language of the page the visitor chose, for the next visit to `/`."""
    lang = g.get("lang")
    if lang and remembered_language() != lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure, httponly=True)
    return response


def select_locale() -> str:
    """Return the Babel locale of this request (for Flask-Babel)."""
    return format_locale(page_language())


def language_name(code: str) -> str:
    """Return a language's name in that language, as a menu item ("English", "Español")."""
    return capfirst(Locale.parse(code).language_name)


def text_direction(code: str) -> str:
    """Return the HTML `dir` of a language: "rtl" or "ltr", as CLDR has it."""
    return "rtl" if is_right_to_left(code) else "ltr"


def interface_language() -> str:
    """Return the language the interface's own words are written in (the catalogs' msgids)."""
    return str(get_babel().default_locale)


class Untranslated(Markup):
    """Interface text shown in the interface's own language, for want of a translation."""


def has_translation(msgid: str) -> bool:
    """Say whether the page language's interface catalog translates `msgid`."""
    return bool(getattr(get_translations(), "_catalog", {}).get(msgid))


def mark_untranslated(translate):
    """Return Jinja's `gettext` wrapped so that text with no translation is `Untranslated`."""
    @pass_context
    def gettext_marked(context, msgid, **variables):
        text = translate(context, msgid, **variables)
        return text if has_translation(msgid) else Untranslated(text)
    return gettext_marked


def lang_of(text) -> Markup:
    """Return ` lang="…"` for an element whose only text is untranslated interface text (an
    <option>, which holds no markup), else nothing."""
    if isinstance(text, Untranslated) and page_language() != interface_language():
        return Markup(' lang="{}"').format(interface_language())
    return Markup("")


def lang_marked(text):
    """Return interface text for an element's content, untranslated text in a <span lang> of
    its own language, so that screen readers read it with the right voice."""
    attribute = lang_of(text)
    return Markup("<span{}>{}</span>").format(attribute, text) if attribute else text


def library_name() -> str:
    """Return the published library's name in the page language."""
    published = get_published()
    return gettext(published.manifest.library) if published else str(DEFAULT_NAME)


def format_locale(code: str) -> str:
    """Return the Babel locale a language's numbers and dates are written in: library.toml's
    [formats] may give a regional one ("es_419": "1.8 MB", not Spain's "1,8 MB"); Babel finds
    its translations in the language's folder (locales/es)."""
    published = get_published()
    return published.manifest.formats.get(code, code) if published else code


def in_language(code: str):
    """Return a context in which the interface speaks `code` (words and formats)."""
    return force_locale(format_locale(code))


def page_labels(language: str | None = None) -> Labels:
    """Return the labels of text in an edition of this page, in its language (the page's by
    default; see pipeline/labels.py)."""
    if language is None or language == page_language():
        return Labels(page_language(), gettext, str(get_locale()))
    with in_language(language):
        return Labels(language, get_translations().gettext, str(get_locale()))


def label(text, language: str | None = None) -> str:
    """Return the label of a block, title or summary of the page's edition (or of the edition
    in `language`), or "" if it needs none."""
    return page_labels(language).label(text)


def labelled(text: str, *texts) -> str:
    """Return `text` with the labels of `texts` (blocks, title, summary) in parentheses."""
    return page_labels().labelled(text, texts)


def format_duration(ms: int, length: str = "long") -> str:
    """Return a duration such as "4 minutes and 32 seconds", in the page's locale."""
    minutes, seconds = divmod(round(ms / 1000), 60)
    locale = get_locale()
    parts = [format_unit(n, unit, length=length, locale=locale)
             for n, unit in ((minutes, "duration-minute"), (seconds, "duration-second")) if n]
    return format_list(parts or [format_unit(0, "duration-second", length=length,
                                             locale=locale)], locale=locale)


def format_size(size: int) -> str:
    """Return a file size in megabytes such as "1.8 MB", in the page's locale."""
    return format_unit(size / 1_000_000, "digital-megabyte", length="short", format="#,##0.0",
                       locale=get_locale())


def format_day(iso: str) -> str:
    """Return a day (ISO, as the manifest keeps it) such as "24 November 2026", in the page's
    locale."""
    return format_date(date.fromisoformat(iso), format="long", locale=get_locale())


def format_speed(rate: float) -> str:
    """Return a playback speed such as "1.25×", in the page's locale."""
    return f"{format_decimal(rate, locale=get_locale())}×"


def format_clock(seconds: float) -> str:
    """Return a time in a track as a player shows it: "2:15", "1:02:15"."""
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def section_heading(section):
    """Return (text, language) of a section's heading; the intro's is its title, the word the
    build took from the interface catalog ("Introduction"), as its chapter is called."""
    heading = heading_of(section)
    if heading is None:
        return section.title, page_language()
    return heading.text, heading.language


def language_in_page(code: str) -> str:
    """Return a language's name in the page's language ("inglés" on a Spanish page)."""
    return Locale.parse(code).get_language_name(get_locale())


def init_app(app) -> None:
    """Set up Flask-Babel and the template helpers."""
    Babel(app, locale_selector=select_locale,
          default_translation_directories=app.config["TRANSLATIONS"])
    app.jinja_env.globals["gettext"] = mark_untranslated(app.jinja_env.globals["gettext"])
    app.jinja_env.globals.update(language_name=language_name, text_direction=text_direction,
                                 lang_of=lang_of,
                                 library_name=library_name,
                                 languages=languages, page_language=page_language,
                                 section_heading=section_heading, label=label,
                                 labelled=labelled,
                                 section_parts=section_parts, sentences_html=sentences_html,
                                 heading_of=heading_of)
    app.jinja_env.filters.update(duration=format_duration, size=format_size, speed=format_speed,
                                 day=format_day,
                                 clock=format_clock,
                                 language_in_page=language_in_page, capfirst=capfirst,
                                 lang_marked=lang_marked)
