"""Pure analysis over the scoring model: explain, what-if, weight sensitivity, diff, consensus.

Nothing here reads files or prints. Everything rests on the engine's linear form: an
option's total is the sum over criteria of ``weight * fraction`` from the rule that
fired, and the winner is the option with the highest total (the pack's earlier option
on a tie). What-if re-scores every alternative answer; weight sensitivity solves the
linear form for each weight exactly.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from stackpick.answers import Answer, Answers, check_answers
from stackpick.engine import (
    TIE_TOLERANCE,
    Result,
    confidence_for,
    effective_weights,
    fired_rule,
    rank,
    score,
    weight_overrides,
)
from stackpick.models import MAX_WEIGHT, Condition, Criterion, Pack, Question, weight_text

# A multi-choice question with more choices than this is varied one choice at a time
# instead of over every subset (2**8 = 256 subsets is still quick).
MAX_SUBSET_CHOICES = 8


# --- explain -------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One criterion worked through: which rule fired, on which answers, for how many points."""

    criterion: str
    title: str
    weight: float
    pack_weight: float
    section: str
    rule: int | None
    condition: Condition | None
    inputs: dict[str, Answer]
    fractions: dict[str, float]
    awarded: dict[str, float]
    favours: str | None
    lead: float
    why: str


@dataclass(frozen=True)
class Explanation:
    """The result and every criterion's step, in the pack's order."""

    result: Result
    steps: tuple[Step, ...]
    overrides: dict[str, tuple[float, float]]


def explain(
    pack: Pack, answers: Answers, weights: Mapping[str, float] | None = None
) -> Explanation:
    """Score and record, for every criterion, the rule that fired and what it gave each option."""
    result = score(pack, answers, weights=weights)
    grand = sum(_totals(pack, answers.values, result.weights).values())
    scale = 100.0 / grand if grand else 0.0
    steps = tuple(
        _step(pack, c, answers.values, result.weights[c.id], scale) for c in pack.criteria
    )
    return Explanation(result, steps, weight_overrides(pack, result.weights))


def _step(
    pack: Pack, criterion: Criterion, values: Mapping[str, Answer], weight: float, scale: float
) -> Step:
    found = fired_rule(criterion, values)
    index, rule = found if found else (None, None)
    fractions = {o: rule.points.get(o, 0.0) if rule else 0.0 for o in pack.option_ids}
    awarded = {o: weight * f * scale for o, f in fractions.items()}
    ranked = sorted(awarded.values(), reverse=True)
    lead = ranked[0] - ranked[1]
    read = [r.when for r in criterion.rules if r.when is not None]
    if rule is not None:
        read = [rule.when] if rule.when is not None else []
    inputs = {q: values.get(q) for c in read for q in sorted(c.questions())}
    return Step(
        criterion=criterion.id,
        title=criterion.title,
        weight=weight,
        pack_weight=criterion.weight,
        section=criterion.section,
        rule=index,
        condition=rule.when if rule else None,
        inputs=inputs,
        fractions=fractions,
        awarded=awarded,
        favours=max(awarded, key=lambda o: awarded[o]) if lead > 0 else None,
        lead=lead,
        why=rule.why if rule else "",
    )


# --- the linear form ------------------------------------------------------------------


def fractions(pack: Pack, values: Mapping[str, Answer]) -> dict[str, dict[str, float]]:
    """Per criterion, the fraction of its weight each option gets (0 when no rule fired)."""
    table: dict[str, dict[str, float]] = {}
    for criterion in pack.criteria:
        found = fired_rule(criterion, values)
        rule = found[1] if found else None
        table[criterion.id] = {o: rule.points.get(o, 0.0) if rule else 0.0 for o in pack.option_ids}
    return table


def _totals(
    pack: Pack, values: Mapping[str, Answer], weights: Mapping[str, float]
) -> dict[str, float]:
    """Each option's raw total, summed in the engine's order."""
    table = fractions(pack, values)
    totals = dict.fromkeys(pack.option_ids, 0.0)
    for criterion in pack.criteria:
        for option in pack.option_ids:
            points = weights[criterion.id] * table[criterion.id][option]
            totals[option] += points
    return totals


