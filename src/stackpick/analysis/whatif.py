"""What-if: every single answer change (with the follow-ups it opens), and every weight."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from stackpick.analysis.sensitivity import WeightFlip, weight_sensitivity
from stackpick.answers import Answer, Answers
from stackpick.engine import Result, model_of, score, weight_overrides
from stackpick.models import Pack
from stackpick.robustness import Change, changes, nearest_bands


@dataclass(frozen=True)
class WhatIf:
    """Every answer change tried, those that flip the result, and the weights.

    ``flips`` is every flipping change, an integer's in every band that flips it (one
    value each, nearest today's), multi-choice answers the smallest sets; ``smallest``
    keeps of an integer's only the nearest band on each side (what an ADR lists).
    """

    result: Result
    changes: tuple[Change, ...]
    flips: tuple[Change, ...]
    weights: tuple[WeightFlip, ...]
    not_asked: tuple[str, ...]
    overrides: dict[str, tuple[float, float]]

    @cached_property
    def smallest(self) -> tuple[Change, ...]:
        """The flips an ADR lists: an integer's nearest band on each side only."""
        return nearest_bands(self.flips, self.result.answers)


def given_values(answers: Answers) -> dict[str, object]:
    """The answers as a mapping ``check_answers`` takes back (unknown and defaults left out)."""
    return {q: list(v) if isinstance(v, tuple) else v for q, v in answers.given.items()}


def answer_changes(
    pack: Pack,
    answers: Answers,
    weights: Mapping[str, float],
    *,
    only_flips: bool = False,
    every_band: bool = False,
) -> tuple[Change, ...]:
    """Every single change to an asked question (with the follow-ups it opens), as what_if tries.

    ``weights`` are the effective ones (every criterion's); with ``only_flips``, the
    smallest changes that flip the result (with ``every_band``, an integer's in each band).
    """
    model = model_of(pack)
    scale = model.scale(weights)
    state = model.evaluate(scale, answers.values)
    outcome = model.decide(state.totals, state.holding)
    asked = [q.id for q in pack.questions if answers.values.get(q.id) is not None]
    given: Mapping[str, Answer] = answers.given
    found = changes(
        model, scale, state, outcome, given, asked, only_flips=only_flips, every_band=every_band
    )
    return tuple(found)


def what_if(pack: Pack, answers: Answers, weights: Mapping[str, float] | None = None) -> WhatIf:
    """Try every other answer to every asked question, and solve every weight for a flip.

    A change that opens a follow-up question is tried with every answer to it as well:
    ``greenfield: false`` with each ``existing_stack``. Integers are tried once per band
    the pack's conditions tell apart, at the value nearest today's answer.
    """
    result = score(pack, answers, weights=weights)
    tried = answer_changes(pack, answers, result.weights)
    flips = answer_changes(pack, answers, result.weights, only_flips=True, every_band=True)
    sensitivity = weight_sensitivity(pack, answers.values, result.weights, result.recommendation)
    return WhatIf(
        result=result,
        changes=tried,
        flips=flips,
        weights=sensitivity,
        not_asked=answers.not_asked,
        overrides=weight_overrides(pack, result.weights),
    )
