"""Consensus: everyone's result, where the room disagrees, and the room's result.

Scores are on one fixed scale, so the room's score for an option is the mean of each
person's score for it (everyone counts once), and the room recommends the highest mean.
A question the room answers differently (an answer left to the default counts as the
default) is a dispute; settling it means scoring everyone as if they all gave one
answer. A disputed *fact* whose answer decides the outcome is for finding out, not for
averaging: it is listed first, and the room's result is never called clear while a
dispute decides it.

The room's confidence follows the rule a single result's does, on the room's answers:
clear only when its margin reaches the threshold, no dispute decides it, no single
answer change (any one a person's what-if tries, with its follow-ups) made by the whole
room flips it, and open answers cannot flip it (bounded: the most each person's own
open answers can move their scores, added up, never reaches the room's margin); a cap
on the room's option that holds for anyone caps the room, and one that rules it out for
anyone keeps it from clear (it is named beside the room's result).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from stackpick.answers import Answer, Answers, check_answers
from stackpick.engine import (
    Note,
    Result,
    as_number,
    capped,
    confidence_for,
    score,
    weight_overrides,
)
from stackpick.models import Pack
from stackpick.weights import effective


@dataclass(frozen=True)
class Person:
    """One person's answers and their own result."""

    name: str
    answers: Answers
    result: Result


@dataclass(frozen=True)
class Outcome:
    """The room's result if everyone gave one answer to a disputed question."""

    value: Answer
    held_by: tuple[str, ...]  # who gave it
    recommendation: str
    scores: dict[str, float]
    by_default: tuple[str, ...] = ()  # who left it to the default (or unknown): theirs too
    tie: bool = False  # the room's settled result is a tie
    unsure: tuple[str, ...] = ()  # of by_default, who answered 'not sure' (unknown)


@dataclass(frozen=True)
class Dispute:
    """A question the room answers differently, and whether settling it changes the outcome."""

    question: str
    kind: str
    outcomes: tuple[Outcome, ...]
    not_asked: tuple[str, ...]
    flips_for: tuple[str, ...]
    room: str = ""  # the room's recommendation before it is settled
    room_tie: bool = False  # and whether that is a tie

    @property
    def changes_outcome(self) -> bool:
        """Settling this question some way changes the room's pick, or whether it is a tie."""
        return any((o.recommendation, o.tie) != (self.room, self.room_tie) for o in self.outcomes)

    @property
    def settle_first(self) -> bool:
        """A fact the room disagrees on that decides the outcome: find out before deciding."""
        return self.kind == "fact" and self.changes_outcome


@dataclass(frozen=True)
class Combined:
    """The room's result: the mean of everyone's scores."""

    recommendation: str
    scores: dict[str, float]
    margin: float
    confidence: str
    tie: bool = False
    votes: dict[str, int] | None = None


@dataclass(frozen=True)
class Consensus:
    """Everyone's result, the disputed questions and the room's result."""

    people: tuple[Person, ...]
    disputes: tuple[Dispute, ...]
    combined: Combined
    overrides: dict[str, tuple[float, float]]
    # who the room's option is ruled out for, with the constraint's note: the room's
    # pick cannot be theirs, so the room is not called clear
    ruled_out_for: tuple[tuple[str, Note], ...] = ()

    @property
    def settle_first(self) -> tuple[str, ...]:
        """The disputed facts that decide the outcome."""
        return tuple(d.question for d in self.disputes if d.settle_first)


def _mean(pack: Pack, results: Sequence[Result]) -> tuple[str, str, dict[str, Fraction], bool]:
    """The winner, runner-up, mean exact scores and tie of a room's results."""
    order = pack.option_ids
    means = {
        o: sum((r.exact_scores[o] for r in results), Fraction(0)) / len(results) for o in order
    }
    best = max(means.values())
    tied = [o for o in order if means[o] == best]
    winner = tied[0]
    runner = max((o for o in order if o != winner), key=lambda o: (means[o], -order.index(o)))
    return winner, runner, means, len(tied) > 1


def combine(
    pack: Pack, results: Sequence[Result], *, robust: bool = True, caps: Sequence[str] = ()
) -> Combined:
    """The room's result: the highest mean score wins (the pack's order breaks a tie)."""
    winner, runner, means, tie = _mean(pack, results)
    margin = means[winner] - means[runner]
    lowest = pack.confidence_by_margin[-1].level
    confidence = lowest if tie else capped(pack, confidence_for(pack, margin, robust=robust), caps)
    # a person whose own result is a tie votes for no option
    votes = {o: sum(r.recommendation == o and not r.tie for r in results) for o in pack.option_ids}
    scores = {o: as_number(s) for o, s in means.items()}
    return Combined(winner, scores, as_number(margin, 1), confidence, tie, votes)


