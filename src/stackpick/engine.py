"""Pure scoring: (pack, answers) -> result, every point recorded as data.

The value model is the weighted sum of multi-criteria decision analysis (SMART): every
criterion gives every option a value from 0 to 1 in every answer state, from the first
of its rules whose condition holds, or its ``neutral`` value for every option when none
does (the criterion does not apply, so it favours nobody). An option's score is 100 x
the weighted mean of its own values::

    score(o) = 100 * sum_c w_c * v_c(o) / sum_c w_c

so it depends on the answers, the weights and that option's values only: adding an
option to a pack changes no other option's score. Constraints sit outside the sum: an
option ruled out scores 0 whatever the weights, and a capped one can win with a limited
confidence only.

Arithmetic is exact. Values and weights are read as the decimals they are written as
(0.1 is 1/10) and scaled to integers, so a tie is a tie, a threshold is where it is, and
the confidence label is decided on the margin as printed, one decimal, the same way on
every run. Whether one answer change, or any mix of the open answers, flips the result
is :mod:`stackpick.robustness`; it reuses the states built here.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import stackpick.weights
from stackpick.answers import Answer, Answers, check_answers
from stackpick.models import Condition, Criterion, Pack, Rule, rests_on, why_resting

if TYPE_CHECKING:
    from stackpick.robustness import Change, Flip

Check = Any  # a compiled condition: Callable[[Mapping[str, Answer]], bool]
Moved = tuple[list[int], tuple[bool, ...]]  # each option's total, and which constraints hold
_HALF = Fraction(1, 2)
_MEMO_LIMIT = (
    50_000  # states remembered per criterion; a pack's answer space is usually far smaller
)


@functools.lru_cache(maxsize=1024)
def exact(number: float) -> Fraction:
    """A number as the decimal it is written as: 0.1 is 1/10, not the float nearest it.

    Remembered: a pack repeats a few values (0, 0.5, 1) hundreds of times, and reading
    a decimal into a Fraction is slow. Numbers equal as keys (1, 1.0) are equal here too.
    """
    if isinstance(number, int):
        return Fraction(number)
    return Fraction(repr(number))  # repr: the shortest decimal that reads back as this float


def round_half_up(value: Fraction, places: int) -> Fraction:
    """``value`` rounded to ``places`` decimals, halves away from zero, exactly."""
    unit = 10**places
    sign = -1 if value < 0 else 1
    return sign * Fraction(math.floor(abs(value) * unit + _HALF), unit)


def as_number(value: Fraction, places: int = 2) -> float:
    """An exact figure as the JSON number people read: rounded half up to ``places``."""
    return fixed(value.numerator, value.denominator, places)


def fixed(numerator: int, denominator: int, places: int = 2) -> float:
    """``numerator / denominator`` rounded half up to ``places`` decimals, in integers.

    The same number :func:`round_half_up` gives, without building fractions: a score
    makes dozens of these.
    """
    if not denominator:
        return 0.0
    unit = 10**places
    scaled = abs(numerator) * unit * 2
    rounded = int((scaled + abs(denominator)) // (2 * abs(denominator)))
    negative = (numerator < 0) != (denominator < 0)
    return float((-rounded if negative else rounded) / unit)


# --- the pack, compiled once --------------------------------------------------------


def _lcm_of_denominators(numbers: Iterable[Fraction]) -> int:
    return math.lcm(1, *(n.denominator for n in numbers))


# The engine's own records are NamedTuples: a dataclass costs a module a fraction of a
# millisecond to define (its methods are compiled at import), which every start pays.


class CriterionTable(NamedTuple):
    """One criterion's rules as integer value vectors, and the answers it reads."""

    number: int  # its place in the pack
    criterion: Criterion
    reads: tuple[str, ...]
    rules: tuple[tuple[Check | None, tuple[int, ...]], ...]
    neutral: tuple[int, ...]
    # gains[w][r]: the most any vector it can give puts option r above option w (for
    # bounds on a swing)
    gains: tuple[tuple[int, ...], ...]
    memo: dict[tuple[Any, ...], tuple[int, tuple[int, ...]]]  # (rule, vector) per banded state
    keying: tuple[tuple[str, tuple[int, ...] | None], ...]  # each answer read, with its cuts


class ConstraintTable(NamedTuple):
    """One constraint: the option it binds, its check, the answers it reads."""

    number: int  # its place in the pack
    option: int
    rule_out: bool
    check: Check
    reads: tuple[str, ...]


def _max_sum(
    sizes: Sequence[int], tables: list[tuple[tuple[int, ...], dict[tuple[int, ...], float]]]
) -> tuple[float, list[int]]:
    """The largest sum of ``tables`` over every choice of one index per variable.

    Each table gives a value for each choice of the variables in its scope. Variables
    are eliminated one at a time (in :func:`_elimination_order`), each replaced by a
    table of its best index for every choice of the variables it shares a table with;
    ties keep the lowest index (today's answer). Returns the sum and the choice.
    """
    left = list(tables)
    steps: list[tuple[int, tuple[int, ...], dict[tuple[int, ...], int]]] = []
    for var in _elimination_order(tuple(sizes), tuple(s for s, _ in left)):
        mine = [(s, t) for s, t in left if var in s]
        left = [(s, t) for s, t in left if var not in s]
        scope = tuple(sorted({u for s, _ in mine for u in s} - {var}))
        spots = {u: i for i, u in enumerate((*scope, var))}
        # each table's key read straight off a choice of (scope..., var)
        keyed = [(_picker(tuple(spots[u] for u in s)), t) for s, t in mine]
        table: dict[tuple[int, ...], float] = {}
        arg: dict[tuple[int, ...], int] = {}
        indices = range(sizes[var])
        for outer in itertools.product(*(range(sizes[u]) for u in scope)):
            most, pick = -math.inf, 0
            for value in indices:
                full = (*outer, value)
                total = 0.0
                for key, values in keyed:
                    total += values[key(full)]
                if total > most:
                    most, pick = total, value
            table[outer], arg[outer] = most, pick
        left.append((scope, table))
        steps.append((var, scope, arg))
    choice = [0] * len(sizes)
    for var, scope, arg in reversed(steps):
        choice[var] = arg[tuple([choice[u] for u in scope])]
    return sum(t[()] for _, t in left), choice


