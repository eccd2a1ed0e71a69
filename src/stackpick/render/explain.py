"""The explain view: every criterion worked through in words, plus helpers other views share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from stackpick.analysis import Explanation
from stackpick.errors import printable
from stackpick.models import weight_text
from stackpick.render import Context, View
from stackpick.render.common import (
    advice_data,
    answer_data,
    answer_lists,
    answer_text,
    change_data,
    condition_text,
    console,
    constraint_data,
    flip_data,
    labelled_lines,
    md,
    notes_of_markdown,
    notes_of_table,
    number,
    opening_markdown,
    opening_table,
    option_name,
    overrides_data,
    overrides_text,
    rounded,
    scores_text,
    write_json,
)

if TYPE_CHECKING:
    from rich.console import Console

    from stackpick.analysis import Step
    from stackpick.engine import Result
    from stackpick.models import Pack


# --- explain ------------------------------------------------------------------------------

METHOD = (
    "Each option's score is 100 x the weighted mean of its values (0-1) over every"
    " criterion; a criterion that does not apply gives every option the same value."
)


def share(value: float) -> str:
    """A value on a criterion's 0-1 scale, as written in the pack."""
    return f"{value:g}"


def _inputs(step: Step, left: Mapping[str, str]) -> str:
    said = []
    for question, value in step.inputs.items():
        if value is not None:
            shown = "empty" if value == () else answer_text(value)
            said.append(f"{question} is {shown}{left.get(question, '')}")
    return " and ".join(said)


def default_marks(result: Result) -> dict[str, str]:
    """The answers nobody gave, each with how to say so beside it in a reason."""
    marks = dict.fromkeys(result.defaulted, " by default")
    return marks | dict.fromkeys(result.unknown, " by default (answered not sure)")


def explained(step: Step, pack: Pack, left: Mapping[str, str]) -> str:
    """The step's working in sentences: which rule applied on which answers, and what it gave."""
    return " ".join(x for x in (because(step, left), outcome(step, pack)) if x)


def because(step: Step, left: Mapping[str, str]) -> str:
    """Which rule applied and on which answers, as a sentence.

    ``left`` marks the answers nobody gave (see :func:`default_marks`): a reason resting
    on a default says so.
    """
    inputs = _inputs(step, left)
    if step.rule is None:
        if not inputs:
            return "None of its rules applies to these answers, so it does not apply."
        return f"None of its rules applies ({inputs}), so it does not apply."
    if step.condition is None:
        return f"Rule {step.rule + 1}, the fallback, applies: no earlier rule matched."
    rule = condition_text(step.condition)
    plain = all(symbol not in rule for symbol in (">=", "<=", "not ", " or ", "[", "contains"))
    test = "" if plain else f", which meets {rule}"
    return f"Rule {step.rule + 1} applies: {inputs}{test}."


def outcome(step: Step, pack: Pack) -> str:
    """What the step gave each option, as a sentence."""
    if step.weight == 0:
        return "Its weight is 0 here, so it does not count."
    weight = f"weight {weight_text(step.weight)}"
    if step.favours is None:
        (first, value), *_ = step.values.items()
        each = (
            f"Every option gets {share(value)} ({number(step.awarded[first])} points at {weight})"
        )
        return each + ", so it favours none."
    parts = " and ".join(
        f"{option_name(pack, o)} {share(v)} ({number(step.awarded[o])} points)"
        for o, v in step.values.items()
    )
    return f"At {weight}: {parts}."


def weight_label(step: Step) -> str:
    """'2' or '3 (pack 2.5)' when the organisation changed it."""
    if step.weight == step.pack_weight:
        return weight_text(step.weight)
    return f"{weight_text(step.weight)} (pack {weight_text(step.pack_weight)})"


def to_data(explanation: Explanation, pack: Pack) -> dict[str, Any]:
    """The explanation as JSON-ready data."""
    result = explanation.result
    marks = default_marks(result)
    return {
        "recommendation": result.recommendation,
        "scores": rounded(result.scores),
        "confidence": result.confidence,
        "margin": result.margin,
        "tie": result.tie,
        "value_scores": result.value_scores,
        "hinges_on": [change_data(c) for c in result.hinges_on],
        "open_flips": [flip_data(f) for f in result.open_flips],
        "constraints": [constraint_data(c) for c in result.constraints],
        "criteria": [_step_data(s, pack, marks) for s in explanation.steps],
        "tradeoffs": [t.text for t in result.tradeoffs],
        "advice": advice_data(result),
        "defaulted": list(result.defaulted),
        "unknown": list(result.unknown),
        "not_asked": list(result.not_asked),
        "weights": result.weights,
        "weight_overrides": overrides_data(explanation.overrides),
    }


