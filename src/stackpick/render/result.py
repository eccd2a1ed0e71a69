"""The recommendation view: what ``score`` and ``ask`` print."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from stackpick.engine import weight_overrides
from stackpick.errors import printable
from stackpick.models import weight_text
from stackpick.render.common import answer_text, bar, console, md, number, write_json

if TYPE_CHECKING:
    from stackpick.answers import Answer
    from stackpick.engine import Note, Reason, Result
    from stackpick.models import Pack
    from stackpick.robustness import Change, Flip


# Follow-up questions whose condition does not hold: an answer given to one is not used.
NOT_ASKED = "Not asked, so not used"


def to_data(result: Result, pack: Pack) -> dict[str, Any]:
    """The result as CONTRACT.md's JSON object (plus extra fields of our own)."""
    return {
        "recommendation": result.recommendation,
        "scores": {o: round(s, 2) for o, s in result.scores.items()},
        "confidence": result.confidence,
        "margin": result.margin,
        "tie": result.tie,
        "runner_up": result.runner_up,
        "reasons": [_reason_data(r) for r in result.reasons],
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
        "not_asked": list(result.not_asked),
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in result.answers.items()},
        "weights": result.weights,
        "weight_overrides": overrides_data(weight_overrides(pack, result.weights)),
        "pack": {"name": pack.pack.name, "version": pack.pack.version},
    }


def plain_answer(value: Answer) -> Any:
    """An answer as JSON holds it (a list for multi-choice)."""
    return list(value) if isinstance(value, tuple) else value


def change_data(change: Change) -> dict[str, Any]:
    """One answer change (with the follow-ups set alongside) and where it leads."""
    return {
        "question": change.question,
        "from": plain_answer(change.before),
        "to": plain_answer(change.after),
        "with": {q: plain_answer(v) for q, v in change.with_.items()},
        "recommendation": change.recommendation,
        "tie": change.tie,
        "scores": change.scores,
    }


def flip_data(flip: Flip) -> dict[str, Any]:
    """A set of open answers that flips the result."""
    return {
        "answers": {q: plain_answer(v) for q, v in flip.answers.items()},
        "recommendation": flip.recommendation,
        "tie": flip.tie,
        "scores": flip.scores,
    }


def constraint_data(note: Note) -> dict[str, Any]:
    """A constraint that holds: the option it binds, its effect (rule_out, or the cap)."""
    effect = "rule_out" if note.effect == "rule_out" else "cap"
    data = {"id": note.id, "option": note.option, "effect": effect, "why": note.text}
    if effect == "cap":
        data["cap"] = note.effect
    return {**data, "section": note.section}


def overrides_data(overrides: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """The organisation's weights: criterion -> the pack's weight and the one used."""
    return {c: {"pack": pack, "used": used} for c, (pack, used) in overrides.items()}


def overrides_text(overrides: Mapping[str, tuple[float, float]]) -> str:
    """'Your weights: cold_start 3 (pack 2.5), memory 0 (pack 1.5)', or empty."""
    parts = [
        f"{c} {weight_text(used)} (pack {weight_text(pack)})"
        for c, (pack, used) in overrides.items()
    ]
    return "Your weights: " + ", ".join(parts) if parts else ""


def advice_data(result: Result) -> list[dict[str, str]]:
    """The advice of a result as JSON-ready data."""
    return [
        {"id": a.id, "title": a.title, "text": a.text, "section": a.section} for a in result.advice
    ]


def _reason_data(reason: Reason) -> dict[str, Any]:
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
    }


def json(result: Result, out: TextIO, *, pack: Pack) -> None:
    """One JSON object per CONTRACT.md."""
    write_json(to_data(result, pack), out)


def headline(result: Result, pack: Pack) -> str:
    """'<option name> (clear, ahead by 31.2 points)', or the tie it is."""
    name = _name(pack, result.recommendation)
    label = result.confidence.replace("_", " ")
    if result.tie:
        other = _name(pack, result.runner_up)
        return f"{name} ({label}: a tie with {other}, {name} is listed first)"
    return f"{name} ({label}, ahead by {number(result.margin)} points)"