# --- weight sensitivity ---------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """Where a weight flips the recommendation: at ``weight`` (exactly there too when inclusive)."""

    weight: float
    inclusive: bool
    to: str

    def words(self, side: str) -> str:
        """'at or below 1.38', 'above 4': where a weight surely flips it, for a person.

        ``side`` is 'below' or 'above'. The number has two decimals at most and, typed
        as a weight, flips the recommendation: the threshold itself when it has two
        decimals, else the next two-decimal number past it.
        """
        from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

        cent = Decimal("0.01")
        nearest = Decimal(self.weight).quantize(cent)
        if float(nearest) == self.weight:  # typing it gives the threshold exactly
            at = "at or " if self.inclusive else ""
            return f"{at}{side} {weight_text(float(nearest))}"
        rounding = ROUND_FLOOR if side == "below" else ROUND_CEILING
        past = Decimal(self.weight).quantize(cent, rounding)  # strictly past, as a float too
        return f"at or {side} {weight_text(float(past))}"


@dataclass(frozen=True)
class WeightFlip:
    """How far one criterion's weight must move to change the recommendation."""

    criterion: str
    title: str
    weight: float
    below: Threshold | None
    above: Threshold | None

    @property
    def never(self) -> bool:
        """No weight from 0 upwards changes the recommendation."""
        return self.below is None and self.above is None


def weight_sensitivity(
    pack: Pack, values: Mapping[str, Answer], weights: Mapping[str, float], winner: str
) -> tuple[WeightFlip, ...]:
    """For each criterion, the weight past which the recommendation changes, or never.

    The winner ``W`` leads a rival ``R`` by ``L = sum_c w_c * (p_cW - p_cR)``. Moving one
    weight ``w_k`` to ``x`` changes the lead by ``(x - w_k) * d_k`` with ``d_k = p_kW - p_kR``,
    so the lead reaches zero at ``x = w_k - L / d_k``: below it when ``d_k > 0``, above it
    when ``d_k < 0``. At exactly that weight the two tie, and a tie goes to the option
    listed first in the pack. Weights cannot go below 0.
    """
    table = fractions(pack, values)
    totals = _totals(pack, values, weights)
    flips = []
    for criterion in pack.criteria:
        line = _Line(pack.option_ids, totals, table[criterion.id], weights[criterion.id], winner)
        below, above = line.crossings(weights)
        flips.append(
            WeightFlip(
                criterion.id,
                criterion.title,
                line.weight,
                line.threshold(max(below), -1) if below else None,
                line.threshold(min(above), +1) if above else None,
            )
        )
    return tuple(flips)


def _lead(totals: Mapping[str, float], winner: str, rival: str) -> float:
    """The winner's lead over a rival, zero when the engine counts the two as tied."""
    lead = totals[winner] - totals[rival]
    return 0.0 if lead <= TIE_TOLERANCE * max(1.0, abs(totals[winner])) else lead


def _snap(at: float, weights: Mapping[str, float]) -> float:
    """Zero when ``at`` is zero up to rounding (the lead and the swing cancel exactly)."""
    return 0.0 if abs(at) <= 1e-9 * max(1.0, sum(weights.values())) else at


