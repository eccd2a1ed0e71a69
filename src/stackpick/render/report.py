"""The recommendation page's content, from the data of the JSON view (``render.result.to_data``).

Plain data for ``templates/result.html.j2``: no markup is made here, the template
escapes everything it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stackpick.engine import Result
    from stackpick.models import Pack

TONES = {"clear": "clear", "lean": "lean"}  # any other confidence (a close call, a tie): close
LABELS = {"clear": "Clear recommendation", "lean": "Leaning one way"}


def result_context(result: Result, pack: Pack) -> dict[str, Any]:
    """What the recommendation page shows, from the JSON view's data."""
    from stackpick.engine import weight_overrides
    from stackpick.render.common import (
        constraint_text,
        number,
        overrides_text,
        robustness_lines,
        ruled_out_words,
    )
    from stackpick.render.result import to_data

    data = to_data(result, pack)
    winner = data["recommendation"]
    box = verdict(
        pack,
        winner,
        data["runner_up"],
        data["confidence"],
        data["margin"],
        data["tie"],
        ruled_out=ruled_out_words(result, pack),
    )
    return {
        **box,
        "robustness": robustness_lines(result, pack, worded=True),
        "constraints": [
            constraint_text(c, pack, result.recommendation) for c in result.constraints
        ],
        "scores": [
            {
                "name": pack.option_name(o),
                "score": number(s),
                "note": _score_note(o, data),
            }
            for o, s in sorted(data["scores"].items(), key=lambda kv: -kv[1])
        ],
        "reasons": [_reason(r, winner, pack, data["unknown"]) for r in data["reasons"]],
        "overrides": overrides_text(weight_overrides(pack, result.weights)),
        "notes": _notes(data, pack),
        "answers": _answers(data, pack),
        "answer_counts": _answer_counts(data),
    }


def tone_of(confidence: str, tie: bool = False) -> str:
    """The colour a confidence is shown in: clear, lean, or close (a close call, a tie)."""
    return "close" if tie else TONES.get(confidence, "close")


def verdict(
    pack: Pack,
    winner: str,
    runner_up: str | None,
    confidence: str,
    margin: float,
    tie: bool,
    whose: str = "",
    *,
    ruled_out: str = "",
) -> dict[str, str]:
    """The coloured recommendation box: its tone, label, choice and one sentence.

    ``whose`` says whose scores they are ("the room's mean"), where not one person's;
    ``ruled_out`` (see render.common.ruled_out_words) stands in for a lead over a score
    of 0 that every other option has for being ruled out.
    """
    from stackpick.render.common import number

    name = pack.option_name(winner)
    other = pack.option_name(runner_up) if runner_up else "the other options"
    on = f" on {whose} scores" if whose else ""
    if tie:
        text = f"{name} and {other} score the same{on}; {name} is only listed first."
    elif ruled_out:
        level = confidence.replace("_", " ")
        text = f"{ruled_out[0].upper()}{ruled_out[1:]} (indicative; {level})."
    else:
        level = confidence.replace("_", " ")
        text = (
            f"{name} is ahead of {other}{on} by {number(margin)} points out of 100"
            f" (indicative; {level})."
        )
    return {
        "name": name,
        "runner_up": pack.option_name(runner_up) if runner_up else "",
        "tone": tone_of(confidence, tie),
        "confidence_label": "A tie"
        if tie
        else LABELS.get(confidence, confidence.replace("_", " ").capitalize()),
        "confidence_text": text,
    }


def _score_note(option: str, data: Mapping[str, Any]) -> str:
    if option in data["ruled_out"]:
        return "ruled out by a constraint"
    if option == data["recommendation"]:
        return "recommended"
    return "runner-up" if option == data["runner_up"] else ""


def _reason(
    reason: Mapping[str, Any], winner: str, pack: Pack, unknown: Sequence[str]
) -> dict[str, Any]:
    from stackpick.models import why_resting
    from stackpick.render.common import number

    favours = reason["favours"]
    tone = "even" if favours is None else ("for-winner" if favours == winner else "for-other")
    return {
        "title": reason["title"],
        "criterion": reason["criterion"],
        "weight": number(reason["weight"]),
        "favours": pack.option_name(favours) if favours else "neither",
        "tone": tone,
        "points": ("+" if favours else "") + number(reason["points"]),
        "why": why_resting(reason["why"], reason["rests_on"], unknown),
        "section": reason["section"],
    }


def _notes(data: Mapping[str, Any], pack: Pack) -> list[dict[str, Any]]:
    winner = pack.option_name(data["recommendation"])
    tradeoffs = [
        {"title": "", "text": text, "section": section}
        for text, section in zip(data["tradeoffs"], data["tradeoff_sections"], strict=True)
    ]
    groups = [
        (f"Trade-offs of {winner}", tradeoffs),
        ("Advice", [dict(a) for a in data["advice"]]),
    ]
    return [{"title": title, "entries": items} for title, items in groups if items]


STATUS_TEXT = {
    "given": "given",
    "defaulted": "defaulted: nobody answered, the default stands in",
    "unknown": "unknown: the default stands in",
    "not_asked": "not asked, so not used",
}


def _answers(data: Mapping[str, Any], pack: Pack) -> list[dict[str, str]]:
    from stackpick.answers import answer_text, choice_labels

    rows = []
    for question in pack.questions:
        value = data["answers"].get(question.id)
        status = next(
            (s for s in ("unknown", "defaulted", "not_asked") if question.id in data[s]), "given"
        )
        if value is None and status == "given":
            status = "not_asked"
        shown = value if not isinstance(value, list) else tuple(value)
        rows.append(
            {
                "id": question.id,
                "prompt": question.prompt,
                "answer": answer_text(shown, choice_labels(question)),
                "status": status.replace("_", "-"),
                "status_text": STATUS_TEXT[status],
            }
        )
    return rows


def _answer_counts(data: Mapping[str, Any]) -> str:
    unknown, defaulted = len(data["unknown"]), len(data["defaulted"])
    if not unknown and not defaulted:
        return "Every question asked was answered."
    return (
        f"{unknown} answered as unknown and {defaulted} left to the default;"
        " the recommendation uses the defaults for them."
    )
