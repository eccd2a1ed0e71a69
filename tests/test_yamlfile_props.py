"""Reader properties: any input parses or fails with our own error; answers round-trip."""

from __future__ import annotations

import io
import json
import sys
from typing import Any
from unittest import mock

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stackpick import load_pack, yamlfile
from stackpick.answers import check_answers, parse_answers, read_answers
from stackpick.errors import AnswersError, InputError
from stackpick.models import Question
from stackpick.yamlfile import parse

PACK = load_pack()
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML that reach the odd corners of the grammar far more often than st.text() does.
TOKENS = [
    "a",
    "team_size",
    "jvm_estate",
    ":",
    ": ",
    " ",
    "  ",
    "\n",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&x ",
    "*x",
    "!!python/name:os.system ",
    "!!binary ",
    "!!set ",
    "!x ",
    "<<: ",
    "? ",
    "'",
    '"',
    "#",
    "|",
    ">",
    "yes",
    "no",
    "on",
    "1",
    "-7",
    "0x1F",
    "1e5",
    "1.5",
    ".nan",
    ".inf",
    "~",
    "null",
    "---",
    "...",
    "\t",
    "%YAML 1.1",
    "\\",
    "\x1b",
    "\ufeff",
    "é",
    "1" * 45,
    "2026-05-26",
    "true",
    "!!int ",
    "!!str ",
    "!!float ",
]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


def read_or_refuse(text: str) -> None:
    try:
        parse(text, "prop.yaml")
    except InputError as exc:
        assert str(exc).startswith("prop.yaml")


@FAST
@given(st.text(max_size=300))
def test_any_text_parses_or_is_refused(text: str) -> None:
    read_or_refuse(text)


@FAST
@given(yamlish)
def test_yaml_like_text_parses_or_is_refused(text: str) -> None:
    read_or_refuse(text)


@FAST
@given(st.one_of(yamlish, st.text(max_size=200)))
def test_pure_python_loader_parses_or_refuses(text: str) -> None:
    with mock.patch.object(yamlfile, "_Loader", yaml.SafeLoader):
        read_or_refuse(text)


def read_bytes(data: bytes) -> None:
    """Feed ``data`` to the answers reader as standard input."""
    stdin = io.TextIOWrapper(io.BytesIO(data))
    with mock.patch.object(sys, "stdin", stdin):
        try:
            read_answers(PACK, "-")
        except (InputError, AnswersError) as exc:
            assert str(exc).startswith("<stdin>")


@FAST
@given(st.binary(max_size=300))
def test_any_bytes_read_or_refused(data: bytes) -> None:
    read_bytes(data)


@FAST
@given(yamlish.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_yaml_like_bytes_read_or_refused(data: bytes) -> None:
    read_bytes(data)


@FAST
@given(st.dictionaries(st.sampled_from([q.id for q in PACK.questions]), yamlish, max_size=6))
def test_answers_of_any_text_fit_or_are_refused(mapping: dict[str, str]) -> None:
    try:
        parse_answers(PACK, yaml.safe_dump(mapping), "a.yaml")
    except (InputError, AnswersError) as exc:
        assert str(exc).startswith("a.yaml")


def value_for(question: Question) -> st.SearchStrategy[Any]:
    """Any valid answer to ``question``."""
    if question.type == "boolean":
        return st.booleans()
    if question.type == "integer":
        low = question.min if question.min is not None else -(10**6)
        high = question.max if question.max is not None else 10**6
        return st.integers(low, high)
    if question.type == "choice":
        return st.sampled_from(question.choice_values)
    return st.lists(st.sampled_from(question.choice_values), unique=True)


valid_answers = st.fixed_dictionaries({}, optional={q.id: value_for(q) for q in PACK.questions})


@FAST
@given(valid_answers, st.sampled_from(["yaml", "json", "wrapped"]))
def test_valid_answers_round_trip(mapping: dict[str, Any], how: str) -> None:
    if how == "json":
        text = json.dumps(mapping)
    elif how == "wrapped":
        text = yaml.safe_dump({"meta": {"by": "prop"}, "answers": mapping})
    else:
        text = yaml.safe_dump(mapping)
    read = parse_answers(PACK, text, "a.yaml")
    direct = check_answers(PACK, mapping)
    assert read.values == direct.values
    assert read.defaulted == direct.defaulted
    for question_id, value in mapping.items():
        if question_id in read.not_asked:
            assert read.values[question_id] is None
        else:
            expected = value
            if isinstance(value, list):  # a set of choices, held in the pack's order of them
                choices = PACK.question(question_id).choice_values
                expected = tuple([c for c in choices if c in value])
                assert set(expected) == set(value)
            assert read.values[question_id] == expected
            assert type(read.values[question_id]) is type(expected)
    assert set(read.defaulted).isdisjoint(mapping)