@dataclass(frozen=True)
class _Line:
    """Every option's total as a linear function of one criterion's weight."""

    order: tuple[str, ...]
    totals: Mapping[str, float]
    slope: Mapping[str, float]
    weight: float
    winner: str

    def crossings(self, weights: Mapping[str, float]) -> tuple[list[float], list[float]]:
        """Weights where a rival draws level with the winner: below and above the current one."""
        below, above = [], []
        for rival in (o for o in self.order if o != self.winner):
            d_k = self.slope[self.winner] - self.slope[rival]
            if d_k == 0:
                continue
            at = _snap(self.weight - _lead(self.totals, self.winner, rival) / d_k, weights)
            if d_k > 0 and at >= 0:
                below.append(at)
            elif d_k < 0 and at <= MAX_WEIGHT:  # past the largest weight allowed: never
                above.append(at)
        return below, above

    def threshold(self, at: float, direction: int) -> Threshold | None:
        """Who wins at ``at`` (inclusive) or just past it in ``direction``; None if nobody."""
        values = {o: self.totals[o] + (at - self.weight) * self.slope[o] for o in self.order}
        at_tie = rank(self.order, values)[0]
        if at_tie != self.winner:
            return Threshold(at, True, at_tie)
        if direction < 0 and at <= 0:
            return None
        best = max(values.values())
        tolerance = TIE_TOLERANCE * max(1.0, abs(best))
        level = [o for o in self.order if values[o] >= best - tolerance and o != self.winner]
        past = [o for o in level if direction * (self.slope[o] - self.slope[self.winner]) > 0]
        if not past:
            return None
        return Threshold(at, False, max(past, key=lambda o: direction * self.slope[o]))


# --- what-if --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One answer changed, everything else kept, and what the recommendation becomes."""

    question: str
    before: Answer
    after: Answer
    recommendation: str
    scores: dict[str, float]
    confidence: str
    flips: bool


@dataclass(frozen=True)
class WhatIf:
    """Every single-answer change tried, the smallest ones that flip the result, and weights."""

    result: Result
    changes: tuple[Change, ...]
    flips: tuple[Change, ...]
    weights: tuple[WeightFlip, ...]
    not_asked: tuple[str, ...]
    overrides: dict[str, tuple[float, float]]


def given_values(answers: Answers) -> dict[str, object]:
    """The answers as a mapping ``check_answers`` takes back (questions not asked left out)."""
    return {q: _given(v) for q, v in answers.values.items() if v is not None}


def what_if(pack: Pack, answers: Answers, weights: Mapping[str, float] | None = None) -> WhatIf:
    """Try every other answer to every asked question, and solve every weight for a flip."""
    result = score(pack, answers, weights=weights)
    given = given_values(answers)
    changes = []
    for question in pack.questions:
        current = answers.values.get(question.id)
        if current is None:
            continue
        for value in alternatives(pack, question, current):
            changed = check_answers(pack, {**given, question.id: _given(value)})
            new = score(pack, changed, weights=result.weights)
            flips = new.recommendation != result.recommendation
            changes.append(
                Change(
                    question.id,
                    current,
                    value,
                    new.recommendation,
                    new.scores,
                    new.confidence,
                    flips,
                )
            )
    sensitivity = weight_sensitivity(pack, answers.values, result.weights, result.recommendation)
    return WhatIf(
        result=result,
        changes=tuple(changes),
        flips=tuple(_minimal([c for c in changes if c.flips])),
        weights=sensitivity,
        not_asked=answers.not_asked,
        overrides=weight_overrides(pack, result.weights),
    )


def _given(value: Answer) -> object:
    """An answer as an answers file gives it (a list, not a tuple, for multi-choice)."""
    return list(value) if isinstance(value, tuple) else value


def alternatives(pack: Pack, question: Question, current: Answer) -> list[Answer]:
    """Every other answer worth trying: all values, or for integers the rules' thresholds +-1."""
    if question.type == "boolean":
        return [not current]
    if question.type == "choice":
        return [v for v in question.choice_values if v != current]
    if question.type == "multi":
        return [s for s in _subsets(question, current) if s != current]
    return [v for v in sorted(integer_candidates(pack, question)) if v != current]


def _subsets(question: Question, current: Answer) -> Iterator[tuple[str, ...]]:
    choices = question.choice_values
    if len(choices) <= MAX_SUBSET_CHOICES:
        for size in range(len(choices) + 1):
            yield from itertools.combinations(choices, size)
        return
    chosen = set(current) if isinstance(current, tuple) else set()
    for choice in choices:
        toggled = chosen ^ {choice}
        yield tuple(c for c in choices if c in toggled)


