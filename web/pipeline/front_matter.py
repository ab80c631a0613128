"""Front matter values: the article line each is written on, and how messages name them."""

from __future__ import annotations

import yaml


def value_node(front_matter: str, key: str):
    """Return the YAML node of a front matter key's value (None if it has none)."""
    root = yaml.compose(front_matter)
    if isinstance(root, yaml.MappingNode):
        return next((value for name, value in root.value if name.value == key), None)
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