def _picker(spots: tuple[int, ...]) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function taking these places of a tuple, as a tuple (of any length)."""
    if len(spots) == 1:
        spot = spots[0]
        return lambda full: (full[spot],)
    if not spots:
        return lambda full: ()
    return operator.itemgetter(*spots)


@functools.lru_cache(maxsize=1024)
def _elimination_order(
    sizes: tuple[int, ...], scopes: tuple[tuple[int, ...], ...]
) -> tuple[int, ...]:
    """Which variable to eliminate next: the one whose new table is smallest (greedy).

    The same for every group of the same shape, so remembered.
    """
    left = [set(s) for s in scopes]
    undone = list(range(len(sizes)))
    order = []
    while undone:

        def size(var: int, left: list[set[int]] = left) -> int:
            return math.prod(sizes[u] for u in set().union(*(s for s in left if var in s)))

        var = min(undone, key=size)
        undone.remove(var)
        order.append(var)
        joined = set().union(*(s for s in left if var in s)) - {var}
        left = [s for s in left if var not in s] + [joined]
    return tuple(order)


def _shift(totals: list[int], weight: int, new: tuple[int, ...], old: tuple[int, ...]) -> None:
    """Move ``totals`` by one criterion's values changing from ``old`` to ``new``, at its weight."""
    if new is not old:
        for o, (new_v, old_v) in enumerate(zip(new, old, strict=True)):
            totals[o] += weight * (new_v - old_v)


