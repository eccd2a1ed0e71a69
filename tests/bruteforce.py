"""A reference for the decision model, written for clarity, not speed: the tests check the
engine, the robustness search and the analyses against it.

It shares nothing with ``stackpick.engine`` and ``stackpick.robustness`` but the pack's
models and the answers reader: scores are summed from the rules with fractions, every
answer state is scored from scratch, and "what flips it" is found by trying everything.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from stackpick.answers import Answer, Answers, check_answers
from stackpick.models import Pack, Question

DEFAULT = object()  # "not answered": the question's default stands in


def dec(number: float) -> Fraction:
    return Fraction(repr(number)) if isinstance(number, float) else Fraction(number)


@dataclass(frozen=True)
class Verdict:
    recommendation: str
    tie: bool
    scores: dict[str, Fraction]
    ruled_out: frozenset[str]

    def flips(self, base: Verdict) -> bool:
        return self.recommendation != base.recommendation or (self.tie and not base.tie)


def verdict(
    pack: Pack, values: Mapping[str, Answer], weights: Mapping[str, float] | None = None
) -> Verdict:
    """Score resolved answers by the book: 100 x weighted mean of each option's values."""
    weights = weights or pack.weights
    total_weight = sum(dec(weights[c.id]) for c in pack.criteria)
    sums = dict.fromkeys(pack.option_ids, Fraction(0))
    for criterion in pack.criteria:
        rule = next((r for r in criterion.rules if r.when is None or r.when.compiled(values)), None)
        for option in pack.option_ids:
            value = dec(rule.values[option]) if rule else dec(criterion.neutral)
            sums[option] += dec(weights[criterion.id]) * value
    ruled = frozenset(
        k.option for k in pack.constraints if k.effect == "rule_out" and k.when.compiled(values)
    )
    scores = {
        o: Fraction(0) if o in ruled or not total_weight else 100 * s / total_weight
        for o, s in sums.items()
    }
    pool = [o for o in pack.option_ids if o not in ruled] or list(pack.option_ids)
    best = max(scores[o] for o in pool)
    tied = [o for o in pool if scores[o] == best]
    return Verdict(tied[0], len(tied) > 1 or len(ruled) == len(pack.option_ids), scores, ruled)


def verdict_of(
    pack: Pack, given: Mapping[str, Any], weights: Mapping[str, float] | None = None
) -> Verdict:
    answers = check_answers(pack, dict(given))
    return verdict(pack, answers.values, weights)


def integer_tests(pack: Pack, question: Question) -> list[tuple[str, int]]:
    """Every at_least / at_most test the pack's rules, constraints and whens make on it."""
    conditions = [r.when for c in pack.criteria for r in c.rules]
    conditions += [k.when for k in pack.constraints] + [q.when for q in pack.questions]
    stack = [c for c in conditions if c is not None]
    found = []
    while stack:
        condition = stack.pop()
        stack.extend(condition.children())
        if condition.question == question.id:
            if condition.at_least is not None:
                found.append((">=", condition.at_least))
            if condition.at_most is not None:
                found.append(("<=", condition.at_most))
    return sorted(set(found))


def cut_points(pack: Pack, question: Question) -> set[int]:
    found: set[int] = set()
    conditions = [r.when for c in pack.criteria for r in c.rules]
    conditions += [k.when for k in pack.constraints] + [q.when for q in pack.questions]
    stack = [c for c in conditions if c is not None]
    while stack:
        condition = stack.pop()
        stack.extend(condition.children())
        if condition.question == question.id:
            for n in (condition.at_least, condition.at_most):
                if n is not None:
                    found |= {n - 1, n, n + 1}
    low = question.min if question.min is not None else -(10**9)
    high = question.max if question.max is not None else 10**9
    return {v for v in found if low <= v <= high} | {low, high}


def domain(pack: Pack, question: Question) -> list[Any]:
    """Every answer worth trying (integers at every edge of the pack's tests)."""
    if question.type == "boolean":
        return [True, False]
    if question.type == "choice":
        return list(question.choice_values)
    if question.type == "multi":
        choices = question.choice_values
        return [
            list(s) for n in range(len(choices) + 1) for s in itertools.combinations(choices, n)
        ]
    return sorted(cut_points(pack, question))


