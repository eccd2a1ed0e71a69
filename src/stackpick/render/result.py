"""The recommendation view: what ``score`` and ``ask`` print."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TextIO

from stackpick.engine import weight_overrides
from stackpick.errors import printable
from stackpick.models import weight_text
from stackpick.render.common import bar, console, md, number, write_json

if TYPE_CHECKING:
    from stackpick.engine import Note, Reason, Result
    from stackpick.models import Pack


# Follow-up questions whose condition does not hold: an answer given to one is not used.
NOT_ASKED = "Not asked, so not used"


def to_data(result: Result, pack: Pack) -> dict[str, Any]:
    """The result as CONTRACT.md's JSON object (plus extra fields of our own)."""
    return {
        "recommendation": result.recommendation,
        "scores": {o: round(s, 2) for o, s in result.scores.items()},
        "confidence": result.confidence,
        "margin": round(result.margin, 2),
        "reasons": [_reason_data(r) for r in result.reasons],
        "tradeoffs": [t.text for t in result.tradeoffs],
        "tradeoff_sections": [t.section for t in result.tradeoffs],
        "advice": advice_data(result),
        "defaulted": list(result.defaulted),
        "not_asked": list(result.not_asked),
        "answers": {k: list(v) if isinstance(v, tuple) else v for k, v in result.answers.items()},
        "weights": result.weights,
        "weight_overrides": overrides_data(weight_overrides(pack, result.weights)),
        "pack": {"name": pack.pack.name, "version": pack.pack.version},
    }


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
        "points": round(reason.points, 2),
        "weight": reason.weight,
        "awarded": {o: round(p, 2) for o, p in reason.awarded.items()},
        "why": reason.why,
        "section": reason.section,
    }


def json(result: Result, out: TextIO, *, pack: Pack) -> None:
    """One JSON object per CONTRACT.md."""
    write_json(to_data(result, pack), out)


def headline(result: Result, pack: Pack) -> str:
    """'<option name> (clear, ahead by 31.2 points)'."""
    name = _name(pack, result.recommendation)
    label = result.confidence.replace("_", " ")
    return f"{name} ({label}, ahead by {number(result.margin)} points)"


def _favours(reason: Reason, pack: Pack) -> str:
    return _name(pack, reason.favours) if reason.favours else "even"


def _name(pack: Pack, option: str) -> str:
    # option names come from the pack file: never let them carry escapes to the terminal
    return printable(pack.option_name(option))


def markdown(result: Result, out: TextIO, *, pack: Pack) -> None:
    """Headings and tables for a pull request or a wiki."""
    lines = [f"## Recommendation: {md(headline(result, pack))}", ""]
    lines += ["| Option | Score |", "|---|---:|"]
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
    if result.defaulted:
        lines += ["", "Defaulted answers: " + ", ".join(f"`{d}`" for d in result.defaulted)]
    if result.not_asked:
        lines += ["", NOT_ASKED + ": " + ", ".join(f"`{q}`" for q in result.not_asked)]
    if changed:
        lines += ["", md(overrides_text(changed))]
    out.write("\n".join(lines) + "\n")


def table(result: Result, out: TextIO, *, pack: Pack) -> None:
    """The view for people: recommendation first, bars, reasons, trade-offs, advice."""
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    con.print(Text("Recommendation: ", style="bold").append(headline(result, pack), "bold green"))
    con.print()
    name_width = max(len(_name(pack, o)) for o in pack.option_ids)
    for option, share in sorted(result.scores.items(), key=lambda kv: -kv[1]):
        style = "green" if option == result.recommendation else "dim"
        line = Text(f"  {_name(pack, option):<{name_width}}  ")
        blocks = bar(share, 30, ascii_only=not con.encoding.startswith("utf"))
        line.append(blocks, style).append(f"  {number(share):>5}")
        con.print(line)
    con.print()
    con.print(
        Text("Why", style="bold").append(
            "  weight, criterion, points to the option it favours; heaviest first", "dim"
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
    for label, ids in (("Defaulted", result.defaulted), (NOT_ASKED, result.not_asked)):
        if ids:
            listed = Table.grid(padding=(0, 1))
            listed.add_column(no_wrap=True)
            listed.add_column()  # the list wraps under itself, not under its label
            listed.add_row(f"{label}:", ", ".join(ids), style="dim")
            con.print(listed)
    if changed:
        con.print(Text("* " + overrides_text(changed), style="dim"))


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
