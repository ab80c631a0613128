"""Front matter values: the article line each is written on, and how messages name them."""

from __future__ import annotations

import re

import yaml


def value_node(front_matter: str, key: str):
    """Return the YAML node of a front matter key's value (None if it has none)."""
    root = yaml.compose(front_matter)
    if isinstance(root, yaml.MappingNode):
        return next((value for name, value in root.value if name.value == key), None)
    return None


def comment_problem(front_matter: str) -> tuple[int, str] | None:
    """Return the article line of a value cut short by a ' #' (YAML starts a comment there and
    drops the rest: "Call 800 #24/7 help" would read "Call 800") and what to do, or None."""
    root = yaml.compose(front_matter)
    if not isinstance(root, yaml.MappingNode):
        return None
    lines = front_matter.splitlines()
    for key, node in root.value:
        if not isinstance(node, yaml.ScalarNode) or node.style or node.end_mark.line >= len(
                lines):
            continue
        rest = lines[node.end_mark.line][node.end_mark.column:].strip()
        if rest.startswith("#"):
            kept = f'"{node.value}"' if node.value else "nothing"
            return node_line(node) + node.end_mark.line - node.start_mark.line, (
                f"the {key.value} is followed by '{rest}', which YAML takes for a note and "
                f"drops, keeping {kept}. If it belongs to the {key.value}, put it all in "
                f"quotes: {key.value}: {quoted(f'{node.value} {rest}')}; if it is a note, "
                "put it on a line of its own")
    return None


def node_line(node) -> int:
    """Return the article line of a front matter node (the front matter starts on line 2)."""
    return node.start_mark.line + 2 if node is not None else 1


def describe(value) -> str:
    """Return a front matter value as messages name it (the text "…", a mapping)."""
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, dict):
        return "a mapping"
    return f"the {type(value).__name__} {value!r}" if value is not None else "an empty value"


_KEY_LINE = re.compile(r"^(\s*)([\w-]+)\s*:[ \t]*(.*?)\s*$")
_MARKUP_STARTS = "*&!-@`|>%?,"  # a plain value cannot start with these


def quoted(value: str) -> str:
    """Return a front matter value in the quotes that keep it as written."""
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]  # it was quoted, and something inside broke the quotes
    if '"' in value and "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_problem(front_matter: str, error: yaml.YAMLError) -> tuple[int, str]:
    """Return the article line of a front matter YAML error and what to do, as staff
    understand it: an unquoted ': ', a tab, a stray or unclosed quote, a value starting with
    a character YAML reads as markup, a key indented by mistake."""
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None)
    if "quoted scalar" in context and getattr(error, "context_mark", None):
        mark = error.context_mark  # where the unclosed quote opens
    lines = front_matter.splitlines()
    index = min(mark.line, len(lines) - 1) if mark and lines else 0
    text = lines[index] if lines else ""
    found = _KEY_LINE.match(text)
    line = index + 2  # the front matter starts on the article's second line
    if "\t" in text:
        return line, ("the line holds a tab, and YAML front matter takes spaces only; write it "
                      f"with a space instead: {' '.join(text.split())}")
    if not found:
        return line, ("the front matter is not valid YAML: write each line as 'key: value' "
                      "(for example title: Sleep and Recovery)")
    indent, key, value = found.groups()
    fixed = f"{key}: {quoted(value)}"
    if indent and "mapping values" in problem:
        return line, f"the line starts with spaces; start it at the beginning of the line: {key}:"
    if "mapping values" in problem:
        return line, (f"the {key} holds a colon followed by a space; put the {key} in quotes: "
                      f"{fixed}")
    if "quoted scalar" in context:
        return line, (f"the {key} opens a quote ({value[:1]}) that is not closed; close it at "
                      f"the end of the {key}: {key}: {quoted(value.lstrip(value[:1]))}")
    if value[:1] in "\"'[{":
        return line, (f"the {key} starts with {value[0]}, and YAML reads it as the start of a "
                      f"quoted or bracketed value, yet text follows; put the whole {key} in "
                      f"quotes: {fixed}")
    if value[:1] and value[0] in _MARKUP_STARTS:
        return line, (f"the {key} starts with {value[0]}, which YAML reads as markup; put the "
                      f"{key} in quotes: {fixed}")
    return line, (f"the front matter is not valid YAML here ({problem or error}); put the "
                  f"{key} in quotes: {fixed}")
