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


def note(report: Diff, pack: Pack) -> str:
    """What the moves add up to: the whole change, or the change on value alone.

    The moves share out the change in each option's value score; a rule-out on either
    side sets that option's score to 0 besides, which no answer's share includes.
    """
    before, after = set(report.before.ruled_out), set(report.after.ruled_out)
    if not before | after:
        return NOTE
    where = []
    for option in (o for o in pack.option_ids if o in before | after):
        side = (
            "on both sides"
            if option in before & after
            else "before"
            if option in before
            else "after"
        )
        where.append(f"{option_name(pack, option)} is ruled out {side}")
    return (
        "Each move is that answer's fair share of the change on value alone, before"
        " constraints (its Shapley value: the average of its effect over every order the"
        " answers could change in), so the moves add up to that change and do not depend on"
        f" the order of the questions. {'; '.join(where)}, with a score of 0 there: the"
        " rule-out, not the moves, accounts for the rest of the change shown."
    )


def _on_value(result: Result, pack: Pack) -> str:
    """'Option B 58.2, Option A 45.2' (the scores before constraints) where a rule-out holds."""
    return scores_text(result.value_scores, pack) if result.ruled_out else ""


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
        # the moves share out the change in value_scores (equal to scores without a rule-out)
        "moves_add_up_to": "value_scores",
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
    many = len(report.moves) != 1
    count = f"{len(report.moves)} answer{'s' if many else ''} {'differ' if many else 'differs'}"
    if before == after:
        return f"{count}; the recommendation stays {before}."
    return f"{count}; the recommendation moves from {before} to {after}."


def _criteria_text(move: Move, pack: Pack) -> str:
    titles = {c.id: c.title for c in pack.criteria}
    return ", ".join(titles.get(c, c) for c in move.criteria) or "none"


def markdown(report: Diff, out: TextIO, context: Context) -> None:
    """Before and after, then one row per differing answer."""
    pack = context.needs_pack()
    lines = [f"## Before: {md(headline(report.before, pack))}", ""]
    if value := _on_value(report.before, pack):
        lines += [md(f"On value alone: {value}"), ""]
    lines += [f"## After: {md(headline(report.after, pack))}", ""]
    if value := _on_value(report.after, pack):
        lines += [md(f"On value alone: {value}"), ""]
    lines.append(md(summary(report, pack)))
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
        lines += ["", md(note(report, pack))]
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
    if value := _on_value(report.before, pack):
        con.print(Text(f"  on value alone: {value}"))
    style = headline_style(report.after.confidence)
    con.print(Text("After:  ", "bold").append(headline(report.after, pack), style))
    con.print(Text("  " + scores_text(report.after.scores, pack)))
    if value := _on_value(report.after, pack):
        con.print(Text(f"  on value alone: {value}"))
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
    con.print(Text(note(report, pack), "dim"))
    for line in constraints_lines(report, pack):
        con.print(Text(printable(line), "yellow"))


VIEW = View(Diff, {"json": json, "markdown": markdown, "table": table})
