"""How robust a result is: the answer changes it hinges on, the open answers that flip it.

Both are exact for the pack's model. A change is tried together with the follow-up
questions it opens (``greenfield: false`` is tried with every answer to
``existing_stack``), integers once per band the pack's conditions tell apart, and
multi-choice answers over every subset (up to :data:`MAX_SUBSET_CHOICES` choices; one
choice at a time beyond). Changes that cannot flip the result are skipped on a bound:
the most that the criteria reading an answer can move the margin.

The open answers (``unknown``, or left to the default) are searched as a whole. They
fall into groups that no criterion or constraint reads across, so the margin is the sum
of each group's own effect; the search tries the fewest open answers first and lists the
smallest sets that flip the result. It stops after :data:`SEARCH_BUDGET` answer states in
all (a group after :data:`MAX_GROUP_STATES`, or past :data:`MAX_FOUND` smallest sets), which
no real pack reaches; the result then says it is incomplete and is never called clear.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from stackpick.answers import Answer, Answers
from stackpick.engine import Model, Outcome, Scale, State

MAX_SUBSET_CHOICES = 8
SEARCH_BUDGET = 200_000
MAX_GROUP_STATES = 20_000
MAX_LISTED = 50
MAX_FOUND = 1_000  # smallest flips kept while searching; past it the search is incomplete


@dataclass(frozen=True)
class Change:
    """One answer changed (with the follow-ups it opens), and what the result becomes."""

    question: str
    before: Answer
    after: Answer
    recommendation: str
    scores: dict[str, float]
    margin: float
    tie: bool
    flips: bool
    with_: dict[str, Answer] = field(default_factory=dict)
    # follow-ups the change opens that nobody answered: they take their default
    defaults: dict[str, Answer] = field(default_factory=dict)

    @property
    def answers(self) -> dict[str, Answer]:
        """Every answer this change sets: the question, then its follow-ups."""
        return {self.question: self.after, **self.with_}


@dataclass(frozen=True)
class Flip:
    """Answers to open questions that, applied together, change the recommendation."""

    answers: dict[str, Answer]
    recommendation: str
    scores: dict[str, float]
    tie: bool


# --- the answers worth trying -------------------------------------------------------


def alternatives(model: Model, question_id: str, current: Answer) -> list[Answer]:
    """Every other answer worth trying: all values; one per band for an integer."""
    question = model.pack.question(question_id)
    if question.type == "boolean":
        return [not current] if isinstance(current, bool) else [True, False]
    if question.type == "choice":
        return [v for v in question.choice_values if v != current]
    if question.type == "multi":
        return [s for s in _subsets(question.choice_values, current) if s != current]
    return _band_values(model, question_id, current)


def _subsets(choices: tuple[str, ...], current: Answer) -> Iterator[tuple[str, ...]]:
    if len(choices) <= MAX_SUBSET_CHOICES:
        for size in range(len(choices) + 1):
            yield from itertools.combinations(choices, size)
        return
    chosen = set(current) if isinstance(current, tuple) else set()
    for choice in choices:
        toggled = chosen ^ {choice}
        yield tuple(c for c in choices if c in toggled)


def _band_values(model: Model, question_id: str, current: Answer) -> list[Answer]:
    """One value per band of the question's conditions, other than today's band.

    Each is the value in its band nearest today's answer, within the question's range.
    """
    question = model.pack.question(question_id)
    low = question.min if question.min is not None else -(2**63)
    high = question.max if question.max is not None else 2**63
    here = current if isinstance(current, int) and not isinstance(current, bool) else low
    cuts = model.bands.get(question_id, ())
    edges = [low, *(c for c in cuts if low < c <= high), high + 1]
    found: list[Answer] = []
    for start, stop in itertools.pairwise(edges):
        if start <= here < stop:
            continue
        found.append(min(max(here, start), stop - 1))
    return found


# --- single changes -----------------------------------------------------------------


def changes(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    given: Mapping[str, Answer],
    questions: Sequence[str],
    *,
    only_flips: bool,
    first_only: bool = False,
    every_band: bool = False,
) -> Iterator[Change]:
    """Every other answer to each of ``questions`` (asked ones only), with follow-ups.

    With ``only_flips``, only changes that flip the result, the smallest of them, and
    questions that cannot move the margin far enough are skipped unseen; with
    ``first_only`` too, one flipping change per question (the first found). With
    ``every_band``, an integer's flips are kept in every band (one value each), not only
    the band nearest today's answer on each side.
    """
    fixed = _fixed_bounds(model, scale, outcome.winner) if only_flips else {}
    for question in questions:
        if base.values.get(question) is None:
            continue
        if only_flips and not _may_flip(model, scale, base, outcome, [question], fixed[question]):
            continue
        found: list[Change] = []
        for value, ways in _single(model, scale, base, given, question):
            found += _variants(
                model, scale, base, outcome, given, question, value, ways, only_flips, first_only
            )
            if first_only and found:
                break
        yield from (_minimal(found, base.values, every_band) if only_flips else found)


def _variants(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    given: Mapping[str, Answer],
    question: str,
    value: Answer,
    ways: Sequence[Way],
    only_flips: bool,
    first_only: bool = False,
) -> list[Change]:
    """``question`` set to ``value``, each way its follow-ups can then be answered.

    The first way leaves every follow-up to its default: when it flips the result, it
    is the change; otherwise the ways that flip it are (with the first, unless
    ``only_flips``; only the first of them with ``first_only``).
    """
    if _flips(model, base, outcome, ways[0]):
        picked = [0]
    else:
        flipping: Iterable[int] = (
            i for i in range(1, len(ways)) if _flips(model, base, outcome, ways[i])
        )
        if first_only:
            flipping = itertools.islice(flipping, 1)
        picked = list(flipping) if only_flips else [0, *flipping]
    return [
        _change(
            model,
            scale,
            base,
            question,
            value,
            dict(ways[i][0]),
            _decided(model, base, ways[i]),
            outcome,
            given,
        )
        for i in picked
    ]


def _flips(model: Model, base: State, outcome: Outcome, way: Way) -> bool:
    """Whether ``way`` applied to ``base`` changes who wins (or makes it a tie)."""
    _, delta, held = way
    if held or outcome.tie or outcome.ruled:
        return _decided(model, base, way).flips(outcome)
    # no rule-out holds or changes: a flip is a rival reaching the winner's total
    totals = base.totals
    winner = outcome.winner
    lead = totals[winner] + delta[winner]
    return any(
        t + d >= lead for r, (t, d) in enumerate(zip(totals, delta, strict=True)) if r != winner
    )


def _decided(model: Model, base: State, way: Way) -> Outcome:
    """Who wins once ``way`` is applied to ``base``."""
    _, delta, held = way
    totals = [t + d for t, d in zip(base.totals, delta, strict=True)]
    if not held:
        return model.decide(totals, base.holding)
    holding = list(base.holding)
    for index, holds in held:
        holding[index] = holds
    return model.decide(totals, holding)


# --- what a change does, remembered -------------------------------------------------

# One way of changing answers: the answers it sets, what it adds to each option's
# total, and the rule-outs whose truth it changes (constraint index, holds after).
Way = tuple[dict[str, Answer], tuple[int, ...], tuple[tuple[int, bool], ...]]
_ABSENT = object()  # no answer given (unlike None: an answer to a question not asked)


def _local(
    model: Model, base: State, given: Mapping[str, Answer], kind: str, questions: tuple[str, ...]
) -> tuple[object, ...]:
    """What a change of ``questions`` depends on in ``base``, as a key (see Model.neighbourhood).

    The answers of their reach, and those given to it (a follow-up given but not asked
    is used once asked), and the rest, all banded as the conditions tell them apart:
    the other answers tried for an integer are one per band, each at the edge nearest
    today's band, so they depend on its band alone. This holds because ``base.values``
    is what ``given`` resolves to, as for every :class:`Answers` that check_answers makes.
    """
    reach, rest = model.neighbourhood(questions)
    values = base.values
    return (
        kind,
        questions,
        tuple([model.canonical(q, values[q]) for q in reach]),
        tuple([model.canonical(q, given[q]) if q in given else _ABSENT for q in reach]),
        tuple([model.canonical(q, values[q]) for q in rest]),
    )


def _single(
    model: Model, scale: Scale, base: State, given: Mapping[str, Answer], question: str
) -> tuple[tuple[Answer, tuple[Way, ...]], ...]:
    """Each other answer to ``question``, with the ways it can be given (with follow-ups).

    A way's answers are the follow-ups it sets (the question's own answer is the value
    beside it). Remembered per neighbourhood: the states of a batch share most of them.
    """
    key = _local(model, base, given, "one", (question,))
    found: tuple[tuple[Answer, tuple[Way, ...]], ...] | None = scale.effects.get(key)
    if found is None:
        followups = model.followups.get(question, ())
        opened = [f for f in followups if f not in given and base.values[f] is None]
        members = [question, *opened]  # each answer with every joint answer to what it opens
        domains = _domains(model, base, given, members)
        values = domains[0][1:]
        by_value: dict[Answer, list[Way]] = {value: [] for value in values}
        # the follow-ups of one answer are few in any real pack; a hostile one stops here
        changes = model.change_each(
            scale, base, members, domains, given, changed_first=True, each=MAX_GROUP_STATES
        )
        for picked, delta, held in changes:
            answers = {q: v for q, v in picked.items() if q != question}
            by_value[picked[question]].append((answers, delta, held))
        found = tuple((value, tuple(by_value[value])) for value in values)
        scale.effects.put(key, found, sum(len(ways) for _, ways in found))
    return found


def _change(
    model: Model,
    scale: Scale,
    base: State,
    question: str,
    value: Answer,
    chosen: dict[str, Answer],
    new: Outcome,
    outcome: Outcome,
    given: Mapping[str, Answer],
) -> Change:
    lead = new.totals[new.winner] - new.totals[new.runner]
    defaults = {}
    followups = model.followups.get(question, ())
    if followups:  # those it opens that nobody answered take their default: said, not hidden
        values = model.resolve({**given, question: value, **chosen})
        defaults = {
            f: values[f]
            for f in followups
            if f not in given
            and f not in chosen
            and base.values[f] is None
            and values[f] is not None
        }
    return Change(
        question=question,
        before=base.values[question],
        after=value,
        recommendation=model.options[new.winner],
        scores={o: scale.figure(t) for o, t in zip(model.options, new.totals, strict=True)},
        margin=scale.figure(lead, 1),
        tie=new.tie,
        flips=new.flips(outcome),
        with_=chosen,
        defaults=defaults,
    )


def hinges_on(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    answers: Answers,
    *,
    first_only: bool = False,
) -> list[Change]:
    """The single changes to answered questions that flip the result.

    With ``first_only``, the first found for each such question: which questions, not
    every way.
    """
    given = answers.given
    ordered = [q for q in model.position if q in given and base.values.get(q) is not None]
    found = changes(
        model, scale, base, outcome, given, ordered, only_flips=True, first_only=first_only
    )
    return list(found)


def open_swing(
    model: Model, scale: Scale, base: State, outcome: Outcome, answers: Answers, winner: int
) -> list[int] | None:
    """Per option, the most open answers can raise its total against ``winner``'s.

    Totals after constraints (a ruled-out option's is 0), over every answer to the
    questions not given (with the follow-ups they can open), whoever leads now. The open
    questions fall into groups no criterion reads across: those that reach no rule-out
    add up, each at its best (exact, Model.best_change); those that do are tried whole,
    joint answer by joint answer, for the rule-outs each brings about. Where an option
    is ruled out (already, or by some of them) the other's side alone is bounded per
    criterion, which can only overstate: exact where no rule-out holds or is in reach.
    None past the search's limits.
    """
    given = answers.given
    free = [q.id for q in model.pack.questions if q.id not in given]
    width = range(len(model.options))
    best = [0] * len(model.options)  # the adding groups' most for (rival - winner)
    rise = [0] * len(model.options)  # ... for a rival alone (bounded)
    fall = 0  # ... the winner can lose alone (bounded)
    ruling: list[list[str]] = []
    for members in _groups(model, base, free):
        criteria, bound = model.touched(tuple(members))
        if bound:
            ruling.append(members)
            continue
        if math.prod(_most_answers(model, q) for q in members) > MAX_GROUP_STATES:
            return None
        top = _top(model, scale, base, given, members, winner)
        for index in criteria:
            weight, table, now = scale.ints[index], model.criteria[index], base.rows[index][1]
            vectors = [table.neutral, *(v for _, v in table.rules)]
            fall += weight * (now[winner] - min(v[winner] for v in vectors))
            for rival in width:
                rise[rival] += weight * (max(v[rival] for v in vectors) - now[rival])
        best = [b + t for b, t in zip(best, top.best, strict=True)]
    budget = Budget(SEARCH_BUDGET)
    nothing: tuple[int, ...] = (0,) * len(model.options)
    states: list[tuple[tuple[int, ...], tuple[tuple[int, bool], ...]]] = [(nothing, ())]
    for members in ruling:
        group = _group(model, scale, base, outcome, given, members, budget)
        if group is None:
            return None
        ways = [(nothing, ()), *((d, h) for _, d, h in group.states)]
        states = [
            (tuple(a + b for a, b in zip(d1, d2, strict=True)), h1 + h2)
            for d1, h1 in states
            for d2, h2 in ways
        ]
        if not budget.spend(len(states)):
            return None
    swing = [0] * len(model.options)
    now = outcome.totals
    for delta, held in states:
        ruled = _decided(model, base, ({}, delta, held)).ruled
        value = [t + d for t, d in zip(base.totals, delta, strict=True)]
        for rival in width:
            if rival == winner:
                continue
            if winner in ruled and rival in ruled:
                then = 0
            elif winner in ruled:
                then = value[rival] + rise[rival]
            elif rival in ruled:
                then = fall - value[winner]
            else:
                then = value[rival] - value[winner] + best[rival]
            swing[rival] = max(swing[rival], then - (now[rival] - now[winner]))
    return swing


# --- bounds -------------------------------------------------------------------------


def _may_flip(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    questions: Sequence[str],
    widest: Sequence[int] = (),
) -> bool:
    """Whether changing ``questions`` (and their follow-ups) could flip the result at all.

    A rule-out of an eligible rival only lowers it, so the bound holds whatever those do;
    one that could rule the winner out, or bring a ruled-out option back, could flip it.
    ``widest``, when given, is a bound that holds in every state (see _fixed_bounds),
    tried before the state's own.
    """
    criteria, bound = model.touched(tuple(questions))
    if outcome.winner in bound or not bound.isdisjoint(outcome.ruled):
        return True
    if widest and not _reachable(base, outcome, widest):
        return False  # not even from its criteria's worst for a rival to their best
    swing = _swings(model, scale, base, outcome, criteria)
    return _reachable(base, outcome, swing)


def _fixed_bounds(model: Model, scale: Scale, winner: int) -> dict[str, list[int]]:
    """Per question, the most its criteria can swing each option against ``winner``.

    From each criterion's worst for that option to its best: the most :func:`_swings`
    can give in any state. Found once per weights and winner, it rules most questions
    out without reading the state.
    """
    key = ("fixed bounds", winner)
    found: dict[str, list[int]] | None = scale.effects.get(key)
    if found is None:
        found = {}
        for question in model.position:
            criteria, _ = model.touched((question,))
            widest = [0] * len(model.options)
            for index in criteria:
                table = model.criteria[index]
                vectors = [table.neutral, *(v for _, v in table.rules)]
                for rival, most in enumerate(table.gains[winner]):
                    least = min(v[rival] - v[winner] for v in vectors)
                    widest[rival] += scale.ints[index] * (most - least)
            found[question] = widest
        scale.effects.put(key, found, len(found))
    return found


def _swings(
    model: Model, scale: Scale, base: State, outcome: Outcome, criteria: Iterable[int]
) -> list[int]:
    """Per option, the most these criteria can gain it against the winner."""
    winner = outcome.winner
    swing = [0] * len(model.options)
    for index in criteria:
        weight = scale.ints[index]
        if not weight:
            continue
        current = base.rows[index][1]
        best = model.criteria[index].gains[winner]
        for rival, most in enumerate(best):
            swing[rival] += weight * (most - current[rival] + current[winner])
    return swing


def _reachable(base: State, outcome: Outcome, swing: Sequence[int]) -> bool:
    """Whether some eligible rival can draw level with the winner given these swings."""
    return _reaching(base, outcome, swing) is not None


def _reaching(base: State, outcome: Outcome, swing: Sequence[int]) -> int | None:
    """The first eligible rival that these swings bring level with the winner, if any."""
    winner = outcome.winner
    lead = base.totals[winner]
    for rival, gain in enumerate(swing):
        if rival != winner and rival not in outcome.ruled and base.totals[rival] + gain >= lead:
            return rival
    return None


# --- open answers -------------------------------------------------------------------


class _Group(NamedTuple):
    """Open questions read together, and every joint answer to them other than today's."""

    questions: tuple[str, ...]
    states: tuple[Way, ...]
    best: list[int]  # per option: the most a state gains it against the winner
    constrains: bool  # some state changes which constraints hold


def open_flips(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    answers: Answers,
    *,
    first_only: bool = False,
) -> tuple[tuple[Flip, ...], bool]:
    """The smallest sets of open answers that flip the result, and whether the search ended.

    With ``first_only``, the first set found (whether any exists, not every one).
    """
    given = answers.given
    free = [q.id for q in model.pack.questions if q.id not in given]
    key = ("groups", tuple(free), tuple([base.values[q] is None for q in free]))
    groups: list[list[str]] | None = scale.effects.get(key)
    if groups is None:  # they depend on which questions are open and asked alone
        groups = scale.effects.put(key, _groups(model, base, free), 1)
    if not groups or not _may_flip(model, scale, base, outcome, [q for g in groups for q in g]):
        return (), True  # nothing open, or not even every open answer at its worst can flip it
    # Whether any flip exists, on exact bounds: the answer with first_only, and a proof
    # that none does for the full search, which may walk past its budget where flips are
    # this hard to rule out (every group changing a rule-out leaves it nothing to prune)
    found = _some_flip(model, scale, base, outcome, given, groups, Budget(SEARCH_BUDGET))
    if found is not None and (first_only or found == ((), True)):
        return found
    budget = Budget(SEARCH_BUDGET)  # the full search's own, whatever the first look spent
    built: list[_Group] = []
    for members in groups:
        group = _group(model, scale, base, outcome, given, members, budget)
        if group is None:
            return (), False
        if group.states:
            built.append(group)
    if not built:
        return (), True
    if not any(g.constrains for g in built):
        # Groups add up, so each at its best for one rival is a real assignment: a flip
        # exists exactly when that sum reaches the winner for some rival.
        most = [sum(g.best[r] for g in built) for r in range(len(model.options))]
        rival = _reaching(base, outcome, most)
        if rival is None:
            return (), True
        if first_only:
            return (_best_for(model, scale, base, outcome, given, built, rival),), True
    built.sort(key=lambda g: not g.constrains)  # constraint-changing groups first: see _prune
    search = _Search(model, scale, base, outcome, built, 1 if first_only else MAX_LISTED)
    search.budget = budget.left
    return search.run()


def _some_flip(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    given: Mapping[str, Answer],
    groups: Sequence[Sequence[str]],
    budget: Budget,
) -> tuple[tuple[Flip, ...], bool] | None:
    """Whether some open answers flip it, trying groups only while their bounds leave it open.

    First the groups that could rule the winner out, each whole: one of their answers
    that does is a flip. Otherwise the groups add up: a flip exists exactly when, for
    some rival, the groups each at their best for it reach the winner (a rule-out of a
    rival they may bring about only lowers that rival, so the sums bound it, and the flip
    found is checked as a whole). A ruled-out rival counts when one group can lift what
    rules it out, with that group's answers that do. Each group is bounded first (the
    most its criteria can swing the margin) and the largest bound tried first; the
    search ends once the groups tried reach the winner, or once even the bounds of the
    rest cannot. None: the full search decides (a tie, a rival ruled out twice over, or
    groups that might be too many to try, which the full search reports as incomplete).
    """
    winner = outcome.winner
    if outcome.tie or winner in outcome.ruled:
        return None
    sizes = [math.prod(_most_answers(model, q) for q in g) - 1 for g in groups]
    if max(sizes) > MAX_GROUP_STATES or sum(sizes) > budget.left:
        return None  # some group may be too many to try: the full search says so
    free = {q for g in groups for q in g}
    lifts: dict[int, tuple[int, int]] = {}  # ruled-out rival: (its rule-out, the group lifting it)
    for rival in outcome.ruled:
        holding = [
            k.number
            for k in model.constraints
            if k.rule_out and k.option == rival and base.holding[k.number]
        ]
        if len(holding) > 1:
            return None
        lifters = model.constraint_ties[holding[0]] & free
        if lifters:
            lifts[rival] = holding[0], next(i for i, g in enumerate(groups) if lifters & set(g))
    bounded = []
    for members in groups:
        criteria, bound = model.touched(tuple(members))
        bounded.append((_swings(model, scale, base, outcome, criteria), members, winner in bound))
    built: dict[int, _Group] = {}
    for index, (_, members, ruling) in enumerate(bounded):
        if ruling or any(i == index for _, i in lifts.values()):
            group = _group(model, scale, base, outcome, given, members, budget)
            if group is None:
                return None  # past a limit: the full search says so, or finds one
            built[index] = group
            for answers, _, held in group.states:
                if any(h and model.constraints[i].option == winner for i, h in held):
                    return _flip_of(model, scale, base, outcome, given, answers)
    lifted: dict[int, Way] = {}  # a ruled-out rival: the answers that lift it and do most for it
    for rival, (rule_out, index) in lifts.items():
        ways = [w for w in built[index].states if (rule_out, False) in w[2]]
        if ways:
            lifted[rival] = max(ways, key=lambda w: w[1][rival] - w[1][winner])
    rivals = [
        r
        for r in range(len(model.options))
        if r != winner and (r not in outcome.ruled or r in lifted)
    ]
    if not rivals:
        return (), True  # the winner stands alone, and nothing open rules it out
    order = sorted(range(len(bounded)), key=lambda i: -max(bounded[i][0][r] for r in rivals))
    lead = base.totals[winner]
    have = [0] * len(model.options)  # what the groups tried gain each rival, exactly
    rest = [sum(b[0][r] for b in bounded) for r in range(len(model.options))]
    for rival, (_, delta, _) in lifted.items():  # the lifting group's part, known already
        have[rival] = delta[rival] - delta[winner]
        rest[rival] -= bounded[lifts[rival][1]][0][rival]
    tried: dict[int, _Top] = {}
    for index in order:
        if all(base.totals[r] + have[r] + rest[r] < lead for r in rivals):
            return (), True
        swing, members, _ = bounded[index]
        whole = built.get(index)
        top = _top_of(whole, winner) if whole else _top(model, scale, base, given, members, winner)
        tried[index] = top
        for r in rivals:
            if r in lifted and lifts[r][1] == index:
                continue  # counted already, with the answers that lift it
            have[r] += top.best[r]
            rest[r] -= swing[r]
        for r in rivals:
            if base.totals[r] + have[r] >= lead:
                chosen = dict(lifted[r][0]) if r in lifted else {}
                for i, other in tried.items():
                    if other.best[r] > 0 and not (r in lifted and lifts[r][1] == i):
                        chosen |= other.answers[r]
                return _flip_of(model, scale, base, outcome, given, chosen)
    return (), True


class _Top(NamedTuple):
    """Per option, the most some joint answer to a group gains it against the winner."""

    best: list[int]
    answers: list[dict[str, Answer]]  # the answers that do it ({} when nothing gains)


def _top_of(group: _Group, winner: int) -> _Top:
    """A group tried whole: its best, with the first answers giving it."""
    answers: list[dict[str, Answer]] = []
    for rival, most in enumerate(group.best):
        ways = [a for a, d, _ in group.states if most and d[rival] - d[winner] == most]
        answers.append(ways[0] if ways else {})
    return _Top(group.best, answers)


def _top(
    model: Model,
    scale: Scale,
    base: State,
    given: Mapping[str, Answer],
    members: Sequence[str],
    winner: int,
) -> _Top:
    """A group's best for each option, found by Model.best_change, remembered per neighbourhood.

    Its cost is bounded as the group's is: _some_flip takes only groups of at most
    MAX_GROUP_STATES joint answers, so no table it builds is larger.
    """
    key = (_local(model, base, given, "top", tuple(members)), winner)
    found: _Top | None = scale.effects.get(key)
    if found is None:
        domains = _domains(model, base, given, members)
        best, answers = model.best_change(scale, base, members, domains, given, winner)
        found = scale.effects.put(key, _Top(best, answers), 1)
    return found


class Budget:
    """How many more answer states a search may try."""

    __slots__ = ("left",)

    def __init__(self, left: int) -> None:
        self.left = left

    def spend(self, count: int = 1) -> bool:
        """Take ``count`` states from the budget; False once it is used up."""
        self.left -= count
        return self.left >= 0


def _best_for(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    given: Mapping[str, Answer],
    groups: Sequence[_Group],
    rival: int,
) -> Flip:
    """The flip made by every group's answers that do most for ``rival`` (no rule-out changes).

    The groups add up and none changes a rule-out, so these answers together reach the
    winner exactly as their sum says.
    """
    chosen: dict[str, Answer] = {}
    for group in groups:
        chosen |= _top_of(group, outcome.winner).answers[rival]
    found = _flip_of(model, scale, base, outcome, given, chosen)
    assert found is not None, "the groups' best for a rival that reaches must flip it"
    return found[0][0]


def _flip_of(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    given: Mapping[str, Answer],
    chosen: dict[str, Answer],
) -> tuple[tuple[Flip, ...], bool] | None:
    """``chosen`` applied to the answers as a whole, as open_flips gives it; None: no flip."""
    new = model.decide(*model.revise(scale, base, model.resolve({**given, **chosen})))
    if not new.flips(outcome):
        return None
    scores = {o: scale.figure(t) for o, t in zip(model.options, new.totals, strict=True)}
    return (Flip(chosen, model.options[new.winner], scores, new.tie),), True


def _groups(model: Model, base: State, free: Sequence[str]) -> list[list[str]]:
    """Open questions (and follow-ups they can open) that must be tried together.

    Two are tried together when something reads both, or what they decide is asked:
    each criterion and rule-out ties the open questions that can change what it reads
    (the question, or a parent of it), and each question ties itself to its parents. A
    cap ties nothing: it changes the confidence, never who wins (Model.ties).
    """
    free_set = set(free)
    parents = model.ancestors
    relevant = [
        q for q in free if base.values[q] is not None or not free_set.isdisjoint(parents.get(q, ()))
    ]
    relevant_set = set(relevant)
    link = {q: q for q in relevant}

    def root(q: str) -> str:
        while link[q] != q:
            link[q] = link[link[q]]
            q = link[q]
        return q

    ties = [*model.ties, *(model.changed_by[q] for q in relevant)]
    for tie in ties:
        together = sorted(tie & relevant_set)
        for other in together[1:]:
            link[root(other)] = root(together[0])
    grouped: dict[str, list[str]] = {}
    for q in relevant:
        grouped.setdefault(root(q), []).append(q)
    return list(grouped.values())


def _group(
    model: Model,
    scale: Scale,
    base: State,
    outcome: Outcome,
    given: Mapping[str, Answer],
    members: Sequence[str],
    budget: Budget,
) -> _Group | None:
    """Every joint answer to ``members`` with its effect; None past the budget.

    Every state tried counts against ``budget`` (one per group, and the whole search's),
    those that change nothing too, remembered or not: a hostile pack must not stall a
    score.
    """
    key = _local(model, base, given, "open", tuple(members))
    found: _Joint | None = scale.effects.get(key)
    if found is None:
        limit = min(MAX_GROUP_STATES, max(budget.left, 0))  # never past what is left
        found = _joint_ways(model, scale, base, given, members, limit)
        if found.tried <= limit or limit == MAX_GROUP_STATES:  # not cut short by this budget
            scale.effects.put(key, found, len(found.ways) + 1)
    if found.tried > MAX_GROUP_STATES or not budget.spend(found.tried):
        return None
    best = found.best.get(outcome.winner)
    if best is None:
        winner = outcome.winner
        # a group may also keep today's answers, so it never gains an option less than 0
        best = found.best[winner] = [
            max([0, *(d[r] - d[winner] for _, d, _ in found.ways)])
            for r in range(len(model.options))
        ]
    return _Group(tuple(members), found.ways, best, found.constrains)


class _Joint:
    """The joint answers to some open questions that change something, and how many were tried."""

    __slots__ = ("best", "constrains", "tried", "ways")

    def __init__(self, ways: tuple[Way, ...], tried: int) -> None:
        self.ways = ways
        self.tried = tried  # past MAX_GROUP_STATES: too many to try
        self.constrains = any(held for *_, held in ways)  # some change which constraints hold
        self.best: dict[int, list[int]] = {}  # per winner: _Group.best


def _joint_ways(
    model: Model,
    scale: Scale,
    base: State,
    given: Mapping[str, Answer],
    members: Sequence[str],
    limit: int = MAX_GROUP_STATES,
) -> _Joint:
    """Every joint answer to ``members`` other than today's that changes something.

    At most ``limit`` are tried: past it, ``tried`` is ``limit + 1`` and the ways stop.
    """
    ways: list[Way] = []
    tried = 0
    domains = _domains(model, base, given, members)
    for chosen, delta, held in model.change_each(scale, base, members, domains, given):
        tried += 1
        if tried > limit:
            break
        if any(delta) or held:
            ways.append((chosen, delta, held))
    return _Joint(tuple(ways), tried)


def _most_answers(model: Model, question: str) -> int:
    """At least as many answers as :func:`_domains` tries for ``question`` (today's too)."""
    asked = model.pack.question(question)
    if asked.type == "boolean":
        return 2
    if asked.type == "choice":
        return len(asked.choice_values) + 1
    if asked.type == "multi":
        size = len(asked.choice_values)
        return 2**size if size <= MAX_SUBSET_CHOICES else size + 1
    return len(model.bands.get(question, ())) + 2


def _domains(
    model: Model, base: State, given: Mapping[str, Answer], members: Sequence[str]
) -> list[list[Answer]]:
    """Each member's answers to try: None (today's) first, then every other.

    A member not asked today is tried as it is when asked (given, or its default) only
    when another member can open it; otherwise nothing here can make it asked.
    """
    domains: list[list[Answer]] = []
    for question in members:
        current = base.values[question]
        if current is None and not model.ancestors.get(question, set()).isdisjoint(members):
            current = given.get(question, model.defaults[question])
        others = alternatives(model, question, current) if current is not None else []
        domains.append([None, *others])  # None: today's answer (or, asked, the default)
    return domains


def _strongest(found: Sequence[Flip], most: int) -> tuple[Flip, ...]:
    """The ``most`` flips (all of one size) that lead furthest once applied, first.

    Which of them to find out first: the one that swings the result furthest. Equal
    leads keep the search's order (the pack's order of the questions).
    """

    def lead(flip: Flip) -> float:
        scores = flip.scores
        return scores[flip.recommendation] - max(
            s for o, s in scores.items() if o != flip.recommendation
        )

    return tuple(sorted(found, key=lambda f: -lead(f))[:most])


class _Search:
    """Fewest open answers first: every set of k answers that flips, for the smallest k."""

    def __init__(
        self,
        model: Model,
        scale: Scale,
        base: State,
        outcome: Outcome,
        groups: list[_Group],
        most: int = MAX_LISTED,
    ) -> None:
        # At most ``most`` flips are listed, but every flip of the smallest size is found
        # first: one found early may be a larger change than one found later (a superset
        # of a multi-choice answer), so the listing is cut only once the minimal are known.
        # One flip wanted (most=1) is any flip: the search stops at the first.
        self.most = most
        self.model, self.scale, self.base, self.outcome = model, scale, base, outcome
        self.groups = groups
        options = range(len(model.options))
        # ranked[j][r]: what groups j.. can each gain option r against the winner, largest
        # first; k more answers can reach at most the k largest (each group takes one)
        self.ranked = [
            [sorted((g.best[r] for g in groups[j:]), reverse=True) for r in options]
            for j in range(len(groups) + 1)
        ]
        self.constraining = [any(g.constrains for g in groups[j:]) for j in range(len(groups) + 1)]
        self.budget = SEARCH_BUDGET
        self.found: list[Flip] = []
        self.alike: dict[frozenset[str], list[Flip]] = {}  # the flips found, by what they answer

    def run(self) -> tuple[tuple[Flip, ...], bool]:
        largest = sum(len(g.questions) for g in self.groups)
        for size in range(1, largest + 1):
            totals = list(self.base.totals)
            self._walk(0, size, totals, dict(enumerate(self.base.holding)), {})
            if self.budget <= 0 or len(self.found) >= MAX_FOUND:
                return _strongest(self.found, self.most), False
            if self.found:
                return _strongest(self.found, self.most), True
        return (), True

    def _walk(
        self,
        index: int,
        left: int,
        totals: list[int],
        holding: dict[int, bool],
        chosen: dict[str, Answer],
    ) -> None:
        self.budget -= 1
        if self.budget <= 0 or len(self.found) >= (1 if self.most == 1 else MAX_FOUND):
            return
        if left == 0:
            self._leaf(totals, holding, chosen)
            return
        if index == len(self.groups) or self._prune(index, left, totals, holding):
            return
        self._walk(index + 1, left, totals, holding, chosen)
        for answers, delta, held in self.groups[index].states:
            if len(answers) > left:
                continue
            moved = [t + d for t, d in zip(totals, delta, strict=True)]
            self._walk(
                index + 1,
                left - len(answers),
                moved,
                {**holding, **dict(held)},
                {**chosen, **answers},
            )

    def _prune(self, index: int, left: int, totals: list[int], holding: dict[int, bool]) -> bool:
        """True when ``left`` more answers to groups ``index..`` cannot flip it from here."""
        if self.constraining[index]:
            return False
        state = self.model.decide(totals, [holding[i] for i in range(len(holding))])
        if state.winner != self.outcome.winner or state.tie:
            return False
        winner = self.outcome.winner
        ranked = self.ranked[index]
        return not any(
            state.totals[r] + sum(ranked[r][:left]) >= state.totals[winner]
            for r in range(len(totals))
            if r != winner and r not in state.ruled
        )

    def _leaf(self, totals: list[int], holding: dict[int, bool], chosen: dict[str, Answer]) -> None:
        new = self.model.decide(totals, [holding[i] for i in range(len(holding))])
        if not new.flips(self.outcome):
            return
        before = self.base.values
        # Every flip of one run answers as many questions, so one can be a smaller change
        # than another only when both answer the same questions: only those are compared.
        alike = self.alike.setdefault(frozenset(chosen), [])
        if any(_dominated(f.answers, chosen, before) for f in alike):
            return  # a smaller change found already does it
        larger = [f for f in alike if _dominated(chosen, f.answers, before)]
        if larger:  # kept minimal as found, in the order found: the smaller drops the larger
            alike[:] = [f for f in alike if f not in larger]
            self.found = [f for f in self.found if f not in larger]
        options = self.model.options
        flip = Flip(
            dict(sorted(chosen.items(), key=lambda kv: self.model.position[kv[0]])),
            options[new.winner],
            {o: self.scale.figure(t) for o, t in zip(options, new.totals, strict=True)},
            new.tie,
        )
        alike.append(flip)
        self.found.append(flip)


# --- the smallest changes -----------------------------------------------------------


def _no_larger(smaller: Answer, larger: Answer, before: Answer, every_band: bool = False) -> bool:
    """Whether ``smaller`` changes ``before`` no more than ``larger`` does, the same way.

    With ``every_band``, two integers (each one value of its band) are never compared.
    """
    if smaller == larger:
        return True
    if isinstance(larger, tuple) and isinstance(smaller, tuple):
        was = set(before) if isinstance(before, tuple) else set()
        return (set(smaller) ^ was) <= (set(larger) ^ was)
    numbers = (smaller, larger, before)
    if all(isinstance(n, int) and not isinstance(n, bool) for n in numbers) and not every_band:
        assert isinstance(smaller, int) and isinstance(larger, int) and isinstance(before, int)
        same_side = (smaller > before) == (larger > before)
        return same_side and abs(smaller - before) <= abs(larger - before)
    return False


def _dominated(
    small: Mapping[str, Answer],
    big: Mapping[str, Answer],
    before: Mapping[str, Answer],
    every_band: bool = False,
) -> bool:
    return (
        small != big
        and small.keys() <= big.keys()
        and all(_no_larger(small[q], big[q], before.get(q), every_band) for q in small)
    )


def nearest_bands(flips: Sequence[Change], before: Mapping[str, Answer]) -> tuple[Change, ...]:
    """The smallest of each question's flips: an integer's nearest band on each side.

    ``flips`` are every band's (``changes(..., every_band=True)``); this is what
    ``changes`` gives without ``every_band``, without trying every change again.
    """
    by_question: dict[str, list[Change]] = {}
    for change in flips:
        by_question.setdefault(change.question, []).append(change)
    return tuple(c for found in by_question.values() for c in _minimal(found, before))


def _minimal(
    found: list[Change], before: Mapping[str, Answer], every_band: bool = False
) -> list[Change]:
    """The changes no other flipping change does with less (see :func:`_no_larger`)."""
    sets = [c.answers for c in found]
    return [
        c
        for c, s in zip(found, sets, strict=True)
        if not any(_dominated(o, s, before, every_band) for o in sets)
    ]