class Model:
    """A pack compiled for scoring: integer value vectors, who reads which answer, bands.

    Built once per pack (:func:`model_of`) and reused by every score of it, including
    the thousands of answer states the robustness checks try.
    """

    def __init__(self, pack: Pack) -> None:
        self.pack = pack
        self.options = pack.option_ids
        values = [
            exact(v)
            for c in pack.criteria
            for v in (c.neutral, *(x for r in c.rules for x in r.values.values()))
        ]
        self.unit = _lcm_of_denominators(values)  # every value times unit is an integer
        self.bands = _bands(pack, deciding(pack))
        self.criteria = tuple(self._criterion(i, c) for i, c in enumerate(pack.criteria))
        self.constraints = tuple(
            ConstraintTable(
                i,
                self.options.index(k.option),
                k.effect == "rule_out",
                k.when.compiled,
                _reads(pack, [k.when]),
            )
            for i, k in enumerate(pack.constraints)
        )
        # a state's answers banded once, in the pack's order; each table's key picked off them
        place = {q.id: i for i, q in enumerate(pack.questions)}
        self._banding = tuple((q.id, self.bands.get(q.id)) for q in pack.questions)
        self._row_keys = tuple(_picker(tuple(place[q] for q, _ in t.keying)) for t in self.criteria)
        self._check_keys = tuple(
            _picker(tuple(place[q] for q in k.reads)) for k in self.constraints
        )
        self._checked: tuple[dict[tuple[Any, ...], bool], ...] = tuple({} for _ in self.constraints)
        self.readers = _readers(pack, self.criteria)
        self.constraint_readers = _readers(pack, self.constraints)
        # only a rule-out can change who wins (a cap changes the confidence alone)
        self.rule_out_readers = _readers(pack, [k for k in self.constraints if k.rule_out])
        self.followups = _followups(pack)
        self._rule_outs = tuple(k.number for k in self.constraints if k.rule_out)
        self._resolve_plan = pack.resolve_plan
        self.defaults = {qid: default for qid, _, default in self._resolve_plan}
        # each follow-up, with the questions whose answers decide whether it is asked (its
        # parents, theirs, and so on up)
        self.ancestors: dict[str, set[str]] = {}
        for parent, children in self.followups.items():
            for child in children:
                self.ancestors.setdefault(child, set()).add(parent)
        self._when = {qid: when for qid, when, _ in self._resolve_plan if when is not None}
        self.position = {q.id: i for i, q in enumerate(pack.questions)}  # a question's place
        # the questions whose answers can change each one's value: itself and its parents
        self.changed_by = {
            q.id: frozenset({q.id, *self.ancestors.get(q.id, ())}) for q in pack.questions
        }

        # per criterion and per constraint, every question that can change what it reads
        def tie(reads: tuple[str, ...]) -> frozenset[str]:
            return frozenset().union(*(self.changed_by[r] for r in reads))

        self.constraint_ties = tuple(tie(k.reads) for k in self.constraints)
        # what robustness must try together: a cap changes the confidence, never who wins,
        # so only the criteria and the rule-outs tie open questions (a cap reading a
        # multi-choice question would otherwise join its every subset to a group)
        self.ties = (
            *(tie(t.reads) for t in self.criteria),
            *(t for k, t in zip(self.constraints, self.constraint_ties, strict=True) if k.rule_out),
        )
        self._scales: dict[tuple[float, ...], Scale] = {}
        self._hoods: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[str, ...]]] = {}
        self._touched: dict[tuple[str, ...], tuple[tuple[int, ...], frozenset[int]]] = {}
        self._notes: dict[tuple[Any, ...], tuple[Note, ...]] = {}

    def _criterion(self, index: int, criterion: Criterion) -> CriterionTable:
        def vector(values: Mapping[str, float]) -> tuple[int, ...]:
            return tuple(int(exact(values[o]) * self.unit) for o in self.options)

        rules = tuple(
            (r.when.compiled if r.when else None, vector(r.values)) for r in criterion.rules
        )
        neutral = vector(dict.fromkeys(self.options, criterion.neutral))
        vectors = tuple(dict.fromkeys([neutral, *(v for _, v in rules)]))
        reads = _reads(self.pack, [r.when for r in criterion.rules if r.when is not None])
        width = range(len(self.options))
        gains = tuple(tuple(max(v[r] - v[w] for v in vectors) for r in width) for w in width)
        keying = tuple((q, self.bands.get(q)) for q in reads)
        return CriterionTable(index, criterion, reads, rules, neutral, gains, {}, keying)

    def scale(self, weights: Mapping[str, float]) -> Scale:
        """The integer weights for these (checked) weights, remembered per weight set."""
        key = tuple(weights[c.id] for c in self.pack.criteria)
        found = self._scales.get(key)
        if found is None:
            if len(self._scales) > 64:
                self._scales.clear()
            found = self._scales[key] = Scale(self, dict(weights))
        return found

    def neighbourhood(self, questions: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """What changing ``questions`` depends on: (their reach, the rest read around them).

        The reach is the questions and every follow-up they can open; the rest is what the
        criteria and rule-outs reading the reach read besides, and what decides whether a
        follow-up is asked. A change of ``questions`` (with its follow-ups) moves the totals
        and the rule-outs the same way in any two states that agree on these (a cap moves
        neither: it changes the confidence, never who wins).
        """
        found = self._hoods.get(questions)
        if found is None:
            reach = self._reach(questions)
            around: set[str] = set()
            for question in reach:
                for index in self.readers.get(question, ()):
                    around.update(self.criteria[index].reads)
                for index in self.rule_out_readers.get(question, ()):  # a cap moves no winner
                    around.update(self.constraints[index].reads)
                when = self.pack.question(question).when
                if when is not None:
                    around.update(when.questions())
            rest = tuple(q for q in self.position if q in around and q not in reach)
            found = self._hoods[questions] = (tuple(reach), rest)
        return found

    def _reach(self, questions: tuple[str, ...]) -> dict[str, None]:
        """``questions`` and every follow-up they can open, in that order, as dict keys."""
        reach = dict.fromkeys(questions)
        for question in questions:
            reach.update(dict.fromkeys(self.followups.get(question, ())))
        return reach

    def touched(self, questions: tuple[str, ...]) -> tuple[tuple[int, ...], frozenset[int]]:
        """What changing ``questions`` (with the follow-ups they open) can move, remembered.

        The criteria that read them, and the options a rule-out reading them binds.
        """
        found = self._touched.get(questions)
        if found is None:
            reach = self._reach(questions)
            criteria = sorted({i for q in reach for i in self.readers.get(q, ())})
            bound = {
                self.constraints[i].option for q in reach for i in self.rule_out_readers.get(q, ())
            }
            found = self._touched[questions] = (tuple(criteria), frozenset(bound))
        return found

    def canonical(self, question: str, value: Answer) -> Any:
        """A value as the rules tell it apart: an integer becomes its band."""
        return _banded(self.bands, question, value)

    def row(
        self, table: CriterionTable, values: Mapping[str, Answer]
    ) -> tuple[int, tuple[int, ...]]:
        """The rule that holds (-1 for none) and the value vector it gives."""
        key = tuple(_banded_each(table.keying, values))
        found = table.memo.get(key)
        if found is not None:
            return found
        found = (-1, table.neutral)
        for index, (check, vector) in enumerate(table.rules):
            if check is None or check(values):
                found = (index, vector)
                break
        if len(table.memo) > _MEMO_LIMIT:
            table.memo.clear()
        table.memo[key] = found
        return found

    def resolve(self, given: Mapping[str, Answer]) -> dict[str, Answer]:
        """Every question's value from checked answers (as :func:`answers.resolve`, faster)."""
        values: dict[str, Answer] = {}
        for qid, when, default in self._resolve_plan:
            if when is not None and not when(values):
                values[qid] = None
            else:
                values[qid] = given.get(qid, default)
        return values

    def evaluate(self, scale: Scale, values: Mapping[str, Answer]) -> State:
        """Every criterion's row and every option's total for these values.

        Each answer is banded once (as :meth:`row` bands it) and every criterion and
        constraint looks its result up by the answers it reads, working it out only
        for a mix of them not met before.
        """
        banded = _banded_each(self._banding, values)
        rows = []
        for table, key in zip(self.criteria, self._row_keys, strict=True):
            found = table.memo.get(key(banded))
            rows.append(self.row(table, values) if found is None else found)
        totals = [0] * len(self.options)
        for weight, (_, vector) in zip(scale.ints, rows, strict=True):
            if weight:
                for o, v in enumerate(vector):
                    totals[o] += weight * v
        checks = []
        for k, key, seen in zip(self.constraints, self._check_keys, self._checked, strict=True):
            local = key(banded)
            holds = seen.get(local)
            if holds is None:
                if len(seen) > _MEMO_LIMIT:
                    seen.clear()
                holds = seen[local] = k.check(values)
            checks.append(holds)
        return State(dict(values), rows, totals, tuple(checks))

    def revise(self, scale: Scale, base: State, values: Mapping[str, Answer]) -> Moved:
        """The totals and constraints for ``values``, re-evaluating only what reads a change."""
        old = base.values
        changed = [q for q, v in values.items() if old.get(q) != v]
        totals = list(base.totals)
        for index in {i for q in changed for i in self.readers.get(q, ())}:
            new = self.row(self.criteria[index], values)[1]
            _shift(totals, scale.ints[index], new, base.rows[index][1])
        return totals, self._rechecked(base, values, changed)

    def change_each(
        self,
        scale: Scale,
        base: State,
        questions: Sequence[str],
        domains: Sequence[Sequence[Answer]],
        given: Mapping[str, Answer] | None = None,
        *,
        changed_first: bool = False,
        each: int | None = None,
    ) -> Iterator[tuple[dict[str, Answer], tuple[int, ...], tuple[tuple[int, bool], ...]]]:
        """Every joint change of ``questions`` within ``domains``, as a way of changing answers.

        Each is the answers it changes, what it adds to each option's total, and the
        rule-outs whose truth it changes (index, holds then): only those change who wins.

        A domain's None keeps today's answer (for a follow-up, the answer it has when
        asked); the changes come in the order of :func:`itertools.product`, today's
        answers (no change) left out. A follow-up is asked or not as the answers chosen
        for its parents say (``given``: the answers given, needed when a question opens
        one), and a change to one not asked is left out, as it changes nothing. What each
        criterion and constraint adds depends on the answers it reads alone, so it is
        worked out once for each mix of those. With ``changed_first``, the first question
        always takes another answer; with ``each``, at most that many changes are made for
        each answer to it (a hostile pack's follow-ups stop there).
        """
        values = base.values
        asked = self._asked(questions, given or {})
        opened = [f for f, _, _ in asked]
        moving = list(dict.fromkeys([*questions, *opened]))  # what a change can move
        place = {q: i for i, q in enumerate(moving)}
        banded = [
            [self.canonical(q, values[q] if v is None else v) for v in domain]
            for q, domain in zip(questions, domains, strict=True)
        ]
        width = range(len(self.options))
        plans: list[
            tuple[
                CriterionTable,
                int,
                tuple[int, ...],
                tuple[int, ...],
                dict[tuple[Any, ...], tuple[int, ...]],
            ]
        ] = []
        for index in sorted({i for q in moving for i in self.readers.get(q, ())}):
            table = self.criteria[index]
            reads = tuple(place[r] for r in table.reads if r in place)
            plans.append((table, scale.ints[index], base.rows[index][1], reads, {}))
        # only a rule-out changes who wins: the caps are left as they are
        checks: list[tuple[ConstraintTable, tuple[int, ...], dict[tuple[Any, ...], bool]]] = [
            (k, tuple(place[r] for r in k.reads if r in place), {})
            for k in self.constraints
            if k.rule_out and any(r in place for r in k.reads)
        ]
        made = None if each is None else [each, 0]  # the limit, and the changes made so far
        for combination in self._combinations(domains, changed_first, made):
            picked = {questions[k]: domains[k][c] for k, c in enumerate(combination) if c}
            now: dict[str, Answer] | None = None
            if asked:
                now = {**values, **picked}
                if not self._ask(now, picked, asked):
                    continue  # a change to a question not asked: nothing changes
                key = [self.canonical(q, now[q]) for q in moving]
            else:
                key = [banded[k][c] for k, c in enumerate(combination)]
            delta = [0] * len(width)
            for table, weight, old, reads, shifts in plans:
                local = tuple([key[r] for r in reads])
                shift = shifts.get(local)
                if shift is None:
                    now = now or {**values, **picked}
                    new = self.row(table, now)[1]
                    shift = shifts[local] = tuple([weight * (new[o] - old[o]) for o in width])
                for o in width:
                    delta[o] += shift[o]
            held = []
            for k, reads, seen in checks:
                local = tuple([key[r] for r in reads])
                holds = seen.get(local)
                if holds is None:
                    now = now or {**values, **picked}
                    holds = seen[local] = k.check(now)
                if holds != base.holding[k.number]:
                    held.append((k.number, holds))
            if made is not None:
                made[1] += 1
            yield picked, tuple(delta), tuple(held)

    def best_change(
        self,
        scale: Scale,
        base: State,
        questions: Sequence[str],
        domains: Sequence[Sequence[Answer]],
        given: Mapping[str, Answer],
        winner: int,
    ) -> tuple[list[int], list[dict[str, Answer]]]:
        """Per option, the most a joint change of ``questions`` gains it against ``winner``.

        The same as the largest ``delta[o] - delta[winner]`` over :meth:`change_each` (and
        0, keeping today's answers), with the answers that give it, without trying every
        joint change. Rule-outs are not looked at. What a criterion adds depends on the
        questions it reads alone (and on those that decide whether a follow-up it reads is
        asked), so the gain is a sum of small tables, one per criterion, and the most it
        can be is found by eliminating one question at a time (bucket elimination): each
        is replaced by a table of its best answer for every answer of the questions it
        shares a criterion with.
        """
        members = list(questions)
        index = {q: i for i, q in enumerate(members)}
        values = base.values
        asked = self._asked(members, given)
        opened = [f for f, _, _ in asked]

        def deciders(question: str) -> set[int]:
            """The members whose answers can change ``question``'s value: it, its ancestors."""
            # ancestors are every question above, however far: one look is enough
            return {index[a] for a in (question, *self.ancestors.get(question, ())) if a in index}

        width = range(len(self.options))
        rivals = [r for r in width if r != winner]
        moving = set(members) | set(opened)
        # a follow-up's answer counts only where it is asked: a table of that for each
        scopes: list[tuple[tuple[int, ...], CriterionTable | None]] = [
            (tuple(sorted(deciders(f))), None) for f in members if self.ancestors.get(f)
        ]
        for number in sorted({i for q in moving for i in self.readers.get(q, ())}):
            table = self.criteria[number]
            if scale.ints[number]:
                reads = [r for r in table.reads if r in moving]
                scopes.append((tuple(sorted(set().union(*map(deciders, reads)))), table))
        asking = set().union(*map(deciders, opened))  # the members a follow-up's asking reads
        # per scope, each rival's gain against the winner (tables of one scope added up)
        tables: dict[tuple[int, ...], dict[tuple[int, ...], list[float]]] = {}
        now = dict(values)
        for scope, criterion in scopes:
            entries = tables.setdefault(scope, {})
            ask = not asking.isdisjoint(scope)  # else no follow-up's asking can change here
            if criterion is not None:
                weight, old = scale.ints[criterion.number], base.rows[criterion.number][1]
            for choice in itertools.product(*(range(len(domains[i])) for i in scope)):
                chosen = {}
                for i, c in zip(scope, choice, strict=True):
                    question = members[i]
                    now[question] = answer = domains[i][c] if c else values[question]
                    if c:
                        chosen[question] = answer
                gains = entries.setdefault(choice, [0] * len(rivals))
                if ask and not self._ask(now, chosen, asked):
                    gains[:] = [-math.inf] * len(rivals)  # answers to a question not asked
                elif criterion is not None:
                    new = self.row(criterion, now)[1]
                    moved = weight * (new[winner] - old[winner])
                    for k, rival in enumerate(rivals):
                        gains[k] += weight * (new[rival] - old[rival]) - moved
            for question in moving:  # today's answers again for the next scope
                now[question] = values[question]
        sizes = [len(d) for d in domains]
        best = [0] * len(width)
        answers: list[dict[str, Answer]] = [{} for _ in width]
        for k, rival in enumerate(rivals):
            gain = [
                (scope, {c: g[k] for c, g in entries.items()}) for scope, entries in tables.items()
            ]
            most, at = _max_sum(sizes, gain)
            if most > 0:
                best[rival] = int(most)
                answers[rival] = {
                    q: domains[i][c] for i, (q, c) in enumerate(zip(members, at, strict=True)) if c
                }
        return best, answers

    @staticmethod
    def _combinations(
        domains: Sequence[Sequence[Answer]], changed_first: bool, made: list[int] | None
    ) -> Iterator[tuple[int, ...]]:
        """Indices into ``domains`` in :func:`itertools.product`'s order, all-today left out.

        With ``made`` (a limit, then a count the caller raises for each change it makes),
        the next answer to the first question is taken once the count reaches the limit.
        """
        rest = [range(len(d)) for d in domains[1:]]
        for head in range(1 if changed_first else 0, len(domains[0])):
            if made is not None:
                made[1] = 0
            for tail in itertools.product(*rest):
                if made is not None and made[1] >= made[0]:
                    break
                if head or any(tail):
                    yield (head, *tail)

    def _asked(
        self, questions: Sequence[str], given: Mapping[str, Answer]
    ) -> list[tuple[str, Check, Answer]]:
        """Each follow-up ``questions`` can open, with its condition and its answer if asked.

        In the pack's order; the answer is the one given, or the default: what :meth:`_ask`
        sets.
        """
        opened = sorted(
            {f for q in questions for f in self.followups.get(q, ())}, key=self.position.__getitem__
        )
        return [(f, self._when[f], given.get(f, self.defaults[f])) for f in opened]

    @staticmethod
    def _ask(
        now: dict[str, Answer],
        picked: Mapping[str, Answer],
        asked: Sequence[tuple[str, Check, Answer]],
    ) -> bool:
        """Set each follow-up in ``now`` as its parents' answers there say.

        False when one of ``picked`` is not asked then.
        """
        for question, when, answer in asked:
            if when(now):
                now[question] = picked.get(question, answer)
            elif question in picked:
                return False
            else:
                now[question] = None
        return True

    def _rechecked(
        self, base: State, values: Mapping[str, Answer], changed: Iterable[str]
    ) -> tuple[bool, ...]:
        """Which constraints hold for ``values``: only those reading a changed answer rechecked."""
        touched = {i for q in changed for i in self.constraint_readers.get(q, ())}
        if not touched:
            return base.holding
        return tuple(
            k.check(values) if k.number in touched else h
            for k, h in zip(self.constraints, base.holding, strict=True)
        )

    def notes(
        self, kind: str, option: str, confidence: str, values: Mapping[str, Answer]
    ) -> tuple[Note, ...]:
        """The trade-offs or advice shown for ``option``, remembered per answer state.

        Their conditions read few questions, and a batch meets the same states often.
        """
        # banded by the notes' own tests: a rule's bands need not tell theirs apart
        bands = self._note_bands
        key = (
            kind,
            option,
            confidence,
            *[_banded(bands, q, values.get(q)) for q in self._note_reads],
        )
        found = self._notes.get(key)
        if found is None:
            pick = _tradeoffs if kind == "tradeoffs" else _advice
            found = pick(self.pack, option, confidence, values)
            if len(self._notes) > _MEMO_LIMIT:
                self._notes.clear()
            self._notes[key] = found
        return found

    @cached_property
    def _note_whens(self) -> list[Condition]:
        whens = [*(t.when for t in self.pack.tradeoffs), *(a.when for a in self.pack.advice)]
        return [w for w in whens if w is not None]

    @cached_property
    def _note_reads(self) -> tuple[str, ...]:
        return _reads(self.pack, self._note_whens)

    @cached_property
    def _note_bands(self) -> dict[str, tuple[int, ...]]:
        return _bands(self.pack, self._note_whens)

    def label(self, scale: Scale, lead: int, *, robust: bool) -> str:
        """The confidence level an integer lead earns, as :func:`confidence_for` decides it.

        In integers: the margin as printed, in tenths, against each threshold in tenths.
        """
        tenths = (2000 * lead + scale.divisor) // (2 * scale.divisor) if scale.divisor else 0
        return _earned(self._levels, tenths, robust)

    @cached_property
    def _levels(self) -> tuple[tuple[str, int], ...]:
        """Each level with the smallest printed margin, in tenths, that earns it."""
        return tuple(
            (c.level, math.ceil(exact(c.min_margin) * 10)) for c in self.pack.confidence_by_margin
        )

    def decide(self, totals: Sequence[int], holding: Sequence[bool]) -> Outcome:
        """The winner of these totals once the constraints that hold are applied."""
        ruled = frozenset([self.constraints[i].option for i in self._rule_outs if holding[i]])
        width = range(len(totals))
        if ruled:
            effective = tuple(0 if o in ruled else t for o, t in enumerate(totals))
            eligible = [o for o in width if o not in ruled]
        else:  # the common case: nothing ruled out
            effective, eligible = tuple(totals), list(width)
        pool = eligible or list(width)
        best = max(effective[o] for o in pool)
        tied = [o for o in pool if effective[o] == best]
        winner = tied[0]
        runner = max((o for o in width if o != winner), key=lambda o: (effective[o], -o))
        return Outcome(winner, runner, len(tied) > 1 or not eligible, effective, ruled)


def _tests(condition: Condition) -> Iterable[Condition]:
    if condition.question is not None:
        yield condition
    for child in condition.children():
        yield from _tests(child)


def _reads(pack: Pack, conditions: Iterable[Condition]) -> tuple[str, ...]:
    """The questions ``conditions`` read, in the pack's order."""
    found: set[str] = set()
    for condition in conditions:
        found |= condition.questions()
    return tuple(q.id for q in pack.questions if q.id in found)


def _readers(
    pack: Pack, tables: Sequence[CriterionTable | ConstraintTable]
) -> dict[str, tuple[int, ...]]:
    readers: dict[str, list[int]] = {}
    for table in tables:
        for question in table.reads:
            readers.setdefault(question, []).append(table.number)
    return {q: tuple(i) for q, i in readers.items()}


def _followups(pack: Pack) -> dict[str, tuple[str, ...]]:
    """For each question, the questions whose ``when`` reads it, directly or through another."""
    direct: dict[str, list[str]] = {}
    for question in pack.questions:
        if question.when is not None:
            for parent in question.when.questions():
                direct.setdefault(parent, []).append(question.id)
    order = {q.id: i for i, q in enumerate(pack.questions)}
    found: dict[str, tuple[str, ...]] = {}
    for question in pack.questions:
        seen: set[str] = set()
        todo = list(direct.get(question.id, ()))
        while todo:
            child = todo.pop()
            if child not in seen:
                seen.add(child)
                todo.extend(direct.get(child, ()))
        if seen:
            found[question.id] = tuple(sorted(seen, key=order.__getitem__))
    return found


def deciding(pack: Pack) -> list[Condition | None]:
    """The conditions that decide a result: rules, constraints, and when a question is asked."""
    return [
        *(r.when for c in pack.criteria for r in c.rules),
        *(k.when for k in pack.constraints),
        *(q.when for q in pack.questions),
    ]


def _banded_each(
    keying: Iterable[tuple[str, tuple[int, ...] | None]], values: Mapping[str, Answer]
) -> list[Any]:
    """Each question's answer as its cuts tell it apart.

    As :func:`_banded` bands one, inlined: the checks make thousands of these.
    """
    return [
        v if cuts is None or type(v) is not int else bisect.bisect_right(cuts, v)
        for q, cuts in keying
        for v in [values.get(q)]
    ]


def _banded(bands: Mapping[str, tuple[int, ...]], question: str, value: Answer) -> Any:
    """``value`` as ``bands`` tell it apart: an integer becomes the number of its band."""
    cuts = bands.get(question)
    if cuts is None or type(value) is not int:  # a bool is no integer here
        return value
    return bisect.bisect_right(cuts, value)


def _bands(pack: Pack, conditions: Iterable[Condition | None]) -> dict[str, tuple[int, ...]]:
    """Per integer question, the cut points of the tests ``conditions`` make on it.

    Values between two cuts pass and fail the same tests.
    """
    integers = {q.id for q in pack.questions if q.type == "integer"}
    cuts: dict[str, set[int]] = {}
    tests = (t for c in conditions if c is not None for t in _tests(c))
    for test in tests:
        if test.question not in integers:
            continue
        found = cuts.setdefault(test.question, set())
        if test.at_least is not None:
            found.add(test.at_least)
        if test.at_most is not None:
            found.add(test.at_most + 1)
        for value in (test.equals, *(test.in_ or ())):
            if isinstance(value, int) and not isinstance(value, bool):
                found |= {value, value + 1}
    return {q: tuple(sorted(c)) for q, c in cuts.items()}


_MODELS: dict[int, Model] = {}


def model_of(pack: Pack) -> Model:
    """The compiled model of ``pack``, built on first use."""
    found = _MODELS.get(id(pack))
    if found is None or found.pack is not pack:
        if len(_MODELS) > 16:
            _MODELS.clear()
        found = _MODELS[id(pack)] = Model(pack)
    return found


def forget(pack: Pack) -> None:
    """Drop the compiled model of ``pack``, with all it remembers of the states it met."""
    _MODELS.pop(id(pack), None)


class Memo:
    """Values remembered by key, all forgotten at once when their total size passes ``limit``.

    The size of a value is what :meth:`put` is told (one, unless the value holds many
    parts), so a few large values cannot hold memory that many small ones would not.
    """

    __slots__ = ("found", "limit", "size")

    def __init__(self, limit: int) -> None:
        self.found: dict[Any, Any] = {}
        self.limit = limit
        self.size = 0

    def get(self, key: Any) -> Any:
        """The value remembered under ``key``, or None."""
        return self.found.get(key)

    def put(self, key: Any, value: Any, size: int = 1) -> Any:
        """Remember ``value`` under ``key`` (forgetting everything first when full); ``value``."""
        if self.size + size > self.limit:
            self.found.clear()
            self.size = 0
        if size <= self.limit:
            self.found[key] = value
            self.size += size
        return value


MAX_EFFECTS = 100_000  # ways of changing answers remembered per weight set (robustness)


# --- weights ------------------------------------------------------------------------


class Scale:
    """Weights as integers over one denominator, and how totals become 0-100 scores."""

    def __init__(self, model: Model, weights: dict[str, float]) -> None:
        self.weights = weights
        fractions = [exact(weights[c.criterion.id]) for c in model.criteria]
        denominator = _lcm_of_denominators(fractions)
        self.ints = tuple(int(f * denominator) for f in fractions)
        # score = 100 * total / (unit * sum of weights); every weight 0: every score 0
        self.divisor = model.unit * sum(self.ints)
        # what the robustness checks worked out under these weights, per neighbourhood
        # of answers (stackpick.robustness): a batch meets the same ones again and again
        self.effects = Memo(MAX_EFFECTS)

    def score(self, total: int) -> Fraction:
        """An option's exact 0-100 score from its integer total."""
        return Fraction(100 * total, self.divisor) if self.divisor else Fraction(0)

    def figure(self, total: int, places: int = 2) -> float:
        """``score(total)`` rounded half up, as it is shown."""
        return fixed(100 * total, self.divisor, places)


def weight_overrides(pack: Pack, weights: Mapping[str, float]) -> dict[str, tuple[float, float]]:
    """Criteria whose weight differs from the pack's: id -> (pack weight, weight used)."""
    return {c.id: (c.weight, weights[c.id]) for c in pack.criteria if weights[c.id] != c.weight}


# --- states and outcomes ------------------------------------------------------------


class State(NamedTuple):
    """One answer state: each criterion's (rule, vector), each option's total, constraints."""

    values: dict[str, Answer]
    rows: list[tuple[int, tuple[int, ...]]]
    totals: list[int]
    holding: tuple[bool, ...]


class Outcome(NamedTuple):
    """Who wins a state: the winner, the runner-up, and whether it is a tie."""

    winner: int
    runner: int
    tie: bool
    totals: tuple[int, ...]  # after constraints: an option ruled out has 0
    ruled: frozenset[int]

    def flips(self, base: Outcome) -> bool:
        """Whether this outcome changes ``base``'s recommendation, or makes it a tie."""
        return self.winner != base.winner or (self.tie and not base.tie)


# --- the result ---------------------------------------------------------------------


@dataclass(slots=True)
class Reason:
    """One criterion that moved the score.

    ``awarded`` is each option's part of its score from this criterion (they add up to
    the scores over all criteria); ``effect`` is what the criterion adds to the winner's
    margin over the runner-up (negative when it speaks for the runner-up); ``points`` is
    the lead of the option it favours on this criterion. Not frozen: a batch builds
    thousands; treat them as values.
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
    effect: float = 0.0
    values: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Note:
    """A trade-off, piece of advice or constraint that applies to this result."""

    text: str
    section: str
    title: str = ""
    id: str = ""
    option: str = ""
    effect: str = ""


@dataclass(frozen=True)
class Result:
    """The recommendation and everything needed to explain and check it."""

    recommendation: str
    scores: dict[str, float]
    margin: float
    confidence: str
    defaulted: tuple[str, ...]
    not_asked: tuple[str, ...]
    answers: Mapping[str, Answer]
    weights: dict[str, float] = field(default_factory=dict)
    tie: bool = False
    unknown: tuple[str, ...] = ()
    constraints: tuple[Note, ...] = ()
    ruled_out: tuple[str, ...] = ()
    hinges_on: tuple[Change, ...] = ()
    open_flips: tuple[Flip, ...] = ()
    open_complete: bool = True
    runner_up: str = ""
    value_scores: dict[str, float] = field(default_factory=dict)  # before constraints
    # False when a summary (robustness="summary") skipped the checks: the margin alone
    # already kept the result from the most demanding level, so they could not change it
    robustness_checked: bool = True
    # False when the open answers were not searched: robustness was off, a summary
    # skipped the checks (robustness_checked is False), or it stopped at a hinge (the
    # label was settled), so open_flips says nothing either way
    open_checked: bool = True
    # what the reasons, trade-offs and advice are built from, on first use: a batch
    # reads few of them
    source: tuple[Any, ...] = field(default=(), compare=False, repr=False)

    @cached_property
    def tradeoffs(self) -> tuple[Note, ...]:
        """The trade-offs of the recommended option that hold for these answers."""
        return self._notes("tradeoffs")

    @cached_property
    def advice(self) -> tuple[Note, ...]:
        """The advice that holds for this recommendation, confidence and answers."""
        return self._notes("advice")

    def _notes(self, kind: str) -> tuple[Note, ...]:
        if not self.source:
            return ()
        model: Model = self.source[0]
        return model.notes(kind, self.recommendation, self.confidence, self.answers)

    @cached_property
    def exact_scores(self) -> dict[str, Fraction]:
        """Each option's score as an exact fraction (after constraints)."""
        return self._exact(after_constraints=True)

    @cached_property
    def exact_value_scores(self) -> dict[str, Fraction]:
        """Each option's score as an exact fraction before constraints (its value alone)."""
        return self._exact(after_constraints=False)

    def _exact(self, *, after_constraints: bool) -> dict[str, Fraction]:
        if not self.source:
            return {}
        model, scale, state, outcome = self.source
        totals = outcome.totals if after_constraints else state.totals
        return {o: scale.score(t) for o, t in zip(model.options, totals, strict=True)}

    @cached_property
    def exact_margin(self) -> Fraction:
        """The winner's lead over the runner-up, exactly."""
        scores = self.exact_scores
        return scores[self.recommendation] - scores[self.runner_up] if scores else Fraction(0)

    @cached_property
    def reasons(self) -> tuple[Reason, ...]:
        """A reason per criterion that moved the score, the most help to the winner first."""
        return tuple(_reasons(*self.source)) if self.source else ()

    @property
    def top_reason(self) -> Reason | None:
        """The first of :attr:`reasons`, without building the rest when they are not yet."""
        if "reasons" in self.__dict__ or not self.source:
            return self.reasons[0] if self.reasons else None
        found = _reasons(*self.source, first=True)
        return found[0] if found else None

    @property
    def robust(self) -> bool:
        """No single answer change and no mix of open answers changes the recommendation."""
        return not self.hinges_on and not self.open_flips and self.open_complete

    def resting_on(self, reason: Reason) -> list[str]:
        """The open questions (unknown or left to the default) the reason's rule reads."""
        if not self.source:
            return []
        pack: Pack = self.source[0].pack
        return rests_on(pack, reason.criterion, reason.rule, (*self.defaulted, *self.unknown))

    def why_of(self, reason: Reason) -> str:
        """The reason's words, naming the open answers it rests on (every view says so)."""
        return why_resting(reason.why, self.resting_on(reason), self.unknown)


def confidence_for(pack: Pack, margin: float | Fraction, *, robust: bool = True) -> str:
    """The confidence level a margin (as printed, one decimal) earns.

    The most demanding level also needs a robust result; a result that is not drops
    to the next level.
    """
    printed = round_half_up(exact(margin) if isinstance(margin, float) else margin, 1)
    levels = [(c.level, exact(c.min_margin)) for c in pack.confidence_by_margin]
    return _earned(levels, printed, robust)


_Number = TypeVar("_Number", int, Fraction)


def _earned(levels: Sequence[tuple[str, _Number]], printed: _Number, robust: bool) -> str:
    """The first level whose threshold ``printed`` reaches, most demanding first.

    The most demanding one also needs a robust result; one that is not drops to the next.
    """
    for index, (level, needed) in enumerate(levels):
        if printed >= needed:
            if index == 0 and not robust and len(levels) > 1:
                return levels[1][0]
            return level
    return levels[-1][0]


def capped(pack: Pack, level: str, caps: Iterable[str]) -> str:
    """``level``, or the lowest of ``caps`` when that is lower."""
    rank = {c.level: i for i, c in enumerate(pack.confidence_by_margin)}
    return max([level, *caps], key=lambda name: rank[name])


def score(
    pack: Pack,
    answers: Answers | Mapping[str, object],
    *,
    weights: Mapping[str, float] | None = None,
    robustness: bool | str = True,
) -> Result:
    """Score every option of ``pack`` on ``answers`` and explain the result.

    With ``robustness`` (the default), the result also lists what it hinges on and the
    open answers that could flip it, and only a robust result is called clear. With
    ``robustness="summary"`` (a batch's view) the confidence is the same, but the checks
    run only where they decide the label (a margin that reaches the clear threshold),
    and stop at the first flip found (``open_complete`` then says whether that question,
    is there a flip at all, was settled, not whether every smallest flip was listed).
    """
    if not isinstance(answers, Answers):
        answers = check_answers(pack, answers)
    used = stackpick.weights.effective(pack, weights)
    model = model_of(pack)
    scale = model.scale(used)
    state = model.evaluate(scale, answers.values)
    outcome = model.decide(state.totals, state.holding)
    hinges: tuple[Change, ...] = ()
    flips: tuple[Flip, ...] = ()
    complete = True
    searched = False
    brief = robustness == "summary"
    checked = bool(robustness) and (not brief or _label_needs_robustness(model, scale, outcome))
    if checked:
        from stackpick.robustness import hinges_on, open_flips

        hinges = tuple(hinges_on(model, scale, state, outcome, answers, first_only=brief))
        if not (brief and hinges):  # one flip settles the label; a summary stops there
            flips, complete = open_flips(model, scale, state, outcome, answers, first_only=brief)
            searched = True
    return build_result(
        model,
        scale,
        state,
        outcome,
        answers,
        hinges=hinges,
        flips=flips,
        complete=complete,
        checked=checked or not robustness,
        searched=searched,
    )


def _label_needs_robustness(model: Model, scale: Scale, outcome: Outcome) -> bool:
    """Whether the margin alone earns the most demanding level, so robustness decides it."""
    if outcome.tie:
        return False
    lead = outcome.totals[outcome.winner] - outcome.totals[outcome.runner]
    return model.label(scale, lead, robust=True) == model.pack.confidence_by_margin[0].level


def build_result(
    model: Model,
    scale: Scale,
    state: State,
    outcome: Outcome,
    answers: Answers,
    *,
    hinges: tuple[Change, ...] = (),
    flips: tuple[Flip, ...] = (),
    complete: bool = True,
    checked: bool = True,
    searched: bool = True,
) -> Result:
    """The :class:`Result` of an evaluated state.

    ``checked``: its robustness was looked at; ``searched``: its open answers were.
    """
    pack = model.pack
    options = model.options
    winner, runner = options[outcome.winner], options[outcome.runner]
    lead = outcome.totals[outcome.winner] - outcome.totals[outcome.runner]
    robust = not hinges and not flips and complete
    if outcome.tie:
        confidence = pack.confidence_by_margin[-1].level
    else:
        confidence = model.label(scale, lead, robust=robust)
    holding = [
        (k, pack.constraints[k.number])
        for k, h in zip(model.constraints, state.holding, strict=True)
        if h
    ]
    caps = [c.cap for k, c in holding if c.cap is not None and k.option == outcome.winner]
    if caps:
        confidence = capped(pack, confidence, caps)
    values = state.values
    scores = {o: scale.figure(t) for o, t in zip(options, outcome.totals, strict=True)}
    if outcome.ruled:  # an option ruled out scores 0: its value score is its own
        value_scores = {o: scale.figure(t) for o, t in zip(options, state.totals, strict=True)}
    else:
        value_scores = dict(scores)
    return Result(
        robustness_checked=checked,
        recommendation=winner,
        scores=scores,
        margin=scale.figure(lead, 1),
        confidence=confidence,
        defaulted=answers.defaulted,
        not_asked=answers.not_asked,
        answers=values,
        weights=scale.weights,
        tie=outcome.tie,
        unknown=answers.unknown,
        constraints=tuple(
            Note(c.why, c.section, c.id, c.id, c.option, c.cap or c.effect) for _, c in holding
        ),
        ruled_out=tuple(options[o] for o in sorted(outcome.ruled)),
        hinges_on=hinges,
        open_flips=flips,
        open_complete=complete,
        open_checked=searched,
        runner_up=runner,
        value_scores=value_scores,
        source=(model, scale, state, outcome),
    )


def _reasons(
    model: Model, scale: Scale, state: State, outcome: Outcome, *, first: bool = False
) -> list[Reason]:
    """A reason per criterion whose rule holds, the most help to the winner first.

    Ranked by the effect as shown, then the points as shown, then the weight, then the
    pack's order. With ``first``, only the first of them (a batch's row shows no more),
    found without rounding or building the others: a figure never ranks an integer
    below a smaller one, so the largest figures belong to the largest integers.
    """
    options = model.options
    winner, runner = outcome.winner, outcome.runner
    applied = [
        (weight * (vector[winner] - vector[runner]), table, rule, vector, weight)
        for table, (rule, vector), weight in zip(
            model.criteria, state.rows, scale.ints, strict=True
        )
        if rule >= 0 and weight  # else it does not apply, or weighs nothing: moved no score
    ]
    if first and applied:  # only those that could come first need their points
        applied = _leading(applied, 0, scale)
    fired: list[_Fired] = []
    for effect, table, rule, vector, weight in applied:
        top = max(range(len(options)), key=lambda o: (vector[o], -o))
        second = max(vector[o] for o in range(len(options)) if o != top)
        fired.append(
            (effect, weight * (vector[top] - second), table, rule, vector, weight, top, second)
        )
    if first and fired:
        fired = _leading(fired, 1, scale)
        most = max(scale.weights[f[2].criterion.id] for f in fired)
        fired = [next(f for f in fired if scale.weights[f[2].criterion.id] == most)]
    shown = [(scale.figure(f[0]), scale.figure(f[1]), *f[2:]) for f in fired]
    if not first:
        shown.sort(key=lambda f: (-f[0], -f[1], -scale.weights[f[2].criterion.id]))
    reasons = []
    for effect_shown, points_shown, table, rule, vector, weight, top, second in shown:
        criterion = table.criterion
        reasons.append(
            Reason(
                criterion.id,
                criterion.title,
                scale.weights[criterion.id],
                options[top] if vector[top] > second else None,
                points_shown,
                {o: scale.figure(weight * v) for o, v in zip(options, vector, strict=True)},
                criterion.rules[rule].why,
                criterion.section,
                rule,
                effect_shown,
                {o: v / model.unit for o, v in zip(options, vector, strict=True)},
            )
        )
    return reasons


# a criterion that fired: effect and points (integers), table, rule, vector, weight, top, second
_Fired = tuple[int, int, CriterionTable, int, tuple[int, ...], int, int, int]
_Item = TypeVar("_Item", bound=tuple[Any, ...])


def _leading(items: list[_Item], field: int, scale: Scale) -> list[_Item]:
    """The ``items`` whose integer at ``field`` shows as the largest figure, in their order.

    Two integers show alike (to the hundredth of a point) only when they differ by less
    than a ten-thousandth of the divisor: only those near the largest are rounded.
    """
    largest = max(item[field] for item in items)
    if len(items) == 1:
        return items
    best = scale.figure(largest)
    near = largest - scale.divisor // 5000 - 1
    return [
        i
        for i in items
        if i[field] == largest or (i[field] >= near and scale.figure(i[field]) == best)
    ]


def fired_rule(criterion: Criterion, values: Mapping[str, Answer]) -> tuple[int, Rule] | None:
    """The first rule of ``criterion`` whose condition holds, with its index."""
    for index, rule in enumerate(criterion.rules):
        when = rule.when
        if when is None or when.compiled(values):
            return index, rule
    return None


def _tradeoffs(
    pack: Pack, option: str, confidence: str, values: Mapping[str, Answer]
) -> tuple[Note, ...]:
    return tuple(
        [
            Note(t.text, t.section, option=option)
            for t in pack.tradeoffs
            if t.option == option and (t.when is None or t.when.compiled(values))
        ]
    )


def _advice(
    pack: Pack, option: str, confidence: str, values: Mapping[str, Answer]
) -> tuple[Note, ...]:
    return tuple(
        [
            Note(a.text, a.section, a.title, a.id, a.option or "")
            for a in pack.advice
            if (a.option is None or a.option == option)
            and (not a.confidence or confidence in a.confidence)
            and (a.when is None or a.when.compiled(values))
        ]
    )
