"""The recommendation view: what ``score`` and ``ask`` print."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from stackpick.engine import Result, weight_overrides
from stackpick.errors import printable
from stackpick.models import weight_text
from stackpick.render import Context, View
from stackpick.render.common import (
    advice_data,
    answer_lists,
    bar,
    change_data,
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
    write_json,
)

if TYPE_CHECKING:
    from stackpick.engine import Reason
    from stackpick.models import Pack


def to_data(result: Result, pack: Pack) -> dict[str, Any]:
    """The result as CONTRACT.md's JSON object (plus extra fields of our own)."""
    return {
        "recommendation": result.recommendation,
        "scores": {o: round(s, 2) for o, s in result.scores.items()},
        "confidence": result.confidence,
        "margin": result.margin,
        "tie": result.tie,
        "runner_up": result.runner_up,
        "reasons": [_reason_data(r, result) for r in result.reasons],
        "tradeoffs": [t.text for t in result.tradeoffs],
        "tradeoff_sections": [t.section for t in result.tradeoffs],
        "advice": advice_data(result),
        "defaulted": list(result.defaulted),
        "unknown": list(result.unknown),
        "open_flips": [flip_data(f) for f in result.open_flips],
        "open_flips_complete": result.open_complete,
        "hinges_on": [change_data(c) for c in result.hinges_on],
        "constraints": [constraint_data(c) for c in result.constraints],
        "ruled_out": list(result.ruled_out),
        # each option's score on value alone, before constraints: a ruled-out option's own
        "value_scores": {o: round(s, 2) for o, s in result.value_scores.items()},
        "not_asked": list(result.not_asked),
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in result.answers.items()},
        "weights": result.weights,
        "weight_overrides": overrides_data(weight_overrides(pack, result.weights)),
        "pack": {"name": pack.pack.name, "version": pack.pack.version},
    }


def _reason_data(reason: Reason, result: Result) -> dict[str, Any]:
    return {
        "criterion": reason.criterion,
        "title": reason.title,
        "favours": reason.favours,
        "points": reason.points,
        "effect": reason.effect,
        "weight": reason.weight,
        "values": reason.values,
        "awarded": reason.awarded,
        "why": reason.why,
        "section": reason.section,
        # the open questions (unknown or left to the default) its rule reads
        "rests_on": result.resting_on(reason),
    }


def json(result: Result, out: TextIO, context: Context) -> None:
    """One JSON object per CONTRACT.md."""
    pack = context.needs_pack()
    write_json(to_data(result, pack), out)


def _favours(reason: Reason, pack: Pack) -> str:
    return option_name(pack, reason.favours) if reason.favours else "even"


def markdown(result: Result, out: TextIO, context: Context) -> None:
    """Headings and tables for a pull request or a wiki."""
    pack = context.needs_pack()
    lines = opening_markdown(result, pack)
    lines += ["", "| Option | Score |", "|---|---:|"]
    ranked = sorted(result.scores.items(), key=lambda kv: -kv[1])  # as the table shows them
    lines += [f"| {md(pack.option_name(o))} | {number(s)} |" for o, s in ranked]
    lines += ["", "### Why", "", "| Criterion | Weight | Favours | Points | Why | Section |"]
    lines.append("|---|---:|---|---:|---|---|")
    changed = weight_overrides(pack, result.weights)
    for r in result.reasons:
        weight = number(r.weight) + (
            f" (pack {weight_text(changed[r.criterion][0])})" if r.criterion in changed else ""
        )
        cells = [
            r.title,
            weight,
            _favours(r, pack),
            number(r.points),
            result.why_of(r),
            r.section,
        ]
        lines.append("| " + " | ".join(md(c) for c in cells) + " |")
    lines += notes_of_markdown(result, pack)
    for label, ids in answer_lists(result):
        lines += ["", f"{label}: " + ", ".join(f"`{q}`" for q in ids)]
    if changed:
        lines += ["", md(overrides_text(changed))]
    out.write("\n".join(lines) + "\n")


def table(result: Result, out: TextIO, context: Context) -> None:
    """The view for people: recommendation first, what it hinges on, bars, reasons, notes."""
    pack = context.needs_pack()
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    opening_table(con, result, pack)
    con.print()
    name_width = max(len(option_name(pack, o)) for o in pack.option_ids)
    for option, share in sorted(result.scores.items(), key=lambda kv: -kv[1]):
        bar_style = "green" if option == result.recommendation else "dim"
        line = Text(f"  {option_name(pack, option):<{name_width}}  ")
        blocks = bar(share, 30, ascii_only=not con.encoding.startswith("utf"))
        line.append(blocks, bar_style).append(f"  {number(share):>5}")
        if option in result.ruled_out:
            line.append("  ruled out", "red")
        con.print(line)
    con.print()
    winner = option_name(pack, result.recommendation)
    con.print(
        Text("Why", style="bold").append(
            f"  weight, criterion, points; most help to {winner} first",
            "dim",
        )
    )
    changed = weight_overrides(pack, result.weights)
    reasons = Table.grid(padding=(0, 1))
    widest = max((len(number(r.weight)) for r in result.reasons), default=3)
    reasons.add_column(justify="right", no_wrap=True, width=max(widest + 2, 6))  # "  3.0*"
    reasons.add_column()
    for r in result.reasons:
        lead = f"+{number(r.points)} {_favours(r, pack)}" if r.favours else "even"
        body = Text(printable(r.title), "bold").append(f"  {lead}", _style(r, result))
        body.append("\n" + printable(result.why_of(r))).append(f" [{printable(r.section)}]", "dim")
        mark = "*" if r.criterion in changed else " "  # the numbers stay aligned either way
        reasons.add_row(Text(number(r.weight) + mark, "dim"), body)
    con.print(reasons)
    con.print()
    notes_of_table(con, result, pack)
    labelled_lines(con, [(label, ", ".join(ids)) for label, ids in answer_lists(result)], "dim")
    if changed:
        con.print(Text("* " + overrides_text(changed), style="dim"))


def _style(reason: Reason, result: Result) -> str:
    if reason.favours is None:
        return "dim"
    return "green" if reason.favours == result.recommendation else "yellow"


VIEW = View(Result, {"json": json, "markdown": markdown, "table": table})