def _step_data(step: Step, pack: Pack, left: Mapping[str, str]) -> dict[str, Any]:
    return {
        "criterion": step.criterion,
        "title": step.title,
        "weight": step.weight,
        "pack_weight": step.pack_weight,
        "rule": None if step.rule is None else step.rule + 1,
        "condition": condition_text(step.condition) or None,
        "answers": {q: answer_data(v) for q, v in step.inputs.items()},
        "values": step.values,
        "awarded": step.awarded,
        "favours": step.favours,
        "points": step.lead,
        "effect": step.effect,
        "why_weight": step.why_weight or None,
        "why": step.why or None,
        "explanation": explained(step, pack, left),
        "section": step.section,
    }


def json(explanation: Explanation, out: TextIO, context: Context) -> None:
    """One JSON object: the result and every criterion's step."""
    pack = context.needs_pack()
    write_json(to_data(explanation, pack), out)


def markdown(explanation: Explanation, out: TextIO, context: Context) -> None:
    """A heading per criterion with the working in sentences, for a decision record."""
    pack = context.needs_pack()
    result = explanation.result
    lines = opening_markdown(result, pack)
    lines += ["", METHOD, ""]
    lines += ["| Option | Score |", "|---|---:|"]
    lines += [f"| {md(option_name(pack, o))} | {number(s)} |" for o, s in result.scores.items()]
    lines += ["", "### How each criterion scored", ""]
    marks = default_marks(result)
    for step in explanation.steps:
        lines += _step_markdown(step, pack, marks)
    lines += notes_of_markdown(result, pack)
    if explanation.overrides:
        lines += ["", md(overrides_text(explanation.overrides))]
    for label, ids in answer_lists(result):
        lines += ["", f"{label}: " + ", ".join(f"`{q}`" for q in ids)]
    out.write("\n".join(lines) + "\n")


def _lead(step: Step, pack: Pack) -> str:
    if step.rule is None or step.weight == 0:
        return "does not apply" if step.weight else "weight 0"
    return f"+{number(step.lead)} {option_name(pack, step.favours)}" if step.favours else "even"


def _step_markdown(step: Step, pack: Pack, left: Mapping[str, str]) -> list[str]:
    lead = _lead(step, pack)
    text = explained(step, pack, left)
    lines = [f"- **{md(step.title)}** (weight {md(weight_label(step))}, {md(lead)}): {md(text)}"]
    if step.why:
        lines.append(f"  {md(step.why)} _({md(step.section)})_")
    return lines


def table(explanation: Explanation, out: TextIO, context: Context) -> None:
    """The working for people: one paragraph per criterion, heaviest first."""
    pack = context.needs_pack()
    from rich.text import Text

    con = console(out)
    result = explanation.result
    opening_table(con, result, pack)
    con.print(Text("  " + scores_text(result.scores, pack)))
    con.print(Text(METHOD, "dim"))
    con.print()
    steps = sorted(explanation.steps, key=lambda s: (s.rule is None, -s.effect, -s.weight))
    marks = default_marks(result)
    for step in steps:
        _step_table(con, step, pack, result.recommendation, marks)
    notes_of_table(con, result, pack)
    labelled_lines(con, [(label, ", ".join(ids)) for label, ids in answer_lists(result)], "dim")
    if explanation.overrides:
        con.print(Text(overrides_text(explanation.overrides), style="dim"))


def _step_table(con: Console, step: Step, pack: Pack, winner: str, left: Mapping[str, str]) -> None:
    from rich.padding import Padding
    from rich.text import Text

    lead = _lead(step, pack)
    style = "dim" if step.favours is None else ("green" if step.favours == winner else "yellow")
    title = Text(printable(step.title), "bold").append(f"  weight {weight_label(step)}", "dim")
    con.print(title.append(f"  {lead}", style))
    body = Text(explained(step, pack, left))
    if step.why:
        body.append("\n" + printable(step.why)).append(f" [{printable(step.section)}]", "dim")
    if step.why_weight:
        body.append("\nWhy this weight: " + printable(step.why_weight), "dim")
    con.print(Padding(body, (0, 0, 1, 2)))


VIEW = View(Explanation, {"json": json, "markdown": markdown, "table": table})