MAX_SHOWN = 4  # hinges and open flips shown in a view for people; JSON and whatif list all


def change_text(answers: Mapping[str, Answer], recommendation: str, tie: bool, pack: Pack) -> str:
    """A set of answers and where it leads, in words.

    'size = 30 gives Option B', 'fresh = false and stack = b gives Option A', or
    '... makes it a tie'.
    """
    said = " and ".join(f"{q} = {answer_text(v)}" for q, v in answers.items())
    return f"{said} {'makes it a tie' if tie else 'gives ' + _name(pack, recommendation)}"


def robustness_lines(result: Result, pack: Pack) -> list[tuple[str, str]]:
    """What the result hinges on and what the open questions can do, as (label, text)."""
    lines = []
    if result.hinges_on:
        shown = [change_text(c.answers, c.recommendation, c.tie, pack) for c in result.hinges_on]
        lines.append(("Hinges on", _listed(shown, "stackpick whatif lists every one")))
    open_ids = [*result.unknown, *result.defaulted]
    if result.open_flips:
        size = len(result.open_flips[0].answers)
        shown = [change_text(f.answers, f.recommendation, f.tie, pack) for f in result.open_flips]
        lead = "find out first: " if size == 1 else f"{size} of them together could flip it: "
        text = f"{len(open_ids)} not answered; {lead}" + _listed(shown, "the JSON lists every one")
        lines.append(("Open questions", text))
    elif not result.open_complete:
        lines.append(
            (
                "Open questions",
                f"{len(open_ids)} not answered; too many to rule out"
                " that they flip it, so it is not called clear",
            )
        )
    elif open_ids:
        lines.append(
            (
                "Open questions",
                f"{len(open_ids)} not answered, and no answers to them change the recommendation",
            )
        )
    if not lines and not result.tie and result.robustness_checked:
        lines.append(("Robust", "no single answer change flips it"))
    return lines


def _listed(items: list[str], more: str) -> str:
    head = "; ".join(printable(i) for i in items[:MAX_SHOWN])
    rest = len(items) - MAX_SHOWN
    return head + (f"; and {rest} more ({more})" if rest > 0 else "")


def constraint_text(note: Note, pack: Pack) -> str:
    """'Option A is ruled out: ...' or 'Option B can be at most lean: ...'."""
    name = _name(pack, note.option)
    effect = (
        "is ruled out"
        if note.effect == "rule_out"
        else f"can be at most {note.effect.replace('_', ' ')}"
    )
    return f"{name} {effect}: {printable(note.text)}"


def _favours(reason: Reason, pack: Pack) -> str:
    return _name(pack, reason.favours) if reason.favours else "even"


def _name(pack: Pack, option: str) -> str:
    # option names come from the pack file: never let them carry escapes to the terminal
    return printable(pack.option_name(option))


CONFIDENCE_STYLE = {"clear": "bold green", "lean": "bold yellow"}  # anything else: a close call


def headline_style(confidence: str) -> str:
    """The colour of a headline: a close call must not look like a clear win."""
    return CONFIDENCE_STYLE.get(confidence, "bold red")


def markdown(result: Result, out: TextIO, *, pack: Pack) -> None:
    """Headings and tables for a pull request or a wiki."""
    lines = [f"## Recommendation: {md(headline(result, pack))}", ""]
    lines += [f"- **{md(label)}**: {md(text)}" for label, text in robustness_lines(result, pack)]
    lines += [f"- **Constraint**: {md(constraint_text(c, pack))}" for c in result.constraints]
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
        cells = [r.title, weight, _favours(r, pack), number(r.points), r.why, r.section]
        lines.append("| " + " | ".join(md(c) for c in cells) + " |")
    lines += notes_markdown(
        f"Trade-offs of {pack.option_name(result.recommendation)}", result.tradeoffs
    )
    lines += notes_markdown("Advice", result.advice)
    for label, ids in answer_lists(result):
        lines += ["", f"{label}: " + ", ".join(f"`{q}`" for q in ids)]
    if changed:
        lines += ["", md(overrides_text(changed))]
    out.write("\n".join(lines) + "\n")