def _norm(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def same(value: Any, current: Any) -> bool:
    """Whether ``value`` is today's answer (a multi-choice list as a set: order means nothing)."""
    if isinstance(value, list) and isinstance(current, tuple):
        return set(value) == set(current)
    return bool(_norm(value) == current)


def no_larger(small: Any, big: Any, before: Any, band: Any = None) -> bool:
    """``small`` changes ``before`` no more than ``big`` does; with ``band`` (a value's
    band), integers compare only within one band."""
    small, big, before = _norm(small), _norm(big), _norm(before)
    if small == big:
        return True
    if isinstance(small, tuple) and isinstance(big, tuple):
        was = set(before) if isinstance(before, tuple) else set()
        return (set(small) ^ was) <= (set(big) ^ was)
    if all(isinstance(n, int) and not isinstance(n, bool) for n in (small, big, before)):
        grows = (small > before) == (big > before)
        same = band is None or band(small) == band(big)
        return bool(same and grows and abs(small - before) <= abs(big - before))
    return False


def band_of(pack: Pack, question: str) -> Any:
    """A function giving an integer's band: the outcome of every test the pack makes on it."""
    tests = integer_tests(pack, pack.question(question))
    return lambda v: tuple(v >= n if op == ">=" else v <= n for op, n in tests)


def minimal(
    sets: list[dict[str, Any]], before: Mapping[str, Any], pack: Pack | None = None
) -> list[dict[str, Any]]:
    """The sets no other set does with less (fewer answers, nearer numbers, smaller lists).

    With ``pack``, a number is compared only with numbers in its own band: the nearest
    value of every band that flips it is kept.
    """

    def dominated(small: dict[str, Any], big: dict[str, Any]) -> bool:
        return (
            small != big
            and small.keys() <= big.keys()
            and all(
                no_larger(small[q], big[q], before.get(q), pack and band_of(pack, q)) for q in small
            )
        )

    return [s for s in sets if not any(dominated(o, s) for o in sets)]


def key(answers: Mapping[str, Any]) -> frozenset[tuple[str, Any]]:
    return frozenset((q, _norm(v)) for q, v in answers.items())


def open_flips(pack: Pack, answers: Answers, weights: Any = None) -> list[dict[str, Any]]:
    """Every smallest set of answers to unanswered questions that flips the result."""
    given = dict(answers.given)
    base = verdict(pack, answers.values, weights)
    free = [q for q in pack.questions if q.id not in given]
    found: list[dict[str, Any]] = []
    for choice in itertools.product(*([DEFAULT, *domain(pack, q)] for q in free)):
        chosen = {q.id: v for q, v in zip(free, choice, strict=True) if v is not DEFAULT}
        applied = check_answers(pack, {**given, **chosen})
        if any(applied.values[q] is None for q in chosen):
            continue  # an answer to a question not asked changes nothing
        if any(_norm(v) == answers.values[q] for q, v in chosen.items()):
            continue  # not a change
        if verdict(pack, applied.values, weights).flips(base):
            found.append(chosen)
    if not found:
        return []
    smallest = min(len(s) for s in found)
    return minimal([s for s in found if len(s) == smallest], answers.values)


def single_changes(
    pack: Pack, answers: Answers, questions: list[str], weights: Any = None
) -> Iterator[tuple[str, dict[str, Any], Verdict]]:
    """Each other answer to each asked question in ``questions``, with every answer to the
    unanswered follow-ups it opens."""
    given = dict(answers.given)
    for qid in questions:
        current = answers.values[qid]
        if current is None:
            continue
        question = pack.question(qid)
        for value in domain(pack, question):
            if same(value, current):
                continue
            changed = check_answers(pack, {**given, qid: value})
            opened = [
                q
                for q in pack.questions
                if q.id not in given
                and answers.values[q.id] is None
                and changed.values[q.id] is not None
            ]
            for choice in itertools.product(*([DEFAULT, *domain(pack, q)] for q in opened)):
                extra = {q.id: v for q, v in zip(opened, choice, strict=True) if v is not DEFAULT}
                applied = check_answers(pack, {**given, qid: value, **extra})
                if any(applied.values[q] is None for q in extra):
                    continue
                yield qid, {qid: value, **extra}, verdict(pack, applied.values, weights)


def flipping_changes(
    pack: Pack,
    answers: Answers,
    questions: list[str],
    weights: Any = None,
    *,
    every_band: bool = False,
) -> list[dict[str, Any]]:
    """The smallest single changes (with follow-ups) to ``questions`` that flip the result
    (with ``every_band``, a number's nearest value in every band that flips it)."""
    base = verdict(pack, answers.values, weights)
    found = [s for _, s, v in single_changes(pack, answers, questions, weights) if v.flips(base)]
    return minimal(found, answers.values, pack if every_band else None)


def round2(value: Fraction) -> Fraction:
    """Half up to two decimals, as the JSON gives scores."""
    sign = -1 if value < 0 else 1
    return sign * Fraction(int(abs(value) * 100 + Fraction(1, 2)), 100)


def value_scores(pack: Pack, values: Mapping[str, Answer]) -> dict[str, Fraction]:
    """Scores before constraints: the weighted mean of each option's values."""
    weights = pack.weights
    total = sum(dec(weights[c.id]) for c in pack.criteria)
    found = {}
    for option in pack.option_ids:
        sum_ = Fraction(0)
        for criterion in pack.criteria:
            rule = next(
                (r for r in criterion.rules if r.when is None or r.when.compiled(values)), None
            )
            value = dec(rule.values[option]) if rule else dec(criterion.neutral)
            sum_ += dec(weights[criterion.id]) * value
        found[option] = 100 * sum_ / total if total else Fraction(0)
    return found


def shapley(
    pack: Pack, before: Answers, after: Answers, players: list[str]
) -> dict[str, dict[str, Fraction]]:
    """Each player's average marginal effect over every order of applying the changes."""

    def worth(applied: set[str]) -> dict[str, Fraction]:
        given = dict(before.given)
        for q in applied:
            if q in after.given:
                given[q] = after.given[q]
            else:
                given.pop(q, None)
        plain = {q: list(v) if isinstance(v, tuple) else v for q, v in given.items()}
        return value_scores(pack, check_answers(pack, plain).values)

    totals = {q: dict.fromkeys(pack.option_ids, Fraction(0)) for q in players}
    orders = list(itertools.permutations(players))
    for order in orders:
        applied: set[str] = set()
        for q in order:
            now = worth(applied)
            applied.add(q)
            later = worth(applied)
            for o in pack.option_ids:
                totals[q][o] += later[o] - now[o]
    return {q: {o: v / len(orders) for o, v in t.items()} for q, t in totals.items()}
