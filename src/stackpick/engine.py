"""Pure scoring: (pack, answers) -> result, every point recorded as data.

Each criterion's first rule whose condition holds fires and gives every option a
share (0..1) of the criterion's weight. An option's score is its part of all the
points given, scaled to 0..100, so the scores add up to 100 and each reason's
``awarded`` points add up to each option's score exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from stackpick.answers import Answer, Answers, check_answers
from stackpick.errors import UsageError, nearest
from stackpick.models import Criterion, Pack, Rule, weight_problem

# Totals closer than this (relative) are a tie: float sums of the same points in another
# order differ in the last bits, and that must not decide a recommendation.
TIE_TOLERANCE = 1e-9


@dataclass(slots=True)
class Reason:
    """One criterion that moved the score.

    Not frozen: a result holds many of these and a batch scores thousands of
    results, so they are built as cheaply as Python allows. Treat them as values.
    """

    criterion: str
    title: str
    weight: float
    favours: str | None
    points: float
    awarded: dict[str, float]
    why: str
    section: str
    rule: int


@dataclass(slots=True)
class Note:
    """A trade-off or a piece of advice that applies to this result."""

    text: str
    section: str
    title: str = ""
    id: str = ""


@dataclass(frozen=True)
class Result:
    """The recommendation and everything needed to explain it."""

    recommendation: str
    scores: dict[str, float]
    margin: float
    confidence: str
    reasons: tuple[Reason, ...]
    tradeoffs: tuple[Note, ...]
    advice: tuple[Note, ...]
    defaulted: tuple[str, ...]
    not_asked: tuple[str, ...]
    answers: Mapping[str, Answer]
    weights: dict[str, float] = field(default_factory=dict)


def effective_weights(pack: Pack, overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """The pack's weights with the caller's overrides applied (checked)."""
    weights = dict(pack.weights)
    for criterion_id, weight in (overrides or {}).items():
        if criterion_id not in weights:
            hint = nearest(criterion_id, list(weights))
            raise UsageError(
                f"unknown criterion '{criterion_id}'{hint}; see `stackpick criteria show`"
            )
        problem = weight_problem(weight)
        if problem:
            raise UsageError(f"weight of '{criterion_id}': {problem}")
        weights[criterion_id] = float(weight)
    return weights


def weight_overrides(pack: Pack, weights: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """Criteria whose weight differs from the pack's: id -> (pack weight, weight used)."""
    return {c.id: (c.weight, weights[c.id]) for c in pack.criteria if weights[c.id] != c.weight}


def fired_rule(criterion: Criterion, values: Mapping[str, Answer]) -> tuple[int, Rule] | None:
    """The first rule of ``criterion`` whose condition holds, with its index."""
    for index, rule in enumerate(criterion.rules):
        when = rule.when
        if when is None or when.compiled(values):
            return index, rule
    return None


def raw_points(
    pack: Pack, values: Mapping[str, Answer], weights: Mapping[str, float]
) -> list[tuple[Criterion, int, Rule, dict[str, float]]]:
    """Weighted points per option for every criterion that fired."""
    fired = []
    options = pack.option_ids
    for criterion in pack.criteria:
        found = fired_rule(criterion, values)
        if found is None:
            continue
        index, rule = found
        weight = weights[criterion.id]
        shares = rule.points
        points = {o: weight * shares.get(o, 0.0) for o in options}
        if any(points.values()):
            fired.append((criterion, index, rule, points))
    return fired


def rank(options: tuple[str, ...], totals: Mapping[str, float]) -> list[str]:
    """Options by total, best first; a tie (up to float rounding) goes to the pack's first option.

    So 0.1 + 0.2 against 0.3 is a tie, and the pack's order decides it, not rounding noise.
    """
    best = max(totals.values())
    tolerance = TIE_TOLERANCE * max(1.0, abs(best))
    snapped = {o: best if t >= best - tolerance else t for o, t in totals.items()}
    # sorted() is stable, also with reverse=True: equal (snapped) totals keep the pack's order.
    return sorted(options, key=snapped.__getitem__, reverse=True)


def confidence_for(pack: Pack, margin: float) -> str:
    """The confidence level a margin (in score points) earns."""
    levels = pack.confidence_by_margin
    for level in levels:
        if margin >= level.min_margin:
            return level.level
    return levels[-1].level


def score(
    pack: Pack,
    answers: Answers | Mapping[str, object],
    *,
    weights: Mapping[str, float] | None = None,
) -> Result:
    """Score every option of ``pack`` on ``answers`` and explain the result."""
    if not isinstance(answers, Answers):
        answers = check_answers(pack, answers)
    effective = effective_weights(pack, weights)
    values = answers.values
    fired = raw_points(pack, values, effective)
    options = pack.option_ids
    totals = dict.fromkeys(options, 0.0)
    for *_, points in fired:
        for option, value in points.items():
            totals[option] += value
    grand = sum(totals.values())
    scale = 100.0 / grand if grand else 0.0
    scores = {o: totals[o] * scale if grand else 100.0 / len(options) for o in options}
    ranked = rank(options, totals)
    winner = ranked[0]
    margin = max(0.0, scores[winner] - scores[ranked[1]])
    confidence = confidence_for(pack, margin)
    reasons = [_reason(c, i, r, p, scale, effective) for c, i, r, p in fired]
    reasons.sort(key=_heaviest_first)
    return Result(
        recommendation=winner,
        scores=scores,
        margin=margin,
        confidence=confidence,
        reasons=tuple(reasons),
        tradeoffs=_tradeoffs(pack, winner, values),
        advice=_advice(pack, winner, confidence, values),
        defaulted=answers.defaulted,
        not_asked=answers.not_asked,
        answers=values,
        weights=effective,
    )


def _heaviest_first(reason: Reason) -> tuple[float, float]:
    return (-reason.weight, -reason.points)


def _reason(
    criterion: Criterion,
    index: int,
    rule: Rule,
    points: dict[str, float],
    scale: float,
    weights: Mapping[str, float],
) -> Reason:
    first, second = _top_two(points)
    awarded = {o: p * scale for o, p in points.items()}
    lead = awarded[first] - awarded[second]
    return Reason(
        criterion.id,
        criterion.title,
        weights[criterion.id],
        first if lead > 0 else None,
        lead,
        awarded,
        rule.why,
        criterion.section,
        index,
    )


def _top_two(awarded: dict[str, float]) -> tuple[str, str]:
    """The two options with the most points (the earlier option first on a tie)."""
    first = second = ""
    for option, points in awarded.items():
        if not first or points > awarded[first]:
            first, second = option, first
        elif not second or points > awarded[second]:
            second = option
    return first, second


def _tradeoffs(pack: Pack, option: str, values: Mapping[str, Answer]) -> tuple[Note, ...]:
    return tuple(
        [
            Note(t.text, t.section)
            for t in pack.tradeoffs
            if t.option == option and (t.when is None or t.when.compiled(values))
        ]
    )


def _advice(
    pack: Pack, option: str, confidence: str, values: Mapping[str, Answer]
) -> tuple[Note, ...]:
    return tuple(
        [
            Note(a.text, a.section, a.title, a.id)
            for a in pack.advice
            if (a.option is None or a.option == option)
            and (not a.confidence or confidence in a.confidence)
            and (a.when is None or a.when.compiled(values))
        ]
    )
