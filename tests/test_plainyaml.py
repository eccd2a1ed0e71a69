"""The plain-file reader gives what LibYAML and the walker give, or leaves the file to them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from stackpick import plainyaml, yamlfile
from stackpick.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
MANY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# values in the subset
PLAIN = [
    *["python", "db_bound", "a-b", "_x", "jvm", "x1", "none", "some", "y", "n"],
    *["0", "-0", "7", "-12", "150", "123456789012345678", "true", "false"],
    *["[]", "[ ]", "[a]", "[soap, ldap]", "[soap,ldap]", "[ a ,b ]"],
]
# and just outside it: YAML 1.1 words, other numbers, quotes, glued comments, nesting
ODD = [
    "True",
    "FALSE",
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "~",
    "007",
    "0x1F",
    "+5",
    "1_000",
    "1:30",
    "1.5",
    "1e3",
    ".inf",
    "'quoted'",
    '"dq"',
    "a#b",
    "a: b",
    "[a, yes]",
    "[a, ]",
    "[1, 2]",
    "[a, [b]]",
    "{a: 1}",
    "&x a",
    "*x",
    "!!str a",
    "- a",
    "|",
    ">",
    "a b",
    "ü",
    "-x",
    "",
]
KEYS = ["team_size", "jvm_estate", "answers", "meta", "project", "a", "on_call", "k2"]
ODD_KEYS = ["True", "yes", "null", "Off", "a b", "'q'", "1"]
ODD_LINES = ["---", "...", "- a", "\ta: 1", "a: 1\r", "    deep: 1", "a:b", "a: x #c\n  more"]


@st.composite
def lines(draw: st.DrawFn) -> str:
    """One line: a key and value, a parent key, a child, a comment or blank; or an odd one.

    One line in twenty steps just outside the subset (an odd key, value, indentation,
    comment or line), so that both readers meet both kinds of file often.
    """
    odd = draw(st.integers(0, 19)) == 0
    kind = draw(st.sampled_from(["pair"] * 5 + ["parent", "child", "child", "comment"]))
    if odd and draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(ODD_LINES))
    if kind == "comment":
        return draw(st.sampled_from(["", "   ", "# note", "  # indented note", "#"]))
    key = draw(st.sampled_from(KEYS)) + str(draw(st.integers(0, 30)))
    if odd and draw(st.booleans()):
        key = draw(st.sampled_from(ODD_KEYS))
    comment = draw(st.sampled_from(["", "", " # a comment", "  #x", "#glued" if odd else ""]))
    if kind == "parent":
        return f"{key}:{comment}"
    indent = "  " if kind == "child" else ""
    if kind == "child" and odd and draw(st.booleans()):
        indent = draw(st.sampled_from([" ", "    "]))
    spaces = draw(st.sampled_from([" ", "  "]))
    value = draw(st.sampled_from(ODD if odd else PLAIN))
    return f"{indent}{key}:{spaces}{value}{comment}"


texts = st.lists(lines(), min_size=0, max_size=12).map("\n".join)
texts = st.one_of(texts, texts.map(lambda t: t + "\n"))


def typed(value: Any) -> str:
    """The value with its types showing: True and 1, '7' and 7 differ."""
    return json.dumps(value)


def full(text: str) -> yamlfile.Document | InputError:
    try:
        return yamlfile.parse_yaml(text, "f.yaml")
    except InputError as error:
        return error


@MANY
@given(texts)
@example("team_size: 12\njvm_estate: none\n")
@example("# head\nanswers:\n  a: 1\n  b: [x, y]\nmeta:\n  project: p\n")
@example("answers:\nmeta:\n  project: p\n")
@example("a: yes\n")
@example("k" * 1024 + ": 1\n")
def test_plain_reader_agrees_with_libyaml(text: str) -> None:
    plain = plainyaml.read(text)
    if plain is None:
        return  # left to the full reader
    expected = full(text)
    assert isinstance(expected, yamlfile.Document), expected
    data, lines = plain
    assert typed(data) == typed(expected.data)
    assert lines == expected.lines
    assert expected.problems == ()


@MANY
@given(texts)
def test_parse_gives_what_the_full_reader_gives(text: str) -> None:
    """Through :func:`yamlfile.parse`: the same document, or the same error."""
    try:
        ours: yamlfile.Document | InputError = yamlfile.parse(text, "f.yaml")
    except InputError as error:
        ours = error
    expected = full(text)
    if isinstance(expected, InputError):
        assert isinstance(ours, InputError) and str(ours) == str(expected)
    else:
        assert isinstance(ours, yamlfile.Document)
        assert typed(ours.data) == typed(expected.data) and ours.lines == expected.lines


@pytest.mark.parametrize(
    "text",
    [
        "team_size: 12\n",
        "# generated\njvm_estate: none\nenterprise_integrations: [soap, ldap]\ngreenfield: true\n",
        "meta:\n  project: shop\nanswers:\n  team_size: 4   # four of us\n  tags: []\n",
    ],
)
def test_plain_files_take_the_short_path(text: str) -> None:
    """The common files are read here (so the test above is not empty)."""
    assert plainyaml.read(text) is not None


@pytest.mark.parametrize(
    "text",
    [
        "a: yes\n",
        "a: True\n",
        "a: 0x10\n",
        "a: 'x'\n",
        "a: 1\na: 2\n",
        "a:\n  b:\n    c: 1\n",
        "a: x\n  more\n",
        "# only a comment\n",
        "a: café\n",
        "a: 1\r\n",
        "k" * 1025 + ": 1\n",  # YAML refuses a key longer than 1,024 characters
    ],
)
def test_anything_else_is_left_to_the_full_reader(text: str) -> None:
    assert plainyaml.read(text) is None


def test_most_shipped_examples_are_plain() -> None:
    examples = sorted((ROOT / "examples").glob("*.yaml"))
    plain = [p for p in examples if plainyaml.read(p.read_text(encoding="utf-8")) is not None]
    for path in plain:
        document = yamlfile.parse_yaml(path.read_text(encoding="utf-8"), str(path))
        assert plainyaml.read(path.read_text(encoding="utf-8")) == (document.data, document.lines)
    assert examples and plain
