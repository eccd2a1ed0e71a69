"""Weight sensitivity: how far each criterion's weight must move to change the result.

An option's score is ``100 * S_o / sum(w)`` with ``S_o = sum_c w_c * v_c(o)``; the
denominator is the same for every option, so who wins depends on the sums only. Moving
one weight ``w_k`` to ``x`` moves the winner's lead over a rival linearly,
``L + (x - w_k) * d_k`` with ``d_k = v_k(winner) - v_k(rival)``, to zero at
``x = w_k - L / d_k``. Everything is solved in exact fractions; an option ruled out by a
constraint scores 0 whatever the weights.

Each threshold is reported as a number that holds when typed back in as a weight:
inclusive means that weight itself gives the new recommendation, otherwise any weight
past it does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from fractions import Fraction

from stackpick.answers import Answer
from stackpick.engine import exact, model_of
from stackpick.models import MAX_WEIGHT, Pack, weight_text

_CENT = Fraction(1, 100)


@dataclass(frozen=True)
class Threshold:
    """Where a weight flips the recommendation to ``to``.

    ``exact`` is the crossing itself; ``weight`` a float that, typed as the weight,
    gives ``to`` (``inclusive``), or the crossing when only weights past it do.
    """

    weight: float
    inclusive: bool
    to: str
    exact: Fraction
    tie: bool = False  # the crossing itself, typed as the weight, gives an exact tie

    def words(self, side: str) -> str:
        """'at or below 1.38', 'above 4': where a weight surely flips it, for a person.

        ``side`` is 'below' or 'above'. The number has two decimals at most and, typed
        as a weight, flips the recommendation (see :attr:`tie` for a crossing that is
        itself a tie, where the option listed first stands as the recommendation).
        """
        at = self.exact
        cents = at / _CENT
        if cents.denominator == 1:  # the crossing has two decimals: say it as it is
            return f"{'at or ' if self.inclusive else ''}{side} {_text(at)}"
        rounding = ROUND_FLOOR if side == "below" else ROUND_CEILING
        past = Decimal(at.numerator) / Decimal(at.denominator)
        shown = Fraction(past.quantize(Decimal("0.01"), rounding))
        return f"at or {side} {_text(shown)}"

    @property
    def tie_words(self) -> str:
        """'(4 itself gives a tie)' when the number :meth:`words` shows is a tie; else ''."""
        if not self.tie or (self.exact / _CENT).denominator != 1:
            return ""
        return f"({_text(self.exact)} itself gives a tie)"


def _text(value: Fraction) -> str:
    return weight_text(float(value))


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
        """No weight from 0 to the largest allowed changes the recommendation."""
        return self.below is None and self.above is None


def weight_sensitivity(
    pack: Pack, values: Mapping[str, Answer], weights: Mapping[str, float], winner: str
) -> tuple[WeightFlip, ...]:
    """For each criterion, the weight past which the recommendation changes, or never."""
    model = model_of(pack)
    state = model.evaluate(model.scale(weights), values)
    outcome = model.decide(state.totals, state.holding)
    ruled = outcome.ruled
    unit = model.unit
    value = [[Fraction(v, unit) for v in vector] for _, vector in state.rows]
    ws = [exact(weights[c.id]) for c in pack.criteria]
    sums = [
        sum((w * v[o] for w, v in zip(ws, value, strict=True)), Fraction(0))
        for o in range(len(model.options))
    ]
    flips = []
    for k, criterion in enumerate(pack.criteria):
        alone = sum(ws) == ws[k]  # every other weight is 0: this one at 0 scores nothing
        line = _Line(
            model.options, ruled, sums, value[k], ws[k], model.options.index(winner), alone
        )
        flips.append(
            WeightFlip(
                criterion.id, criterion.title, weights[criterion.id], line.flip(-1), line.flip(+1)
            )
        )
    return tuple(flips)


@dataclass(frozen=True)
class _Line:
    """Every option's sum as a linear function of one criterion's weight ``x``."""

    options: tuple[str, ...]
    ruled: frozenset[int]
    sums: list[Fraction]
    slope: list[Fraction]
    weight: Fraction
    winner: int
    alone: bool = False  # the only weight above 0: at 0 no weight is left, which is refused

    def at(self, x: Fraction) -> list[Fraction]:
        return [
            Fraction(0) if o in self.ruled else s + (x - self.weight) * self.slope[o]
            for o, s in enumerate(self.sums)
        ]

    def best(self, x: Fraction, direction: int = 0) -> int:
        """Who wins at ``x`` (``direction`` 0), or just past it below (-1) or above (+1)."""
        pool = [o for o in range(len(self.sums)) if o not in self.ruled] or list(
            range(len(self.sums))
        )
        sums = self.at(x)
        slope = [Fraction(0) if o in self.ruled else self.slope[o] for o in range(len(sums))]
        # on equal sums the option rising fastest in ``direction`` leads; the pack's order last
        return max(pool, key=lambda o: (sums[o], direction * slope[o], -o))

    def flip(self, direction: int) -> Threshold | None:
        """The nearest weight in ``direction`` where the recommendation changes."""
        crossings = []
        for rival in range(len(self.sums)):
            if rival == self.winner or rival in self.ruled:
                continue
            d_k = self.slope[self.winner] - self.slope[rival]
            if d_k == 0 or (d_k > 0) != (direction < 0):
                continue
            lead = self.sums[self.winner] - self.sums[rival]
            x = self.weight - lead / d_k
            if 0 <= x <= exact(MAX_WEIGHT) and (x - self.weight) * direction >= 0:
                if x == 0 and self.alone and direction < 0:
                    continue  # down to 0 leaves no weight above 0, which is refused
                crossings.append(x)
        for x in sorted(crossings, key=lambda c: abs(c - self.weight)):
            found = self._threshold(x, direction)
            if found is not None:
                return found
        return None

    def _threshold(self, x: Fraction, direction: int) -> Threshold | None:
        past = self.best(x, direction)
        if past == self.winner:
            return None
        number = float(x)
        if exact(number) != x:  # no weight is exactly there: the nearest one past it
            return Threshold(self._past(x, direction), True, self.options[past], x)
        at = self.best(x)
        tie = self.tied(x)
        if at != self.winner:
            return Threshold(number, True, self.options[at], x, tie)
        if direction < 0 and x <= 0:  # nothing below 0
            return None
        return Threshold(number, False, self.options[past], x, tie)

    def tied(self, x: Fraction) -> bool:
        """Whether the leader at ``x`` shares the top sum with another option in the running."""
        pool = [o for o in range(len(self.sums)) if o not in self.ruled]
        sums = self.at(x)
        top = max((sums[o] for o in pool), default=Fraction(0))
        return sum(sums[o] == top for o in pool) > 1

    def _past(self, x: Fraction, direction: int) -> float:
        """The float nearest ``x`` that, read back as a weight, lies past it."""
        number = float(x)
        toward = math.inf if direction > 0 else -math.inf
        while (exact(number) - x) * direction <= 0:
            number = math.nextafter(number, toward)
        return number
