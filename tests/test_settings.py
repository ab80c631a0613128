"""library/library.toml checked against its schema: every mistake named on its line, with the
closest valid name, before any command does anything; --lang and the languages checked too."""

from __future__ import annotations

import pytest

from manage_content import cli
from web.pipeline.engine_options import ENGINE_OPTIONS
from web.pipeline.settings import load_settings
from web.pipeline.voices.registry import ENGINES


def edit_settings(root, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in the project's library.toml."""
    path = root / "library" / "library.toml"
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize(("old", "new", "message"), [
    ('languages = ["en", "es"]', 'langauges = ["en", "es"]',
     "library/library.toml:8: unknown setting 'langauges'. Did you mean 'languages'?"),
    ("[credits.es]", "[credit.es]",
     "library/library.toml:11: unknown section 'credit'. Did you mean 'credits'?"),
    ("[voices.piper]", "[voices.piperr]",
     "library/library.toml:49: [voices]: unknown voice engine 'piperr'. Did you mean 'piper'?"),
    ("timeout = 10", "timout = 10",
     "library/library.toml:27: [voices.gtts]: unknown setting 'timout'. Did you mean "
     "'timeout'?"),
    ('es = { tld = "com.mx" }', 'es = { tdl = "com.mx" }',
     "library/library.toml:29: [voices.gtts] es: unknown setting 'tdl'. Did you mean 'tld'?"),
    ('reviewer = "Equipo', 'reviewr = "Equipo',
     "library/library.toml:13: [credits.es]: unknown setting 'reviewr'. Did you mean "
     "'reviewer'?"),
    ("timeout = 10", 'timeout = "10s"',
     'library/library.toml:27: [voices.gtts] timeout must be a number, not the text "10s". '
     "Write, for example, timeout = 10.0."),
    ("timeout = 10", "attempts = 2.5",
     "library/library.toml:27: [voices.gtts] attempts must be a whole number, not 2.5. Write, "
     "for example, attempts = 4."),
    ('languages = ["en", "es"]', 'languages = "en"',
     'library/library.toml:8: languages must be a list, not the text "en". Write, for '
     'example, languages = ["en", "es"].'),
    ('es = { voice = "es-419+m7"', "es = { voice = 419",
     "library/library.toml:39: [voices.espeak-ng] es.voice must be text in quotes, not 419. "
     'Write, for example, es = { voice = "…" }.'),
    ('en = { tld = "com" }', 'tld = "com"',
     "library/library.toml:28: [voices.gtts] tld is set per language. Write, for example, "
     'es = { tld = "com" }.'),
    ('es = ["kokoro", "espeak-ng"]', 'es = ["kokoro", "espeak"]',
     "library/library.toml:19: [voices] es lists unknown engine 'espeak'. Did you mean "
     "'espeak-ng'?"),
    ('es = ["kokoro", "espeak-ng"]', 'es = ["kokoro", "espeak-ng"]\nfr = ["espeak-ng"]',
     "library/library.toml:20: [voices]: 'fr' is not a language of the library (en, es). Add "
     "it to languages, or remove this line."),
    ('[credits.es]', '[credits.fr]',
     "library/library.toml:11: [credits.fr]: 'fr' is not a language of the library (en, es). "
     "Add it to languages, or remove this section."),
    ('languages = ["en", "es"]', 'languages = []',
     'library/library.toml:8: languages is empty. List at least one, for example languages = '
     '["en", "es"].'),
    ('languages = ["en", "es"]', 'languages = ["en", "es", "sp"]',
     "library/library.toml:8: languages: unknown language code 'sp'. Did you mean 'es' "
     "(Spanish)?"),
    ('languages = ["en", "es"]', 'languages = ["en", "es", "es-419"]',
     "library/library.toml:8: languages: unknown language code 'es-419'. Did you mean "
     "'es_419' (Spanish (Latin America))?"),
    ('es = "es_419"', 'es = "pt_BR"',
     "library/library.toml:44: [formats] es: 'pt_BR' is not a CLDR locale of the language 'es' "
     '(Spanish). Write one such as es = "es_419" or remove the line.'),
    ('es = "es_419"', 'vi = "vi"',
     "library/library.toml:44: [formats]: 'vi' is not a language of the library (en, es). Add "
     "it to languages, or remove this line."),
    ('base_url = "http://127.0.0.1:5000/"', 'base_url = "ftp://library.example.org/"',
     'library/library.toml:76: [site] base_url "ftp://library.example.org/" is not an absolute '
     "http or https address with a host name. Write, for example, base_url = "
     '"https://library.example.org/".'),
    ('base_url = "http://127.0.0.1:5000/"', 'base_url = "https://library.example.org/?x=1"',
     'library/library.toml:76: [site] base_url "https://library.example.org/?x=1" has a query '
     "(?) or a fragment (#), which a base address cannot have. Write, for example, base_url = "
     '"https://library.example.org/".'),
    ('base_url = "http://127.0.0.1:5000/"', 'base_uri = "http://127.0.0.1:5000/"',
     "library/library.toml:76: [site]: unknown setting 'base_uri'. Did you mean 'base_url'?"),
    ("timeout = 10", "timeout = 10s",
     "library/library.toml:27: Expected newline or end of document after a statement (column "
     "13). Fix the TOML syntax and run the command again."),
])
def test_a_mistake_in_the_settings_is_named_on_its_line(staff, old, new, message):
    edit_settings(staff.root, old, new)
    result = staff.run("status", expect=1)
    assert result.output == f"Error: {message}\n"


def test_every_mistake_is_listed_at_once_in_the_order_of_the_file(staff):
    # A multi-line list, a comment and a string holding "[x]" and "=" do not shift the lines.
    edit_settings(staff.root, 'languages = ["en", "es"]',
                  'languages = [\n  "en",  # English\n  "es",\n  "xx",\n]\n'
                  'name2 = "a [x] = b"')
    edit_settings(staff.root, "timeout = 10", "timeout = true")
    result = staff.run("status", expect=1)
    assert result.output == (
        "Error: library/library.toml:8: languages: unknown language code 'xx'. Did you mean "
        "'xh' (Xhosa)?\n"
        "library/library.toml:13: unknown setting 'name2'. Did you mean 'name'?\n"
        "library/library.toml:32: [voices.gtts] timeout must be a number, not true. Write, for "
        "example, timeout = 10.0.\n")


def test_an_unknown_language_is_refused_before_extract_or_build_writes_anything(staff):
    edit_settings(staff.root, 'languages = ["en", "es"]', 'languages = ["en", "es", "xx"]')
    before = files(staff.root)
    message = ("Error: library/library.toml:8: languages: unknown language code 'xx'. Did you "
               "mean 'xh' (Xhosa)?\n")
    assert staff.run("extract", expect=1).output == message
    assert staff.run("build", "--engine", "silent", "--dry-run", expect=1).output == message
    assert staff.run("build", "--engine", "silent", "--lang", "en", expect=1).output == message
    assert files(staff.root) == before  # nothing extracted, no manifest published


# Each command with --lang, and what its --lang may name.
COMMANDS_WITH_LANG = {"translate": "a translated language of the library. Use one of es",
                      "status": "a translated language of the library. Use one of es",
                      "build": "a language of the library. Use one of en, es",
                      "voices": "a language of the library. Use one of en, es",
                      "history": "a translated language of the library. Use one of es",
                      "review": "a translated language of the library. Use one of es",
                      "say": "a language of the library. Use one of en, es"}
# What a command needs besides --lang.
ARGUMENTS = {"history": ("heroin-and-the-brain",), "say": ("Call 911.",),
             "review": ("heroin-and-the-brain", "--by", "Spanish team")}


def test_the_commands_with_lang_are_those_tested():
    with_lang = {name for name, command in cli.commands.items()
                 if any("--lang" in param.opts for param in command.params)}
    assert with_lang == set(COMMANDS_WITH_LANG)


@pytest.mark.parametrize("command", sorted(COMMANDS_WITH_LANG))
def test_every_command_refuses_a_language_the_library_does_not_have(staff, command):
    before = files(staff.root)
    result = staff.run(command, *ARGUMENTS.get(command, ()), "--lang", "fr", expect=1)
    assert result.output == f"Error: --lang fr: not {COMMANDS_WITH_LANG[command]}.\n"
    assert files(staff.root) == before


def test_the_engines_are_those_whose_settings_are_declared():
    assert list(ENGINE_OPTIONS) == list(ENGINES)


def test_settings_saved_with_a_bom_are_read_and_settings_not_in_utf8_are_refused(staff):
    path = staff.root / "library" / "library.toml"
    text = path.read_text("utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert staff.run("voices", "--lang", "es").output.startswith("es:\n")
    path.write_bytes(text.encode("latin-1"))  # "traducción" on line 12
    assert staff.run("status", expect=1).output == (
        "Error: library/library.toml:12: is not valid UTF-8 (byte 0xf3). Save it as UTF-8 and "
        "run the command again.\n")


def test_the_base_url_is_written_one_way(staff):
    edit_settings(staff.root, 'base_url = "http://127.0.0.1:5000/"',
                  'base_url = "HTTPS://Library.Example.org/health library"')
    assert load_settings(staff.root).base_url == "https://library.example.org/health%20library/"


def test_the_feeds_contact_must_be_an_email_address(staff):
    edit_settings(staff.root, 'contact = "podcasts@library.example.org"', 'contact = "podcasts"')
    result = staff.run("check", expect=1)
    assert '[site] contact "podcasts" is not an email address. Write, for example, contact = ' \
        '"podcasts@library.example.org".' in result.output