def answer_lists(result: Result) -> list[tuple[str, tuple[str, ...]]]:
    """The answers nobody gave, and the follow-ups not asked, each with its label."""
    lists = (
        ("Unknown", result.unknown),
        ("Defaulted", result.defaulted),
        (NOT_ASKED, result.not_asked),
    )
    return [(label, ids) for label, ids in lists if ids]


def table(result: Result, out: TextIO, *, pack: Pack) -> None:
    """The view for people: recommendation first, what it hinges on, bars, reasons, notes."""
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    style = headline_style(result.confidence)
    con.print(Text("Recommendation: ", style="bold").append(headline(result, pack), style))
    labelled_lines(con, robustness_lines(result, pack))
    labelled_lines(con, [("Constraint", constraint_text(c, pack)) for c in result.constraints])
    con.print()
    name_width = max(len(_name(pack, o)) for o in pack.option_ids)
    for option, share in sorted(result.scores.items(), key=lambda kv: -kv[1]):
        bar_style = "green" if option == result.recommendation else "dim"
        line = Text(f"  {_name(pack, option):<{name_width}}  ")
        blocks = bar(share, 30, ascii_only=not con.encoding.startswith("utf"))
        line.append(blocks, bar_style).append(f"  {number(share):>5}")
        if option in result.ruled_out:
            line.append("  ruled out", "red")
        con.print(line)
    con.print()
    con.print(
        Text("Why", style="bold").append(
            f"  weight, criterion, points; most help to {_name(pack, result.recommendation)} first",
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
        body.append("\n" + printable(r.why)).append(f" [{printable(r.section)}]", "dim")
        mark = "*" if r.criterion in changed else " "  # the numbers stay aligned either way
        reasons.add_row(Text(number(r.weight) + mark, "dim"), body)
    con.print(reasons)
    con.print()
    notes_table(con, f"Trade-offs of {_name(pack, result.recommendation)}", result.tradeoffs)
    notes_table(con, "Advice", result.advice)
    labelled_lines(con, [(label, ", ".join(ids)) for label, ids in answer_lists(result)], "dim")
    if changed:
        con.print(Text("* " + overrides_text(changed), style="dim"))


def labelled_lines(con: Any, lines: list[tuple[str, str]], style: str = "") -> None:
    """'Label: text' lines whose text wraps under itself, not under the label."""
    from rich.table import Table

    if not lines:
        return
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style=style or "bold")
    grid.add_column(style=style)
    for label, text in lines:
        grid.add_row(f"{label}:", text)
    con.print(grid)


def _style(reason: Reason, result: Result) -> str:
    if reason.favours is None:
        return "dim"
    return "green" if reason.favours == result.recommendation else "yellow"


def notes_table(con: Any, title: str, notes: tuple[Note, ...]) -> None:
    """A titled list of trade-offs or advice, with hanging indents."""
    from rich.table import Table
    from rich.text import Text

    if not notes:
        return
    con.print(Text(title, style="bold"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for note in notes:
        text = Text()
        if note.title:
            text.append(printable(note.title) + ": ", "bold")
        text.append(printable(note.text)).append(f" [{printable(note.section)}]", "dim")
        grid.add_row("•", text)
    con.print(grid)
    con.print()


def notes_markdown(title: str, notes: tuple[Note, ...]) -> list[str]:
    """A titled Markdown list of trade-offs or advice."""
    if not notes:
        return []
    lines = ["", f"### {md(title)}", ""]
    for note in notes:
        lead = f"**{md(note.title)}**: " if note.title else ""
        lines.append(f"- {lead}{md(note.text)} _({md(note.section)})_")
    return lines
