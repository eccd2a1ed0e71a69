"""JSON Schema (draft 2020-12) of an answers file, generated from the criteria pack.

Generated, never written by hand, so it always matches the pack it came from. An
answers file is either a flat mapping of question id to answer, or that mapping under
``answers:`` beside an optional ``meta:`` mapping (see CONTRACT.md section 1).
"""

from __future__ import annotations

from typing import Any

from stackpick.answers import META_TEXT
from stackpick.models import UNKNOWN, Pack, Question

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def question_schema(question: Question) -> dict[str, Any]:
    """The schema of one answer: type, enum or bounds, with the prompt as description."""
    schema: dict[str, Any] = {"title": question.prompt}
    if question.help:
        schema["description"] = question.help
    schema.update(_type_schema(question))
    if question.default is not None:
        default = question.default
        schema["default"] = list(default) if isinstance(default, tuple) else default
    return schema


# Every question also takes `unknown` (CONTRACT.md). Written into each type rather than as
# an anyOf, so an editor still says "8 is greater than the maximum" instead of "not valid
# under any of the given schemas": a string must then be exactly `unknown`.
_OR_UNKNOWN = {"pattern": f"^{UNKNOWN}$"}


def _type_schema(question: Question) -> dict[str, Any]:
    if question.type == "boolean":
        return {"enum": [True, False, UNKNOWN]}
    if question.type == "integer":
        bounds = {"minimum": question.min, "maximum": question.max}
        limits = {k: v for k, v in bounds.items() if v is not None}
        return {"type": ["integer", "string"], **limits, **_OR_UNKNOWN}
    values = list(question.choice_values)
    if question.type == "choice":
        return {"type": "string", "enum": [*values, UNKNOWN]}
    return {
        "type": ["array", "string"],
        "items": {"type": "string", "enum": values},
        "uniqueItems": True,
        **_OR_UNKNOWN,
    }


def answers_schema(pack: Pack) -> dict[str, Any]:
    """The flat mapping of question id to answer."""
    required = [q.id for q in pack.questions if q.default is None and q.when is None]
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {q.id: question_schema(q) for q in pack.questions},
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


def build_schema(pack: Pack) -> dict[str, Any]:
    """The whole schema: a flat answers mapping, or ``answers:`` with an optional ``meta:``."""
    info = pack.pack
    wrapped = {
        "type": "object",
        "properties": {
            "answers": {"$ref": "#/$defs/answers"},
            "meta": {
                "type": "object",
                "description": "Free-form details: project, date, who answered.",
                "properties": {
                    **{key: {"type": ["string", "null"]} for key in META_TEXT},
                    "complete": {
                        "type": "boolean",
                        "description": "false when an interview was interrupted",
                    },
                },
            },
        },
        "required": ["answers"],
        "additionalProperties": False,
    }
    return {
        "$schema": DRAFT,
        "$id": f"urn:stackpick:answers:{info.name}:{info.version}",
        "title": f"stackpick answers for the {info.name} {info.version} criteria pack",
        "description": "Answers to stackpick's questions, flat or under 'answers:' with 'meta:'.",
        "type": "object",
        "if": {"required": ["answers"]},
        "then": {"$ref": "#/$defs/wrapped"},
        "else": {"$ref": "#/$defs/answers"},
        "$defs": {"answers": answers_schema(pack), "wrapped": wrapped},
    }
