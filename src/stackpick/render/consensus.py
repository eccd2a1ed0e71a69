"""The consensus view: everyone's result, where the room disagrees, and the combined result."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, TextIO

from stackpick.analysis import Consensus
from stackpick.errors import printable
from stackpick.render import Context, View
from stackpick.render.common import (
    answer_data,
    answer_text,
    console,
    fits_unwrapped,
    headline_style,
    md,
    number,
    option_name,
    overrides_data,
    overrides_text,
    rounded,
    ruled_out_phrase,
    scores_text,
    write_json,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from stackpick.analysis import Dispute
    from stackpick.analysis.consensus import Outcome
    from stackpick.answers import Answer
    from stackpick.engine import Result
    from stackpick.models import Pack

METHOD = (
    "Combined by averaging each person's scores on the one fixed scale (each counts once);"
    " a settled question is scored as if everyone gave that answer. The room's result is"
    " not called clear while settling a question, one answer the whole room changes, or"
    " open answers would change it, nor while its option is ruled out for anyone; a cap on"
    " its option that holds for anyone caps it."
)


def to_data(report: Consensus, pack: Pack) -> dict[str, Any]:
    """The room as JSON-ready data."""
    combined = report.combined
    return {
        "recommendation": combined.recommendation,
        "scores": rounded(combined.scores),
        "confidence": combined.confidence,
        "margin": combined.margin,
        "tie": combined.tie,
        "votes": combined.votes,
        "settle_first": list(report.settle_first),
        "ruled_out_for": [
            {"person": name, "option": c.option, "constraint": c.id, "why": c.text}
            for name, c in report.ruled_out_for
        ],
        "method": "mean of each person's scores",
        "people": [
            {
                "name": p.name,
                "source": p.answers.source,
                "recommendation": p.result.recommendation,
                "tie": p.result.tie,  # a tie votes for neither option
                "scores": rounded(p.result.scores),
                "confidence": p.result.confidence,
            }
            for p in report.people
        ],
        "disputes": [_dispute_data(d) for d in report.disputes],
        "weight_overrides": overrides_data(report.overrides),
    }


def _dispute_data(dispute: Dispute) -> dict[str, Any]:
    return {
        "question": dispute.question,
        "kind": dispute.kind,
        "changes_outcome": dispute.changes_outcome,
        "settle_first": dispute.settle_first,
        "flips_for": list(dispute.flips_for),
        "not_asked": list(dispute.not_asked),
        "values": [
            {
                "value": answer_data(o.value),
                "held_by": list(o.held_by),
                "by_default": list(o.by_default),
                "unsure": list(o.unsure),
                "recommendation": o.recommendation,
                "tie": o.tie,
                "scores": rounded(o.scores),
            }
            for o in dispute.outcomes
        ],
    }


def json(report: Consensus, out: TextIO, context: Context) -> None:
    """One JSON object."""
    pack = context.needs_pack()
    write_json(to_data(report, pack), out)


def headline(report: Consensus, pack: Pack) -> str:
    """'Option B (lean, ahead by 9.1 points)', or the tie it is.

    When every other option is ruled out for everyone, the lead over their 0 says
    nothing: the headline says so, with the room's mean on value alone, as a person's does.
    """
    combined = report.combined
    label = combined.confidence.replace("_", " ")
    name = option_name(pack, combined.recommendation)
    if combined.tie:
        return f"a tie on the room's mean scores, {name} listed first ({label})"
    ruled = ruled_for_everyone(report, pack)
    if ruled:
        return f"{name} ({label}: {ruled})"
    return f"{name} ({label}, ahead by {number(combined.margin)} points)"


def ruled_for_everyone(report: Consensus, pack: Pack) -> str:
    """'Option B is ruled out for everyone; on value alone ...' (the room's mean), or ''."""
    winner = report.combined.recommendation
    others = [o for o in pack.option_ids if o != winner]
    people = report.people
    if not people or not others:
        return ""
    if not all(set(others) <= set(p.result.ruled_out) for p in people):
        return ""
    mean = {
        o: sum((p.result.exact_value_scores[o] for p in people), Fraction(0)) / len(people)
        for o in pack.option_ids
    }
    return ruled_out_phrase(pack, winner, mean, " for everyone")


def votes_text(report: Consensus, pack: Pack) -> str:
    """'Votes: Option A 2, Option B 1' (each person's own recommendation; a tie is none)."""
    votes = report.combined.votes or {}
    text = "Votes: " + ", ".join(f"{option_name(pack, o)} {n}" for o, n in votes.items())
    tied = len(report.people) - sum(votes.values())
    return text + (f"; {tied} tied, for neither" if tied else "")


def settle_text(report: Consensus) -> str:
    """'Settle first: jvm_estate (a fact the room disagrees on, and it decides the outcome)'."""
    facts = report.settle_first
    if not facts:
        return ""
    which = "a fact" if len(facts) == 1 else "facts"
    decide = "it decides" if len(facts) == 1 else "each decides"
    return (
        f"Settle first: {', '.join(facts)} ({which} the room disagrees on, and {decide} the"
        " outcome: find out before deciding)"
    )


def ruled_out_text(report: Consensus, pack: Pack) -> list[str]:
    """'Ruled out for alice: Option B. Why...': one line per person it is ruled out for."""
    return [
        f"Ruled out for {name}: {option_name(pack, c.option)}. {c.text}"
        for name, c in report.ruled_out_for
    ]


def _question(dispute: Dispute) -> str:
    return f"{dispute.question} ({dispute.kind})"


def held_text(dispute: Dispute, pack: Pack) -> str:
    """'Python (alice, bob); Java (chen, by default)': each answer by its label, with whose."""
    return "; ".join(f"{_said(dispute, o.value, pack)} ({_whose(o)})" for o in dispute.outcomes)


def _whose(outcome: Outcome) -> str:
    """Who holds an answer: 'alice, bob', 'dan by default', 'raj not sure, so the default'.

    Several kinds are joined: 'alice, and dan by default'.

    An answer of 'not sure' stands at the default, as one left out does, but was given.
    """
    parts = [", ".join(outcome.held_by)] if outcome.held_by else []
    defaulted = [n for n in outcome.by_default if n not in outcome.unsure]
    if defaulted:
        parts.append(f"{', '.join(defaulted)} by default")
    if outcome.unsure:
        parts.append(f"{', '.join(outcome.unsure)} not sure, so the default")
    return ", and ".join(parts)


def _said(dispute: Dispute, value: Answer, pack: Pack) -> str:
    from stackpick.answers import choice_labels

    question = pack.question_map.get(dispute.question)
    return answer_text(value, choice_labels(question) if question is not None else None)


def effect_text(dispute: Dispute, pack: Pack) -> str:
    """Whether settling the question changes the room's outcome, in a sentence."""
    picks = {o.recommendation for o in dispute.outcomes}
    if not dispute.changes_outcome:
        name = option_name(pack, dispute.room)
        still = (
            f"stays a tie ({name} listed first)" if dispute.room_tie else f"still recommends {name}"
        )
        text = f"Whichever answer the room settles on, it {still}."
    elif len(picks) == 1 and not any(o.tie for o in dispute.outcomes):
        name, now = option_name(pack, picks.pop()), _pick(dispute.room, dispute.room_tie, pack)
        text = (
            f"Settling it decides the outcome: whichever answer the room settles on, it"
            f" recommends {name}, not {now}."
        )
    else:
        text = f"Settling it decides the outcome: {_each_gives(dispute, pack)}."
    if dispute.flips_for:
        who = _names(dispute.flips_for)
        text += f" For {who}, one of these answers would change their own recommendation."
    return text


def _each_gives(dispute: Dispute, pack: Pack) -> str:
    """'4, 6 or 8 give Option A; 45 gives Option B': answers grouped by what they give.

    Answers whose words could run into each other in a list (several choices, or a
    label with a comma, an 'and' or an 'or' in it) are each given on their own.
    """
    outcomes = dispute.outcomes
    if all(type(o.value) is int for o in outcomes):  # numbers in order
        outcomes = tuple(sorted(outcomes, key=lambda o: o.value if type(o.value) is int else 0))
    said = [(o, _said(dispute, o.value, pack)) for o in outcomes]
    if any("," in text or " or " in text or " and " in text for _, text in said):
        return "; ".join(f"{text} gives {_pick(o.recommendation, o.tie, pack)}" for o, text in said)
    alike: dict[tuple[str, bool], list[str]] = {}  # answers by what they give, in order
    for o, text in said:
        alike.setdefault((o.recommendation, o.tie), []).append(text)
    return "; ".join(
        f"{_names(texts, 'or')} {'gives' if len(texts) == 1 else 'give'} {_pick(*pick, pack)}"
        for pick, texts in alike.items()
    )


def _pick(option: str, tie: bool, pack: Pack, label: str = "") -> str:
    """'Option A', or 'a tie (Option A listed first)'.

    With a ``label``: 'Option A (lean)', or 'a tie (Option A listed first; close call)'.
    """
    name = option_name(pack, option)
    if tie:
        return f"a tie ({name} listed first{'; ' + label if label else ''})"
    return f"{name} ({label})" if label else name


def _person_pick(result: Result, pack: Pack) -> str:
    """A person's row: their own pick and its confidence."""
    return _pick(result.recommendation, result.tie, pack, result.confidence.replace("_", " "))


def _names(names: Sequence[str], last: str = "and") -> str:
    """'a', 'a and b', 'a, b and c' (or with ``last`` 'or')."""
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} {last} {names[-1]}"


