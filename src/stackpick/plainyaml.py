"""The plainest YAML files, read without YAML's machinery, to exactly the same result.

Most answers files are a list of ``key: value`` lines: words, decimal integers,
true/false and flow lists of words, perhaps one level under ``answers:`` and ``meta:``,
with comments. Composing such a file with LibYAML and walking its nodes costs ten
times what reading these lines costs, and a portfolio reads thousands of them.

:func:`read` takes a file only when every line is one of those forms and nothing in it
could read otherwise (a YAML 1.1 word such as ``yes`` or ``null``, a quote, a tab, a
duplicate key, a character outside printable ASCII, deeper nesting); it then returns
what :func:`stackpick.yamlfile.parse` returns for the text: the same data, the same
line of every key and item. Anything else gives None, and the full reader (with its
checks and messages) reads the file. ``tests/test_plainyaml.py`` checks the two agree
over generated files, in the subset and just outside it.
"""

from __future__ import annotations

import re
from typing import Any

# key, then nothing, a word, an integer or a flow list of words, then a comment
_LINE = re.compile(
    r"(?P<indent> *)(?P<key>[A-Za-z_][A-Za-z0-9_]{0,1023}):"  # YAML: a key of 1,024 at most
    r"(?: +(?P<value>[A-Za-z_][A-Za-z0-9_-]*|-?(?:0|[1-9][0-9]{0,17})|\[[ A-Za-z0-9_,-]*\]))?"
    r"(?: +#.*)? *",
    re.ASCII,
)
_ITEM = re.compile(r" *([A-Za-z_][A-Za-z0-9_-]*) *", re.ASCII)
_UNPRINTABLE = re.compile(r"[^\x20-\x7e\n]")
# words YAML 1.1 reads as booleans or null, in any case: left to the full reader
_RESOLVED = frozenset({"yes", "no", "on", "off", "true", "false", "null"})
_BOOLEANS = {"true": True, "false": False}

Lines = dict[tuple[str | int, ...], int]


def read(text: str) -> tuple[dict[str, Any], Lines] | None:
    """The data and lines of a plain file, as the full reader gives them; None otherwise."""
    if _UNPRINTABLE.search(text):
        return None
    data: dict[str, Any] = {}
    lines: Lines = {}
    parent: dict[str, Any] | None = None  # the mapping of the key last opened
    parent_key = ""
    indent = 0  # its children's indentation, once seen
    path: tuple[str, ...]
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.lstrip(" ")
        if not stripped or stripped[0] == "#":
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            return None
        key, raw = match["key"], match["value"]
        if key.lower() in _RESOLVED:
            return None
        depth = len(match["indent"])
        if depth:
            if parent is None or (indent and depth != indent) or raw is None:
                return None
            indent = depth
            target, path = parent, (parent_key, key)
        else:
            if parent is not None and not parent:
                data[parent_key] = None  # opened, but nothing under it: an empty value
            parent = None
            target, path = data, (key,)
        if key in target:
            return None  # a duplicate: the full reader says where
        lines.setdefault((), number)
        lines[path] = number
        if raw is None:
            parent = target[key] = {}
            parent_key, indent = key, 0
            continue
        value = _value(raw)
        if value is None:
            return None
        if isinstance(value, list):
            for index in range(len(value)):
                lines[(*path, index)] = number
        target[key] = value
    if parent is not None and not parent:
        data[parent_key] = None
    return (data, lines) if data else None


def _value(raw: str) -> Any:
    """A word, integer, boolean or list of words; None for what YAML could read otherwise."""
    first = raw[0]
    if first == "[":
        inside = raw[1:-1]
        if not inside.strip(" "):
            return []
        items = []
        for part in inside.split(","):
            match = _ITEM.fullmatch(part)
            if match is None or match[1].lower() in _RESOLVED:
                return None
            items.append(match[1])
        return items
    if first == "-" or first.isdigit():
        return int(raw)
    lowered = raw.lower()
    if lowered in _RESOLVED:
        return _BOOLEANS.get(raw)  # true/false as written; True, NO, null: the full reader's
    return raw
