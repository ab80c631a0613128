"""Settings out of any sensible range are refused on their line, never a traceback."""

from __future__ import annotations

import pytest


def settings_file(staff):
    return staff.root / "library" / "library.toml"


def test_settings_nested_too_deeply_are_refused_without_a_traceback(seed_staff):
    settings_file(seed_staff).write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n",
                                         encoding="utf-8")
    result = seed_staff.run("status", expect=1)
    assert result.output == ("Error: library/library.toml:1: values are nested too deeply to be "
                             "settings. Fix the file (see the README's settings).\n")


@pytest.mark.parametrize("value, shown", [("1e400", "inf"), ("-1", "-1"), ("-0.5", "-0.5")])
def test_an_infinite_or_negative_number_is_refused_on_its_line(seed_staff, value, shown):
    path = settings_file(seed_staff)
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, start=1) if line == "timeout = 10")
    lines[number - 1] = f"timeout = {value}"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = seed_staff.run("voices", expect=1)
    assert f"Error: library/library.toml:{number}: [voices.gtts] timeout must be a number " \
           f"from 0 up, not {shown}." in result.output