def consensus(
    pack: Pack,
    people: Sequence[tuple[str, Answers]],
    weights: Mapping[str, float] | None = None,
) -> Consensus:
    """Each person's result, the questions they disagree on, and the room's result."""
    used = effective(pack, weights)
    scored = tuple(Person(n, a, score(pack, a, weights=used)) for n, a in people)
    standing, runner, means, tie = _mean(pack, [p.result for p in scored])
    disputes = [
        _dispute(pack, question.id, question.kind, scored, used, held, (standing, tie))
        for question in pack.questions
        if len(held := _held(question.id, scored)) > 1
    ]
    disputes.sort(key=lambda d: (not d.settle_first, not d.changes_outcome))
    deciding = any(d.changes_outcome for d in disputes)
    # robustness is looked at only where the margin alone would earn the top level
    top = pack.confidence_by_margin[0].level
    could_be_clear = not tie and confidence_for(pack, means[standing] - means[runner]) == top
    # the constraints that bind the room's option for someone: rule-outs and caps
    binding = [(p.name, c) for p in scored for c in p.result.constraints if c.option == standing]
    ruled_out_for = tuple((name, c) for name, c in binding if c.effect == "rule_out")
    caps = [c.effect for _, c in binding if c.effect != "rule_out"]
    robust = (
        not deciding
        and not ruled_out_for
        and not (could_be_clear and _room_flips(pack, scored, used, standing))
    )
    combined = combine(pack, [p.result for p in scored], robust=robust, caps=caps)
    overrides = weight_overrides(pack, used)
    return Consensus(scored, tuple(disputes), combined, overrides, ruled_out_for)


def _held(question: str, people: Sequence[Person]) -> dict[Answer, tuple[list[str], list[str]]]:
    """Each answer ``question`` has where it is asked: who gave it, who left it to the default.

    An answer left to the default (or given as unknown) is the default, as scoring reads
    it: one person's ``true`` beside another's default ``false`` is a disagreement.
    """
    held: dict[Answer, tuple[list[str], list[str]]] = {}
    for person in people:
        value = person.answers.values.get(question)
        if value is not None:
            gave, left = held.setdefault(value, ([], []))
            (gave if question in person.answers.given else left).append(person.name)
    return held


def _dispute(
    pack: Pack,
    question: str,
    kind: str,
    people: Sequence[Person],
    weights: Mapping[str, float],
    held: Mapping[Answer, tuple[list[str], list[str]]],
    standing: tuple[str, bool],
) -> Dispute:
    outcomes = []
    flips_for: set[str] = set()
    for value, (gave, left) in held.items():
        results = [_settled(pack, p.answers, {question: value}, weights) for p in people]
        flips_for |= {
            p.name
            for p, r in zip(people, results, strict=True)
            if (r.recommendation, r.tie) != (p.result.recommendation, p.result.tie)
        }
        room = combine(pack, results)
        unsure = tuple(p.name for p in people if p.name in left and question in p.answers.unknown)
        outcomes.append(
            Outcome(
                value, tuple(gave), room.recommendation, room.scores, tuple(left), room.tie, unsure
            )
        )
    not_asked = tuple(p.name for p in people if p.answers.values.get(question) is None)
    ordered = tuple(p.name for p in people if p.name in flips_for)
    return Dispute(question, kind, tuple(outcomes), not_asked, ordered, *standing)


def _room_flips(
    pack: Pack, people: Sequence[Person], weights: Mapping[str, float], standing: str
) -> bool:
    """Whether one answer change made by the whole room, or open answers, change its pick.

    Each single change anyone's what-if tries (with the follow-ups it opens) is made by
    everyone, as a settled answer is. Open answers are each person's own: see
    :func:`_open_could_flip`.
    """
    from stackpick.analysis.whatif import answer_changes

    if _open_could_flip(pack, people, standing):
        return True
    tried: set[frozenset[tuple[str, Answer]]] = set()
    for person in people:
        for change in answer_changes(pack, person.answers, weights):
            key = frozenset(change.answers.items())
            if key in tried:
                continue
            tried.add(key)
            results = [_settled(pack, p.answers, change.answers, weights) for p in people]
            if _overturned(pack, results, standing):
                return True
    return False


def _open_could_flip(pack: Pack, people: Sequence[Person], standing: str) -> bool:
    """Whether everyone's open answers, each at their worst for ``standing``, could overturn it.

    One person's open answers move only their own scores, so the most they can all move
    the room's mean is the sum of the most each can move their own (a bound per person:
    robustness.open_swing). A set that flips no one's own result can still flip the room
    (someone already for the rival pushing further their way): the sum catches it. A
    person whose open answers are past the search's limits has no bound, and the room is
    not called robust.
    """
    from stackpick.robustness import open_swing

    lead: dict[str, Fraction] = dict.fromkeys(pack.option_ids, Fraction(0))
    for person in people:
        model, scale, state, outcome = person.result.source
        winner = model.options.index(standing)
        swing = open_swing(model, scale, state, outcome, person.answers, winner)
        if swing is None:
            return True
        for rival, option in enumerate(model.options):
            moved = outcome.totals[rival] - outcome.totals[winner] + swing[rival]
            lead[option] += scale.score(moved)
    return any(lead[o] >= 0 for o in pack.option_ids if o != standing)


def _overturned(pack: Pack, results: Sequence[Result], standing: str) -> bool:
    winner, _, _, tie = _mean(pack, results)
    return tie or winner != standing


def _settled(
    pack: Pack,
    answers: Answers,
    chosen: Mapping[str, Answer],
    weights: Mapping[str, float],
) -> Result:
    """This person's result had they given ``chosen`` (beside their other answers)."""
    given = {q: list(v) if isinstance(v, tuple) else v for q, v in answers.given.items()}
    for question, value in chosen.items():
        given[question] = list(value) if isinstance(value, tuple) else value
    return score(pack, check_answers(pack, given), weights=weights, robustness=False)