def integer_candidates(pack: Pack, question: Question) -> set[int]:
    """n-1, n and n+1 around every at_least/at_most value the pack tests ``question`` against."""
    low = question.min if question.min is not None else -(2**63)
    high = question.max if question.max is not None else 2**63
    found = set()
    for condition in pack_conditions(pack):
        for test in _tests(condition):
            if test.question != question.id:
                continue
            for n in (test.at_least, test.at_most):
                if n is not None:
                    found |= {v for v in (n - 1, n, n + 1) if low <= v <= high}
    return found


def pack_conditions(pack: Pack) -> Iterator[Condition]:
    """Every condition in the pack: rules, questions, trade-offs and advice."""
    for criterion in pack.criteria:
        yield from (r.when for r in criterion.rules if r.when is not None)
    whens = [
        *(q.when for q in pack.questions),
        *(t.when for t in pack.tradeoffs),
        *(a.when for a in pack.advice),
    ]
    yield from (w for w in whens if w is not None)


def _tests(condition: Condition) -> Iterator[Condition]:
    if condition.question is not None:
        yield condition
    for child in condition.children():
        yield from _tests(child)


def _minimal(flips: list[Change]) -> list[Change]:
    """The smallest flipping changes (the nearest number each side, the smallest list edit)."""
    return [c for c in flips if not any(_smaller(o, c) for o in flips)]


def _smaller(other: Change, change: Change) -> bool:
    """Whether ``other`` changes the same question less than ``change`` does, in the same way."""
    if other.question != change.question or other is change:
        return False
    if isinstance(change.after, tuple):
        return _delta(other) < _delta(change)
    if isinstance(change.after, int) and not isinstance(change.after, bool):
        assert isinstance(other.after, int) and isinstance(change.before, int)
        side = (other.after > change.before) == (change.after > change.before)
        return side and abs(other.after - change.before) < abs(change.after - change.before)
    return False


def _delta(change: Change) -> set[str]:
    before = set(change.before) if isinstance(change.before, tuple) else set()
    after = set(change.after) if isinstance(change.after, tuple) else set()
    return before ^ after


# --- diff -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """One answer that differs, and how applying it moved the scores."""

    question: str
    before: Answer
    after: Answer
    scores_before: dict[str, float]
    scores_after: dict[str, float]
    criteria: tuple[str, ...]

    @property
    def moves(self) -> dict[str, float]:
        """Score change per option."""
        return {o: self.scores_after[o] - s for o, s in self.scores_before.items()}


@dataclass(frozen=True)
class Diff:
    """Two answer sets, their results, and the answers that differ with their score moves."""

    before: Result
    after: Result
    moves: tuple[Move, ...]
    sources: tuple[str | None, str | None] = (None, None)


def diff(
    pack: Pack, before: Answers, after: Answers, weights: Mapping[str, float] | None = None
) -> Diff:
    """Apply the differing answers to ``before`` one at a time, in the pack's question order.

    Each move is the score change that one answer makes on top of the ones before it, so
    the moves add up to the whole change from ``before`` to ``after``.
    """
    first = score(pack, before, weights=weights)
    last = score(pack, after, weights=first.weights)
    given = given_values(before)
    current = first
    moves = []
    for question in pack.questions:
        old, new = before.values.get(question.id), after.values.get(question.id)
        if old == new:
            continue
        if new is None:
            given.pop(question.id, None)
        else:
            given[question.id] = _given(new)
        step = score(pack, check_answers(pack, given), weights=first.weights)
        moved = _moved_criteria(current, step)
        moves.append(Move(question.id, old, new, current.scores, step.scores, moved))
        current = step
    return Diff(first, last, tuple(moves), (before.source, after.source))


