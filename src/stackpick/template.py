"""An answers-file template: every question, commented, filled with its default.

The first line points editors that run yaml-language-server at the answers schema
(``stackpick schema > answers.schema.json``), so they complete and check the answers.
Filled in as written, the template scores: every line holds the pack's default.
"""

from __future__ import annotations

import textwrap

from stackpick.errors import printable
from stackpick.models import Pack, Question

DEFAULT_SCHEMA = "answers.schema.json"
WIDTH = 80  # an 80-column editor or terminal shows every comment line whole
# Plain YAML would read these as booleans or null (or we refuse them as such): quote them.
_AMBIGUOUS = {"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"}


def yaml_value(value: object) -> str:
    """A default written as YAML that reads back as the same value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    text = str(value)
    return f'"{text}"' if text.lower() in _AMBIGUOUS else text


def _comment(text: str, indent: str = "") -> list[str]:
    # no breaks after hyphens: "closed-world" and ids must stay whole for a reader and a grep
    text = printable(" ".join(text.split()))
    wrapped = textwrap.wrap(text, WIDTH - 2 - len(indent), break_on_hyphens=False)
    return [f"# {indent}{line}".rstrip() for line in wrapped]


def _allowed(question: Question) -> list[str]:
    if question.type == "boolean":
        return ["# allowed: true or false"]
    if question.type == "integer":
        low = question.min if question.min is not None else "any"
        high = question.max if question.max is not None else "any"
        return [f"# allowed: a whole number from {low} to {high}"]
    heading = "a list of any of (empty list allowed):" if question.type == "multi" else "one of:"
    lines = [f"# allowed: {heading}"]
    width = max(len(c.value) for c in question.choices)
    lines += [
        f"#   {c.value:<{width}}  {printable(c.label, one_line=True)}" for c in question.choices
    ]
    return lines


def question_block(question: Question) -> list[str]:
    """The commented lines and the answer line of one question."""
    from stackpick.models import condition_text

    lines = _comment(question.prompt)
    if question.help:
        lines += _comment(question.help, "  ")
    lines += _allowed(question)
    if question.when is not None:
        lines += _comment("asked only when: " + condition_text(question.when))
    if question.default is None:
        lines += ["# default: none, an answer is required", f"{question.id}: null"]
    else:
        default = yaml_value(question.default)
        lines += [f"# default: {default}", f"{question.id}: {default}"]
    return lines


def build_template(pack: Pack, schema: str = DEFAULT_SCHEMA) -> str:
    """The whole template as YAML text."""
    name, version = (printable(t, one_line=True) for t in (pack.pack.name, pack.pack.version))
    lines = [
        # one line each: a newline in the text must not start a live answer line
        f"# yaml-language-server: $schema={printable(schema, one_line=True)}",
        f"# stackpick answers for the {name} {version} criteria pack.",
        "# Edit the values, then: stackpick score --answers THIS_FILE",
        "# Every question below shows its prompt, help, allowed values and default, and",
        "# takes `unknown` when nobody knows yet (the default stands in, and the result",
        "# names it as an open question).",
        "# To title a decision record (stackpick adr), indent the answers under",
        "# `answers:` and add beside it:",
        "#   meta:",
        "#     project: payments-api    # the title: Use <option> for payments-api",
        "#     answered_by: platform    # who decided",
    ]
    for question in pack.questions:
        lines += ["", *question_block(question)]
    return "\n".join(lines) + "\n"
