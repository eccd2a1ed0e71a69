"""The what-if view: the answer changes and weight moves that would flip the recommendation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TextIO

from stackpick.analysis import WhatIf
from stackpick.errors import printable
from stackpick.models import weight_text
from stackpick.render import Context, View
from stackpick.render.common import (
    answer_text,
    change_data,
    console,
    headline,
    headline_style,
    md,
    option_name,
    overrides_data,
    overrides_text,
    rounded,
    said_with_defaults,
    scores_text,
    write_json,
)

if TYPE_CHECKING:
    from stackpick.analysis import Change, Threshold, WeightFlip
    from stackpick.models import Pack


def _threshold_data(threshold: Threshold | None) -> dict[str, Any] | None:
    if threshold is None:
        return None
    # the float that, typed back as the weight, holds as stated (CONTRACT.md 3a)
    return {
        "weight": threshold.weight,
        "inclusive": threshold.inclusive,
        "to": threshold.to,
        "tie": threshold.tie,  # that weight itself gives a tie (`to` listed first when inclusive)
    }


def _change_data(change: Change) -> dict[str, Any]:
    return {**change_data(change), "margin": change.margin, "flips": change.flips}


def to_data(report: WhatIf, pack: Pack) -> dict[str, Any]:
    """The report as JSON-ready data; ``changes`` holds every alternative tried."""
    result = report.result
    return {
        "recommendation": result.recommendation,
        "scores": rounded(result.scores),
        "confidence": result.confidence,
        "margin": result.margin,
        "tie": result.tie,
        "flips": [_change_data(c) for c in report.flips],
        "weights": [
            {
                "criterion": w.criterion,
                "title": w.title,
                "weight": w.weight,
                "flips_below": _threshold_data(w.below),
                "flips_above": _threshold_data(w.above),
                "never": w.never,
            }
            for w in report.weights
        ],
        "changes": [_change_data(c) for c in report.changes],
        "not_asked": list(report.not_asked),
        "weight_overrides": overrides_data(report.overrides),
    }


def json(report: WhatIf, out: TextIO, context: Context) -> None:
    """One JSON object."""
    pack = context.needs_pack()
    write_json(to_data(report, pack), out)


def move_text(flip: WeightFlip, pack: Pack) -> str:
    """'at or below 0.25 hands it to Option A', for each way the weight can flip it.

    A crossing that is itself a tie says so: there the option listed first stands.
    """
    return "; ".join(
        f"{threshold.words(side)} hands it to {option_name(pack, threshold.to)}"
        + (f" {threshold.tie_words}" if threshold.tie_words else "")
        for threshold, side in ((flip.below, "below"), (flip.above, "above"))
        if threshold is not None
    )


def grouped(report: WhatIf) -> list[tuple[Change, int]]:
    """The flips to show: list changes of one question with the same effect shown once, counted."""
    shown: dict[tuple[Any, ...], list[Change]] = {}
    for change in report.flips:
        same = isinstance(change.after, tuple)
        size = len(change.after) if isinstance(change.after, tuple) else 0
        key = (change.question, size, tuple(change.scores.values()), tuple(change.with_))
        shown.setdefault(key if same else (id(change),), []).append(change)
    return [(changes[0], len(changes)) for changes in shown.values()]


def after_text(change: Change, count: int) -> str:
    """'true', 'false, with existing_stack = python', or '[jms, jca] or 9 other lists like it'."""
    text = answer_text(change.after)
    if count > 1:
        others = "1 other list" if count == 2 else f"{count - 1} other lists"
        text += f" or {others} with the same effect"
    opened = [
        f"{q} = {answer_text(v)}{note}"
        for q, v, note in said_with_defaults(change.with_, change.defaults)
    ]
    return text + (", with " + ", ".join(opened) if opened else "")


def summary(report: WhatIf, pack: Pack) -> str:
    """One sentence on how robust the recommendation is."""
    name = option_name(pack, report.result.recommendation)
    tried = len(report.changes)
    if not report.flips:
        return f"No single answer change moves the recommendation off {name} ({tried} tried)."
    count = len(grouped(report))
    changes = "change flips" if count == 1 else "changes flip"
    return f"{count} single answer {changes} the recommendation away from {name} ({tried} tried)."


def now_text(report: WhatIf, change: Change) -> str:
    """Today's answer as the row shows it: '8 (not sure)' or '8 (default)' when none was given.

    An open answer's default stands in; the row must not read as if someone said 8.
    """
    shown = answer_text(change.before)
    if change.question in report.result.unknown:
        return f"{shown} (not sure)"
    if change.question in report.result.defaulted:
        return f"{shown} (default)"
    return shown


def markdown(report: WhatIf, out: TextIO, context: Context) -> None:
    """Two tables: flipping answer changes, then weights."""
    pack = context.needs_pack()
    lines = [f"## What would change it: {md(headline(report.result, pack))}", ""]
    lines += [md(summary(report, pack)), ""]
    if report.flips:
        lines += [
            "| Question | Now | Change to | New recommendation | Scores (indicative) |",
            "|---|---|---|---|---|",
        ]
        for c, count in grouped(report):
            cells = [
                c.question,
                now_text(report, c),
                after_text(c, count),
                option_name(pack, c.recommendation),
                scores_text(c.scores, pack) + (" (a tie)" if c.tie else ""),
            ]
            lines.append("| " + " | ".join(md(x) for x in cells) + " |")
        lines.append("")
    lines += [
        "### Weights",
        "",
        "| Criterion | Weight | Flips when the weight is |",
        "|---|---:|---|",
    ]
    for w in report.weights:
        cells = [w.title, weight_text(w.weight), move_text(w, pack) or "never"]
        lines.append("| " + " | ".join(md(x) for x in cells) + " |")
    if report.overrides:
        lines += ["", md(overrides_text(report.overrides))]
    out.write("\n".join(lines) + "\n")


def table(report: WhatIf, out: TextIO, context: Context) -> None:
    """For people: the flipping changes, then the weights that can and cannot flip it."""
    pack = context.needs_pack()
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    style = headline_style(report.result.confidence)
    con.print(Text("Recommendation: ", "bold").append(headline(report.result, pack), style))
    con.print(Text(summary(report, pack)))
    con.print()
    if report.flips:
        changes = Table(title="Answer changes that flip it", title_justify="left", expand=True)
        for name in ("Question", "Now", "Change to", "Scores after (indicative)"):
            changes.add_column(name, overflow="fold", no_wrap=name == "Question")
        for c, count in grouped(report):
            row = (
                c.question,
                now_text(report, c),
                after_text(c, count),
                scores_text(c.scores, pack) + (" (a tie)" if c.tie else ""),
            )
            changes.add_row(*(printable(x) for x in row))
        con.print(changes)
        con.print()
    weights = Table(title="Weights that flip it", title_justify="left", expand=True)
    for name, justify in (
        ("Criterion", "left"),
        ("Weight", "right"),
        ("Flips when the weight is", "left"),
    ):
        weights.add_column(name, overflow="fold", justify=justify)  # type: ignore[arg-type]
    movable = [w for w in report.weights if not w.never]
    for w in movable:
        weights.add_row(printable(w.title), weight_text(w.weight), move_text(w, pack))
    if movable:
        con.print(weights)
    never = [printable(w.title) for w in report.weights if w.never]
    if not movable:
        con.print(Text("No single weight changes it, however far it moves from 0 up.", "dim"))
    elif never:
        # titles may hold commas ("Typing, compile-time checks and IDE"): semicolons between
        con.print(Text("No weight from 0 up flips it for: " + "; ".join(never) + ".", "dim"))
    if report.not_asked:
        skipped = ", ".join(report.not_asked)
        con.print(Text(f"Not asked with these answers, so not varied: {skipped}.", "dim"))
    if report.overrides:
        con.print(Text(overrides_text(report.overrides), "dim"))


VIEW = View(WhatIf, {"json": json, "markdown": markdown, "table": table})