def _moved_criteria(before: Result, after: Result) -> tuple[str, ...]:
    old = {r.criterion: r.rule for r in before.reasons}
    new = {r.criterion: r.rule for r in after.reasons}
    return tuple(c for c in {**old, **new} if old.get(c) != new.get(c))


# --- consensus ------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """One person's answers and their own result."""

    name: str
    answers: Answers
    result: Result


@dataclass(frozen=True)
class Outcome:
    """The room's combined result if everyone gave one value to a disputed question."""

    value: Answer
    held_by: tuple[str, ...]
    recommendation: str
    scores: dict[str, float]


@dataclass(frozen=True)
class Dispute:
    """A question the room answers differently, and whether settling it changes the outcome."""

    question: str
    outcomes: tuple[Outcome, ...]
    not_asked: tuple[str, ...]
    flips_for: tuple[str, ...]

    @property
    def changes_outcome(self) -> bool:
        """Settling this question one way or another changes the combined recommendation."""
        return len({o.recommendation for o in self.outcomes}) > 1


@dataclass(frozen=True)
class Combined:
    """The room's recommendation: each person's scores averaged, everyone counting once."""

    recommendation: str
    scores: dict[str, float]
    margin: float
    confidence: str


@dataclass(frozen=True)
class Consensus:
    """Everyone's result, the disputed questions and the combined recommendation."""

    people: tuple[Person, ...]
    disputes: tuple[Dispute, ...]
    combined: Combined
    overrides: dict[str, tuple[float, float]]


def combine(pack: Pack, results: Sequence[Result]) -> Combined:
    """Mean of each person's 0..100 scores; the highest mean wins (the pack's order breaks ties)."""
    order = pack.option_ids
    scores = {o: sum(r.scores[o] for r in results) / len(results) for o in order}
    ranked = rank(order, scores)
    margin = max(0.0, scores[ranked[0]] - scores[ranked[1]])
    return Combined(ranked[0], scores, margin, confidence_for(pack, margin))


def consensus(
    pack: Pack,
    people: Sequence[tuple[str, Answers]],
    weights: Mapping[str, float] | None = None,
) -> Consensus:
    """Each person's result, the questions they disagree on, and the room's combined result."""
    used = effective_weights(pack, weights)
    scored = tuple(Person(n, a, score(pack, a, weights=used)) for n, a in people)
    disputes = tuple(
        _dispute(pack, question, scored, used)
        for question in pack.questions
        if len(_held(question.id, scored)) > 1
    )
    combined = combine(pack, [p.result for p in scored])
    return Consensus(scored, disputes, combined, weight_overrides(pack, used))


def _held(question: str, people: Sequence[Person]) -> dict[Answer, list[str]]:
    """Each value given to ``question`` (when asked), with who gave it, first-seen order."""
    held: dict[Answer, list[str]] = {}
    for person in people:
        value = person.answers.values.get(question)
        if value is not None:
            held.setdefault(value, []).append(person.name)
    return held


def _dispute(
    pack: Pack, question: Question, people: Sequence[Person], weights: Mapping[str, float]
) -> Dispute:
    held = _held(question.id, people)
    outcomes = []
    flips_for: set[str] = set()
    for value, names in held.items():
        results = [_settled(pack, p.answers, question.id, value, weights) for p in people]
        flips_for |= {
            p.name
            for p, r in zip(people, results, strict=True)
            if r.recommendation != p.result.recommendation
        }
        room = combine(pack, results)
        outcomes.append(Outcome(value, tuple(names), room.recommendation, room.scores))
    not_asked = tuple(p.name for p in people if p.answers.values.get(question.id) is None)
    ordered = tuple(p.name for p in people if p.name in flips_for)
    return Dispute(question.id, tuple(outcomes), not_asked, ordered)


def _settled(
    pack: Pack, answers: Answers, question: str, value: Answer, weights: Mapping[str, float]
) -> Result:
    if answers.values.get(question) == value:
        return score(pack, answers, weights=weights)
    given = {**given_values(answers), question: _given(value)}
    return score(pack, check_answers(pack, given), weights=weights)
