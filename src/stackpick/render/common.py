"""Helpers shared by the renderers: safe text, JSON, Markdown and rich consoles."""

from __future__ import annotations

import json as _json
import os
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from stackpick.answers import answer_text as answer_text  # the one wording of an answer
from stackpick.errors import json_safe, printable
from stackpick.models import condition_text as condition_text  # wording of the model
from stackpick.models import weight_text

if TYPE_CHECKING:
    from fractions import Fraction

    from rich.console import Console

    from stackpick.answers import Answer
    from stackpick.engine import Note, Result
    from stackpick.models import Pack
    from stackpick.robustness import Change, Flip

MAX_WIDTH = 100
_TRAILING_SPACES = re.compile(r" +\n")


def write_json(data: Any, out: TextIO) -> None:
    """Exactly one JSON object, indented, ending in a newline."""
    out.write(json_safe(_json.dumps(data, indent=2, ensure_ascii=False)) + "\n")


def md(text: str) -> str:
    """Text from a file made safe inside a Markdown table cell or line."""
    cleaned = printable(text).replace("\n", " ")
    for char in "\\|*_`[]<>~":
        cleaned = cleaned.replace(char, "\\" + char)
    return cleaned


def console(out: TextIO) -> Console:
    """A rich console on ``out``: colour only on a terminal without NO_COLOR, at most 100 wide.

    Markup, emoji codes and highlighting are off: text from files prints as written.
    """
    from rich.console import Console

    recorder = getattr(out, "recorder", None)
    if isinstance(recorder, Console):  # render/export.py records the table view for svg/html
        return recorder

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            # rich would exit 1 here, which means "gate failed"; let the CLI handle it.
            raise BrokenPipeError

        def _render_buffer(self, buffer: Any) -> str:
            # rich pads table rows to the full width; in a file or a pipe those trailing
            # spaces are noise (and show up in diffs), so drop them there.
            text: str = super()._render_buffer(buffer)
            return text if self.is_terminal else _TRAILING_SPACES.sub("\n", text)

    width = min(_Console(file=out).width, MAX_WIDTH)
    # no-color.org asks for no colour; bold and dim are escapes too, so drop every style
    plain = bool(os.environ.get("NO_COLOR"))
    return _Console(
        file=out,
        width=width,
        highlight=False,
        emoji=False,
        markup=False,
        color_system=None if plain else "auto",
    )