def summary(report: Consensus, pack: Pack) -> str:
    """One sentence on the room."""
    picks = {(p.result.recommendation, p.result.tie) for p in report.people}
    everyone = "Both people" if len(report.people) == 2 else f"All {len(report.people)} people"
    agree = (
        f"{everyone} get {_pick(*picks.pop(), pack)}"
        if len(picks) == 1
        else f"The {len(report.people)} people do not get the same recommendation"
    )
    count = len(report.disputes)
    deciding = sum(d.changes_outcome for d in report.disputes)
    if not count:
        return f"{agree}, and their answers (given or left to the default) all agree."
    if count == 1:
        verdict = "decides" if deciding else "does not decide"
        return f"{agree}; they disagree on one question, and it {verdict} the room's outcome."
    if not deciding:
        return f"{agree}; they disagree on {count} questions, and none of them decides the outcome."
    verb = "decides" if deciding == 1 else "decide"
    return (
        f"{agree}; they disagree on {count} questions, and {deciding} of them {verb} the outcome."
    )


def markdown(report: Consensus, out: TextIO, context: Context) -> None:
    """People, then disputes, then the method."""
    pack = context.needs_pack()
    lines = [f"## Room's recommendation: {md(headline(report, pack))}", ""]
    if report.settle_first:
        lines += [f"**{md(settle_text(report))}**", ""]
    for line in ruled_out_text(report, pack):
        lines += [f"**{md(line)}**", ""]
    lines += [
        md(summary(report, pack)),
        "",
        md(votes_text(report, pack)),
        "",
        "| Person | Recommendation | Scores (indicative) |",
        "|---|---|---|",
    ]
    for p in report.people:
        cells = [
            p.name,
            _person_pick(p.result, pack),
            scores_text(p.result.scores, pack),
        ]
        lines.append("| " + " | ".join(md(c) for c in cells) + " |")
    if report.disputes:
        lines += ["", "### Where the room disagrees", "", "| Question | Answers | Effect |"]
        lines.append("|---|---|---|")
        for d in report.disputes:
            # the id as code (ids are [a-z0-9_]): a page keeps it whole, as one word
            question = f"`{d.question}` ({md(d.kind)})"
            cells = [md(held_text(d, pack)), md(effect_text(d, pack))]
            lines.append(f"| {question} | " + " | ".join(cells) + " |")
    lines += ["", md(METHOD)]
    if report.overrides:
        lines += ["", md(overrides_text(report.overrides))]
    out.write("\n".join(lines) + "\n")


