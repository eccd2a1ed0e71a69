"""The diff view: the answers two files differ on, and how each moved the scores."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from stackpick.analysis import Diff
from stackpick.errors import printable
from stackpick.render import Context, View
from stackpick.render.common import (
    answer_data,
    answer_text,
    console,
    headline,
    headline_style,
    md,
    option_name,
    rounded,
    scores_text,
    write_json,
)

if TYPE_CHECKING:
    from stackpick.analysis import Move
    from stackpick.engine import Result
    from stackpick.models import Pack

NOTE = (
    "Each move is that answer's fair share of the change (its Shapley value: the average of"
    " its effect over every order the answers could change in), so the moves add up to the"
    " whole change and do not depend on the order of the questions."
)


def _side(result: Result, source: str | None) -> dict[str, Any]:
    return {
        "source": source,
        "recommendation": result.recommendation,
        "scores": rounded(result.scores),
        "value_scores": result.value_scores,
        "confidence": result.confidence,
        "margin": result.margin,
        "tie": result.tie,
    }


def to_data(report: Diff, pack: Pack) -> dict[str, Any]:
    """The comparison as JSON-ready data."""
    return {
        "before": _side(report.before, report.sources[0]),
        "after": _side(report.after, report.sources[1]),
        "changed": report.before.recommendation != report.after.recommendation,
        "differences": [
            {
                "question": m.question,
                "before": answer_data(m.before),
                "after": answer_data(m.after),
                "moves": m.moves,
                "criteria": list(m.criteria),
            }
            for m in report.moves
        ],
        "constraints_started": list(report.constraints_started),
        "constraints_ended": list(report.constraints_ended),
        "method": "shapley",
    }


def json(report: Diff, out: TextIO, context: Context) -> None:
    """One JSON object."""
    pack = context.needs_pack()
    write_json(to_data(report, pack), out)


def moves_text(move: Move, pack: Pack) -> str:
    """'Option A +6.1, Option B -6.1', or 'no effect'."""
    if all(abs(v) < 0.05 for v in move.moves.values()):
        return "no effect"
    return ", ".join(f"{option_name(pack, o)} {v:+.1f}" for o, v in move.moves.items())


def summary(report: Diff, pack: Pack) -> str:
    """One sentence: did the recommendation change, and through how many answers."""
    before = option_name(pack, report.before.recommendation)
    after = option_name(pack, report.after.recommendation)
    if not report.moves:
        return f"The two answer sets agree on every question; both recommend {before}."
    count = f"{len(report.moves)} answer{'s' if len(report.moves) != 1 else ''} differ"
    if before == after:
        return f"{count}; the recommendation stays {before}."
    return f"{count}; the recommendation moves from {before} to {after}."


def _criteria_text(move: Move, pack: Pack) -> str:
    titles = {c.id: c.title for c in pack.criteria}
    return ", ".join(titles.get(c, c) for c in move.criteria) or "none"


def markdown(report: Diff, out: TextIO, context: Context) -> None:
    """Before and after, then one row per differing answer."""
    pack = context.needs_pack()
    lines = [
        f"## Before: {md(headline(report.before, pack))}",
        "",
        f"## After: {md(headline(report.after, pack))}",
        "",
        md(summary(report, pack)),
    ]
    if report.moves:
        lines += ["", "| Question | Before | After | Score move | Criteria it moved |"]
        lines.append("|---|---|---|---|---|")
        for m in report.moves:
            cells = [
                m.question,
                answer_text(m.before),
                answer_text(m.after),
                moves_text(m, pack),
                _criteria_text(m, pack),
            ]
            lines.append("| " + " | ".join(md(c) for c in cells) + " |")
        lines += ["", md(NOTE)]
    for line in constraints_lines(report, pack):
        lines += ["", md(line)]
    out.write("\n".join(lines) + "\n")


def constraints_lines(report: Diff, pack: Pack) -> list[str]:
    """The constraints that begin or stop holding between the two answer sets."""
    why = {c.id: c for c in pack.constraints}
    lines = []
    for label, ids in (
        ("Now holds", report.constraints_started),
        ("No longer holds", report.constraints_ended),
    ):
        for cid in ids:
            constraint = why[cid]
            effect = "rules out" if constraint.effect == "rule_out" else f"caps at {constraint.cap}"
            name = option_name(pack, constraint.option)
            lines.append(f"{label}: {cid} ({effect} {name}): {constraint.why}")
    return lines


def table(report: Diff, out: TextIO, context: Context) -> None:
    """For people: both results, then each differing answer and what it moved."""
    pack = context.needs_pack()
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    con.print(Text("Before: ", "bold").append(headline(report.before, pack)))
    con.print(Text("  " + scores_text(report.before.scores, pack)))
    style = headline_style(report.after.confidence)
    con.print(Text("After:  ", "bold").append(headline(report.after, pack), style))
    con.print(Text("  " + scores_text(report.after.scores, pack)))
    con.print()
    con.print(Text(summary(report, pack)))
    if not report.moves:
        return
    rows = Table(expand=True)
    rows.add_column("Question", no_wrap=True)  # ids stay whole: they are what people type
    rows.add_column("Answer: before → after", overflow="fold", ratio=1)
    rows.add_column("Score move", no_wrap=True)
    rows.add_column("Criteria it moved", overflow="fold", ratio=1)
    for m in report.moves:
        change = f"{answer_text(m.before)} → {answer_text(m.after)}"
        criteria = printable(_criteria_text(m, pack))
        moved = moves_text(m, pack).replace(", ", "\n")  # one option a line
        rows.add_row(printable(m.question), printable(change), moved, criteria)
    con.print(rows)
    con.print(Text(NOTE, "dim"))
    for line in constraints_lines(report, pack):
        con.print(Text(printable(line), "yellow"))


VIEW = View(Diff, {"json": json, "markdown": markdown, "table": table})
