"""Explain: every criterion worked through, from the engine's own rows."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from stackpick.answers import Answer, Answers
from stackpick.engine import Result, as_number, model_of, score, weight_overrides
from stackpick.models import Condition, Pack


@dataclass(frozen=True)
class Step:
    """One criterion worked through: the rule that held, on which answers, what it gave.

    ``values`` are each option's value (0-1) on the criterion; ``awarded`` their part of
    each option's score (over all criteria they add up to the scores before constraints);
    ``effect`` what the criterion adds to the winner's margin over the runner-up.
    """

    criterion: str
    title: str
    weight: float
    pack_weight: float
    section: str
    rule: int | None
    condition: Condition | None
    inputs: dict[str, Answer]
    values: dict[str, float]
    awarded: dict[str, float]
    favours: str | None
    lead: float
    effect: float
    why: str
    why_weight: str


@dataclass(frozen=True)
class Explanation:
    """The result and every criterion's step, in the pack's order."""

    result: Result
    steps: tuple[Step, ...]
    overrides: dict[str, tuple[float, float]]


def explain(
    pack: Pack, answers: Answers, weights: Mapping[str, float] | None = None
) -> Explanation:
    """Score, and record for every criterion the rule that held and what it gave each option."""
    result = score(pack, answers, weights=weights)
    model = model_of(pack)
    scale = model.scale(result.weights)
    state = model.evaluate(scale, answers.values)
    options = model.options
    winner, runner = options.index(result.recommendation), options.index(result.runner_up)
    steps = []
    for table, (rule, vector), weight in zip(model.criteria, state.rows, scale.ints, strict=True):
        criterion = table.criterion
        fired = criterion.rules[rule] if rule >= 0 else None
        read = [fired.when] if fired and fired.when else []
        if fired is None:
            read = [r.when for r in criterion.rules if r.when is not None]
        inputs = {q: answers.values.get(q) for c in read for q in sorted(c.questions())}
        top = max(range(len(options)), key=lambda o: (vector[o], -o))
        second = max(vector[o] for o in range(len(options)) if o != top)
        steps.append(
            Step(
                criterion=criterion.id,
                title=criterion.title,
                weight=result.weights[criterion.id],
                pack_weight=criterion.weight,
                section=criterion.section,
                rule=rule if rule >= 0 else None,
                condition=fired.when if fired else None,
                inputs=inputs,
                values={
                    o: float(Fraction(v, model.unit)) for o, v in zip(options, vector, strict=True)
                },
                awarded={
                    o: as_number(scale.score(weight * v))
                    for o, v in zip(options, vector, strict=True)
                },
                favours=options[top] if vector[top] > second and weight else None,
                lead=as_number(scale.score(weight * (vector[top] - second))),
                effect=as_number(scale.score(weight * (vector[winner] - vector[runner]))),
                why=fired.why if fired else "",
                why_weight=criterion.why_weight,
            )
        )
    return Explanation(result, tuple(steps), weight_overrides(pack, result.weights))