def number(value: float) -> str:
    """A score or point figure, one decimal (never -0.0)."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def bar(share: float, width: int = 30, *, ascii_only: bool = False) -> str:
    """A horizontal bar for a 0..100 share (``#`` and ``.`` where blocks cannot be encoded)."""
    filled = round(share / 100 * width)
    full, empty = ("#", ".") if ascii_only else ("█", "░")
    return full * filled + empty * (width - filled)


def fits_unwrapped(
    headers: Sequence[str], rows: Sequence[Sequence[str]], width: int, room: int = 12
) -> bool:
    """Whether these columns fit unwrapped and leave ``room`` for one flexible column.

    Rich's borders and padding are counted; on a narrower screen every column should fold.
    """
    widths = [max([len(h), *(len(row[i]) for row in rows)]) for i, h in enumerate(headers)]
    return sum(widths) + 3 * (len(headers) + 1) + 1 + room <= width


# --- parts of a result that several views print --------------------------------------


MAX_SHOWN = 4  # hinges and open flips shown in a view for people; JSON and whatif list all


# Follow-up questions whose condition does not hold: an answer given to one is not used.
NOT_ASKED = "Not asked, so not used"


CONFIDENCE_STYLE = {"clear": "bold green", "lean": "bold yellow"}  # anything else: a close call


def option_name(pack: Pack, option: str) -> str:
    """An option's display name from the pack, safe to print."""
    return printable(pack.option_name(option))


def answer_data(value: Answer) -> Any:
    """An answer as JSON data."""
    return list(value) if isinstance(value, tuple) else value


def rounded(scores: Mapping[str, float]) -> dict[str, float]:
    """Scores or points as JSON numbers, two decimals."""
    return {o: round(s, 2) for o, s in scores.items()}


def scores_text(scores: Mapping[str, float], pack: Pack) -> str:
    """'Option A 53.0, Option B 47.0', highest first."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    return ", ".join(f"{option_name(pack, o)} {number(s)}" for o, s in ranked)


def headline_style(confidence: str) -> str:
    """The colour of a headline: a close call must not look like a clear win."""
    return CONFIDENCE_STYLE.get(confidence, "bold red")


def headline(result: Result, pack: Pack) -> str:
    """'<option name> (clear, ahead by 31.2 points)', or the tie it is.

    When every other option is ruled out, the lead over a score of 0 says nothing: the
    headline says they are ruled out instead, and how the scores stand on value alone.
    """
    name = option_name(pack, result.recommendation)
    label = result.confidence.replace("_", " ")
    if result.tie:
        other = option_name(pack, result.runner_up)
        return f"{name} ({label}: a tie with {other}, {name} is listed first)"
    ruled = ruled_out_words(result, pack)
    if ruled:
        return f"{name} ({label}: {ruled})"
    return f"{name} ({label}, ahead by {number(result.margin)} points)"


def ruled_out_words(result: Result, pack: Pack) -> str:
    """'Option B is ruled out; on value alone Option B leads by 8.2 points', or ''.

    Only where every other option is ruled out: the lead over their 0 then says nothing,
    so each view says this in its place.
    """
    if result.tie:
        return ""
    others = [o for o in pack.option_ids if o != result.recommendation]
    if not others or not set(others) <= set(result.ruled_out):
        return ""
    return ruled_out_phrase(pack, result.recommendation, result.exact_value_scores)


def ruled_out_phrase(
    pack: Pack, winner: str, value_scores: Mapping[str, Fraction], whom: str = ""
) -> str:
    """'Option B is ruled out{whom}; on value alone Option B leads by 8.2 points'.

    Every option but ``winner`` is ruled out; ``value_scores`` are the exact scores
    before constraints (a person's, or a room's mean), the lead rounded as a margin.
    """
    from stackpick.engine import as_number

    others = [o for o in pack.option_ids if o != winner]
    out = " and ".join(option_name(pack, o) for o in others)
    verb = "is" if len(others) == 1 else "are"
    best = max(others, key=lambda o: value_scores[o])
    lead = value_scores[winner] - value_scores[best]
    if lead == 0:
        value = f"on value alone it is level with {option_name(pack, best)}"
    else:
        leader = option_name(pack, winner if lead > 0 else best)
        value = f"on value alone {leader} leads by {number(as_number(abs(lead), 1))} points"
    return f"{out} {verb} ruled out{whom}; {value}"


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


def change_data(change: Change) -> dict[str, Any]:
    """One answer change (with the follow-ups set alongside) and where it leads."""
    return {
        "question": change.question,
        "from": answer_data(change.before),
        "to": answer_data(change.after),
        "with": {q: answer_data(v) for q, v in change.with_.items()},
        "defaults": {q: answer_data(v) for q, v in change.defaults.items()},
        "recommendation": change.recommendation,
        "tie": change.tie,
        "scores": change.scores,
    }


def flip_data(flip: Flip) -> dict[str, Any]:
    """A set of open answers that flips the result."""
    return {
        "answers": {q: answer_data(v) for q, v in flip.answers.items()},
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


def constraint_text(note: Note, pack: Pack, winner: str) -> str:
    """'Option A is ruled out: ...', or a cap on ``winner`` or on another (see constraint_words)."""
    from stackpick.models import constraint_words

    name = option_name(pack, note.option)
    return constraint_words(name, note.effect, printable(note.text), leads=note.option == winner)


def said_with_defaults(
    answers: Mapping[str, Answer], defaults: Mapping[str, Answer] | None = None
) -> list[tuple[str, Answer, str]]:
    """Each answer a change sets, then each follow-up it opens at its default, with its note."""
    return [
        *((q, v, "") for q, v in answers.items()),
        *((q, v, " (default)") for q, v in (defaults or {}).items()),
    ]


def change_text(
    answers: Mapping[str, Answer],
    recommendation: str,
    tie: bool,
    pack: Pack,
    defaults: Mapping[str, Answer] | None = None,
    *,
    worded: bool = False,
) -> str:
    """A set of answers and where it leads, in words.

    'size = 30 gives Option B', 'fresh = false and stack = b gives Option A', or
    '... makes it a tie'; ``defaults``, the follow-ups it opens at their defaults, are
    said too ('ml = true and serving = local (default) gives Option A'). ``worded`` (for
    a page) names each question by its prompt, quoted, and each answer by its label:
    '“Which language does the team already run in production?” Python gives Option A'.
    """
    from stackpick.answers import choice_labels

    parts = []
    for q, v, note in said_with_defaults(answers, defaults):
        question = pack.question_map.get(q) if worded else None
        if question is None:
            parts.append(f"{q} = {answer_text(v)}{note}")
        else:
            parts.append(f"“{question.prompt}” {answer_text(v, choice_labels(question))}{note}")
    outcome = "makes it a tie" if tie else "gives " + option_name(pack, recommendation)
    text = " and ".join(parts) + f" {outcome}"
    return printable(text) if worded else text


def _listed(items: list[str], more: str) -> str:
    head = "; ".join(printable(i) for i in items[:MAX_SHOWN])
    rest = len(items) - MAX_SHOWN
    return head + (f"; and {rest} more ({more})" if rest > 0 else "")


def robustness_lines(result: Result, pack: Pack, *, worded: bool = False) -> list[tuple[str, str]]:
    """What the result hinges on and what the open questions can do, as (label, text).

    ``worded`` (for a page) names questions by their prompts and answers by their labels.
    """
    lines = []
    if result.hinges_on:
        shown = [
            change_text(c.answers, c.recommendation, c.tie, pack, c.defaults, worded=worded)
            for c in result.hinges_on
        ]
        lines.append(("Hinges on", _listed(shown, "stackpick whatif lists every one")))
    open_ids = [*result.unknown, *result.defaulted]
    left = _open_counts(len(result.unknown), len(result.defaulted))
    if result.open_flips:
        size = len(result.open_flips[0].answers)
        shown = [
            change_text(f.answers, f.recommendation, f.tie, pack, worded=worded)
            for f in result.open_flips
        ]
        lead = "find out first: " if size == 1 else f"{size} of them together could flip it: "
        text = f"{left}; {lead}" + _listed(shown, "the JSON lists every one")
        lines.append(("Open questions", text))
    elif not result.open_complete:
        lines.append(
            (
                "Open questions",
                f"{left}; too many to rule out that they flip it, so it is not called clear",
            )
        )
    elif open_ids:
        lines.append(
            (
                "Open questions",
                f"{left}, and no answers to them change the recommendation",
            )
        )
    if not lines and not result.tie and result.robustness_checked:
        lines.append(("Robust", "no single answer change flips it"))
    return lines


def _open_counts(unsure: int, defaulted: int) -> str:
    """'2 answered not sure, 9 left to the default': the open questions, by why they are open."""
    parts = [f"{unsure} answered not sure"] if unsure else []
    if defaulted:
        parts.append(f"{defaulted} left to the default")
    return ", ".join(parts)


def answer_lists(result: Result) -> list[tuple[str, tuple[str, ...]]]:
    """The answers nobody gave, and the follow-ups not asked, each with its label."""
    lists = (
        ("Unknown", result.unknown),
        ("Defaulted", result.defaulted),
        (NOT_ASKED, result.not_asked),
    )
    return [(label, ids) for label, ids in lists if ids]


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


# --- a result's opening and its notes, as score and explain both print them ---------------


def opening_markdown(result: Result, pack: Pack) -> list[str]:
    """The headline, what it hinges on, the open questions and the constraints, in Markdown."""
    lines = [f"## Recommendation: {md(headline(result, pack))}", ""]
    lines += [f"- **{md(label)}**: {md(text)}" for label, text in robustness_lines(result, pack)]
    lines += [
        f"- **Constraint**: {md(constraint_text(c, pack, result.recommendation))}"
        for c in result.constraints
    ]
    return lines


def opening_table(con: Any, result: Result, pack: Pack) -> None:
    """The same opening for a terminal, the headline coloured by its confidence."""
    from rich.text import Text

    style = headline_style(result.confidence)
    con.print(Text("Recommendation: ", style="bold").append(headline(result, pack), style))
    labelled_lines(con, robustness_lines(result, pack))
    winner = result.recommendation
    labelled_lines(
        con, [("Constraint", constraint_text(c, pack, winner)) for c in result.constraints]
    )


def notes_of_markdown(result: Result, pack: Pack) -> list[str]:
    """The recommended option's trade-offs, then the advice, in Markdown."""
    winner = pack.option_name(result.recommendation)
    return notes_markdown(f"Trade-offs of {winner}", result.tradeoffs) + notes_markdown(
        "Advice", result.advice
    )


def notes_of_table(con: Any, result: Result, pack: Pack) -> None:
    """The same notes for a terminal."""
    notes_table(con, f"Trade-offs of {option_name(pack, result.recommendation)}", result.tradeoffs)
    notes_table(con, "Advice", result.advice)
