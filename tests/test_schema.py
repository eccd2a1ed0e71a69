"""The answers schema, checked by the real jsonschema validator against the real reader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from stackpick.answers import check_value
from stackpick.models import Pack
from stackpick.schema import build_schema
from stackpick.template import build_template
from stackpick.yamlfile import load_file, parse
from support import CLI

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def validator(pack: Pack) -> Draft202012Validator:
    schema = build_schema(pack)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(validator: Draft202012Validator, data: Any) -> list[str]:
    return [e.message for e in validator.iter_errors(data)]


def test_schema_is_draft_2020_12(pack: Pack) -> None:
    schema = build_schema(pack)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    answers = schema["$defs"]["answers"]
    assert answers["additionalProperties"] is False
    assert set(answers["properties"]) == {q.id for q in pack.questions}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_every_example_validates(validator: Draft202012Validator, path: Path) -> None:
    assert errors(validator, load_file(str(path)).data) == []


def test_filled_template_validates(validator: Draft202012Validator, pack: Pack) -> None:
    assert errors(validator, parse(build_template(pack), "template").data) == []


def test_wrapped_answers_with_meta_validate(validator: Draft202012Validator) -> None:
    data = {"answers": {"team_size": 3}, "meta": {"project": "x", "date": "2026-01-01"}}
    assert errors(validator, data) == []


def test_meta_types_match_what_score_checks(validator: Draft202012Validator) -> None:
    assert errors(validator, {"answers": {}, "meta": {"complete": "no"}}) != []
    assert errors(validator, {"answers": {}, "meta": {"project": 12}}) != []
    assert errors(validator, {"answers": {}, "meta": {"complete": False, "mine": 1}}) == []


def test_every_question_takes_unknown(pack: Pack) -> None:
    from jsonschema import Draft202012Validator

    from stackpick.schema import build_schema

    validator = Draft202012Validator(build_schema(pack))
    assert errors(validator, {q.id: "unknown" for q in pack.questions}) == []
    assert errors(validator, {"answers": {"team_language": "unknown"}, "meta": {}}) == []


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"team_size": "8"}, "does not match '^unknown$'"),  # a string must be unknown
        ({"team_size": True}, "is not of type 'integer', 'string'"),
        ({"team_size": 0}, "less than the minimum"),
        ({"team_sise": 8}, "team_sise"),
        ({"team_language": "ruby"}, "is not one of"),
        ({"team_language": "no"}, "is not one of"),
        ({"greenfield": "yes"}, "is not one of [True, False, 'unknown']"),
        ({"enterprise_integrations": ["cobol"]}, "is not one of"),
        ({"enterprise_integrations": ["jms", "jms"]}, "non-unique"),
        ({"enterprise_integrations": "jms"}, "does not match '^unknown$'"),
        ({"answers": {"team_size": 3}, "owner": "me"}, "owner"),
        ({"answers": {"team_size": 3}, "meta": "x"}, "is not of type 'object'"),
        ({"answers": {"team_sise": 3}}, "team_sise"),
        (["team_size"], "is not of type 'object'"),
    ],
)
def test_bad_answers_are_rejected(
    validator: Draft202012Validator, data: Any, fragment: str
) -> None:
    found = errors(validator, data)
    assert found, f"{data} was accepted"
    assert any(fragment in e for e in found), found


def _value() -> st.SearchStrategy[Any]:
    words = st.sampled_from(["python", "java", "none", "jms", "soap", "io_bound", "ruby", "yes"])
    scalars = st.one_of(st.booleans(), st.integers(-5, 200_000), words)
    return st.one_of(scalars, st.lists(words, max_size=4))


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_schema_agrees_with_the_reader(
    validator: Draft202012Validator, pack: Pack, data: st.DataObject
) -> None:
    """Any single answer is valid for the schema exactly when the reader accepts it."""
    question = data.draw(st.sampled_from(pack.questions))
    value = data.draw(_value())
    reader_ok = check_value(question, value) is None
    schema_ok = not errors(validator, {question.id: value})
    assert reader_ok == schema_ok, (question.id, value)


def test_required_lists_questions_without_default(tmp_path: Path) -> None:
    from stackpick.pack import load_pack

    pack_file = tmp_path / "pack.yaml"
    pack_file.write_text(
        "pack: {name: t, version: '1'}\n"
        "options: [{id: a, name: A}, {id: b, name: B}]\n"
        "confidence: [{level: clear, min_margin: 0}]\n"
        "questions:\n"
        "  - {id: size, prompt: How many?, type: integer, min: 1}\n"
        "  - {id: fast, prompt: Fast?, type: boolean, default: false}\n"
        "criteria:\n"
        "  - id: c\n    title: C\n    weight: 1\n    section: S\n"
        "    rules: [{values: {a: 1, b: 0}, why: because}]\n"
    )
    schema = build_schema(load_pack(pack_file))
    assert schema["$defs"]["answers"]["required"] == ["size"]
    validator = Draft202012Validator(schema)
    assert errors(validator, {"fast": True})
    assert not errors(validator, {"size": 2})


def test_cli_prints_and_writes_the_schema(cli: CLI, pack: Pack, tmp_path: Path) -> None:
    printed = cli("schema")
    assert printed.code == 0 and printed.err == ""
    assert json.loads(printed.out) == build_schema(pack)
    written = cli("schema", "--output", "answers.schema.json")
    assert written.code == 0 and written.out == ""
    assert json.loads((tmp_path / "answers.schema.json").read_text()) == build_schema(pack)