def table(report: Consensus, out: TextIO, context: Context) -> None:
    """For people: the room's result, each person, then the disputes."""
    pack = context.needs_pack()
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    con = console(out)
    style = headline_style(report.combined.confidence)
    con.print(Text("Room's recommendation: ", "bold").append(headline(report, pack), style))
    if report.settle_first:
        con.print(Text(settle_text(report), "bold red"))
    for line in ruled_out_text(report, pack):
        con.print(Text(printable(line), "bold red"))
    con.print(Text("  " + scores_text(report.combined.scores, pack)))
    con.print(Text("  " + votes_text(report, pack)))
    con.print(Text(summary(report, pack)))
    con.print()
    headers = ["Recommendation", *(printable(option_name(pack, o)) for o in pack.option_ids)]
    rows = []
    for p in report.people:
        pick = _person_pick(p.result, pack)
        rows.append(
            [printable(p.name), pick, *(number(p.result.scores[o]) for o in pack.option_ids)]
        )
    # The picks and scores stay on one line when that leaves the names a dozen columns;
    # on a narrower screen every column folds.
    whole = fits_unwrapped(headers, [row[1:] for row in rows], con.width)
    people = Table(expand=True)
    people.add_column("Person", overflow="fold", ratio=1 if whole else None)
    for i, header in enumerate(headers):  # a score column per option, as in `portfolio`
        people.add_column(header, overflow="fold", no_wrap=whole, justify="right" if i else "left")
    for row in rows:
        people.add_row(*row)
    con.print(people)
    if report.disputes:
        con.print()
        con.print(Text("Where the room disagrees", "bold"))
        for d in report.disputes:
            held = Text(f"{printable(_question(d))}: ", "bold")
            held.append(printable(held_text(d, pack)))
            con.print(Padding(held, (0, 0, 0, 2)))
            effect = Text(effect_text(d, pack), "yellow" if d.changes_outcome else "dim")
            con.print(Padding(effect, (0, 0, 0, 4)))
    con.print()
    con.print(Text(METHOD, "dim"))
    if report.overrides:
        con.print(Text(overrides_text(report.overrides), "dim"))


VIEW = View(Consensus, {"json": json, "markdown": markdown, "table": table})
