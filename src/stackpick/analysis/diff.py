"""Diff: the answers two sets differ on, and what each one did to the scores.

Each differing answer is credited with its Shapley value: its average effect over every
order in which the differing answers could be applied. Answers that no criterion reads
together (and that open no follow-up of each other) do not interact, so their Shapley
value is simply the effect of applying each alone; answers that do interact are worked
out over every subset of their group. The moves add up exactly to the whole change in
each option's value score, and none depends on the order the questions come in.

Constraints sit outside the sum: the diff names those that begin or stop holding.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from stackpick.answers import Answer, Answers
from stackpick.engine import Model, Result, Scale, as_number, model_of, score
from stackpick.models import Pack

# A group of interacting answers larger than this is split one answer at a time (its
# Shapley values would need 2**n scores); no real pack comes near it.
MAX_SHAPLEY_GROUP = 12


@dataclass(frozen=True)
class Move:
    """One answer that differs, and its share of the change in each option's score."""

    question: str
    before: Answer
    after: Answer
    moves: dict[str, float]
    criteria: tuple[str, ...]
    exact_moves: dict[str, Fraction]


@dataclass(frozen=True)
class Diff:
    """Two answer sets, their results, the answers that differ and what each did."""

    before: Result
    after: Result
    moves: tuple[Move, ...]
    sources: tuple[str | None, str | None] = (None, None)
    constraints_started: tuple[str, ...] = ()
    constraints_ended: tuple[str, ...] = ()


def diff(
    pack: Pack, before: Answers, after: Answers, weights: Mapping[str, float] | None = None
) -> Diff:
    """The answers that differ, each credited with its Shapley share of the score change."""
    first = score(pack, before, weights=weights)
    last = score(pack, after, weights=first.weights)
    model = model_of(pack)
    scale = model.scale(first.weights)
    players = [q.id for q in pack.questions if before.values[q.id] != after.values[q.id]]
    shares: dict[str, dict[str, Fraction]] = {}
    for group in _groups(model, players):
        shares.update(_shapley(model, scale, before, after, group))
    moves = tuple(
        Move(
            q,
            before.values[q],
            after.values[q],
            {o: as_number(v) for o, v in shares[q].items()},
            _moved_criteria(model, before, after, q),
            shares[q],
        )
        for q in players
    )
    held_before = {c.id for c in first.constraints}
    held_after = {c.id for c in last.constraints}
    return Diff(
        first,
        last,
        moves,
        (before.source, after.source),
        tuple(c.id for c in pack.constraints if c.id in held_after - held_before),
        tuple(c.id for c in pack.constraints if c.id in held_before - held_after),
    )


def _groups(model: Model, players: Sequence[str]) -> list[list[str]]:
    """Changed answers that interact: read by one criterion, or one opening the other."""
    chosen = set(players)
    group_of = {q: {q} for q in players}
    links = [set(t.reads) for t in model.criteria]
    links += [{q, *model.followups.get(q, ())} for q in players]
    for link in links:
        members = link & chosen
        if len(members) > 1:
            merged = set().union(*(group_of[q] for q in members))
            for q in merged:
                group_of[q] = merged
    seen: list[set[str]] = []
    for q in players:
        if not any(group_of[q] is s for s in seen):
            seen.append(group_of[q])
    return [[q for q in players if q in s] for s in seen]


def _value_scores(
    model: Model, scale: Scale, before: Answers, after: Answers, applied: Sequence[str]
) -> list[Fraction]:
    """Each option's value score with the ``applied`` answers taken from ``after``."""
    given = dict(before.given)
    for question in applied:
        if question in after.given:
            given[question] = after.given[question]
        else:
            given.pop(question, None)  # left open in ``after``: its default
    state = model.evaluate(scale, model.resolve(given))
    return [scale.score(t) for t in state.totals]


def _shapley(
    model: Model, scale: Scale, before: Answers, after: Answers, group: list[str]
) -> dict[str, dict[str, Fraction]]:
    options = model.options
    if len(group) > MAX_SHAPLEY_GROUP:  # each alone against ``before``: order-free, not exact
        base = _value_scores(model, scale, before, after, [])
        return {
            q: {
                o: v - b
                for o, v, b in zip(
                    options, _value_scores(model, scale, before, after, [q]), base, strict=True
                )
            }
            for q in group
        }
    n = len(group)
    worth = {
        subset: _value_scores(model, scale, before, after, subset)
        for size in range(n + 1)
        for subset in itertools.combinations(group, size)
    }
    shares = {q: [Fraction(0)] * len(options) for q in group}
    for subset, value in worth.items():
        for question in group:
            if question in subset:
                continue
            with_it = tuple(q for q in group if q in subset or q == question)
            weight = Fraction(
                math.factorial(len(subset)) * math.factorial(n - len(subset) - 1), math.factorial(n)
            )
            gained = worth[with_it]
            for o in range(len(options)):
                shares[question][o] += weight * (gained[o] - value[o])
    return {q: dict(zip(options, s, strict=True)) for q, s in shares.items()}


def _moved_criteria(
    model: Model, before: Answers, after: Answers, question: str
) -> tuple[str, ...]:
    """The criteria that read ``question`` (or its follow-ups) and hold another rule after."""
    reach = {question, *model.followups.get(question, ())}
    indexes = sorted({i for q in reach for i in model.readers.get(q, ())})
    moved = []
    for index in indexes:
        table = model.criteria[index]
        if model.row(table, before.values)[0] != model.row(table, after.values)[0]:
            moved.append(table.criterion.id)
    return tuple(moved)
