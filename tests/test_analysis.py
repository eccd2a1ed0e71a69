"""The analysis core against brute force: what-if, weight sensitivity, explain, diff, consensus."""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stackpick.analysis import (
    Threshold,
    WeightFlip,
    consensus,
    diff,
    explain,
    given_values,
    integer_candidates,
    pack_conditions,
    weight_sensitivity,
    what_if,
)
from stackpick.answers import Answers, check_answers, read_answers
from stackpick.engine import score, weight_overrides
from stackpick.models import Pack, Question
from stackpick.pack import load_pack

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHIPPED = load_pack()
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _value(question: Question) -> st.SearchStrategy[Any]:
    if question.type == "boolean":
        return st.booleans()
    if question.type == "choice":
        return st.sampled_from(question.choice_values)
    if question.type == "multi":
        return st.lists(st.sampled_from(question.choice_values), unique=True, max_size=5)
    return st.integers(min_value=question.min or 1, max_value=60)


def answer_sets(pack: Pack) -> st.SearchStrategy[dict[str, Any]]:
    """Answer mappings for ``pack``: any question may be left to its default."""
    return st.fixed_dictionaries(
        {}, optional={q.id: _value(q) for q in pack.questions if q.default is not None}
    )


def _rescore(pack: Pack, answers: Answers, question: str, value: Any, weights: Any = None) -> Any:
    changed = {
        **given_values(answers),
        question: list(value) if isinstance(value, tuple) else value,
    }
    return score(pack, check_answers(pack, changed), weights=weights)


def _thresholds(pack: Pack, question: str) -> list[tuple[str, int]]:
    tests = []
    for condition in pack_conditions(pack):
        stack = [condition]
        while stack:
            c = stack.pop()
            stack.extend(c.children())
            if c.question == question and c.at_least is not None:
                tests.append((">=", c.at_least))
            if c.question == question and c.at_most is not None:
                tests.append(("<=", c.at_most))
    return tests


def _region(value: int, tests: list[tuple[str, int]]) -> tuple[bool, ...]:
    return tuple(value >= n if op == ">=" else value <= n for op, n in tests)


# --- what-if -----------------------------------------------------------------------------


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_whatif_reports_every_choice_change_as_rescoring_gives_it(data: dict[str, Any]) -> None:
    answers = check_answers(SHIPPED, data)
    report = what_if(SHIPPED, answers)
    tried = {(c.question, c.after): c for c in report.changes}
    for question in SHIPPED.questions:
        current = answers.values[question.id]
        if current is None or question.type == "integer":
            continue
        if question.type == "boolean":
            values: list[Any] = [not current]
        elif question.type == "choice":
            values = [v for v in question.choice_values if v != current]
        else:
            choices = question.choice_values
            subsets = (
                c for n in range(len(choices) + 1) for c in itertools.combinations(choices, n)
            )
            values = [s for s in subsets if set(s) != set(current)]
        for value in values:
            brute = _rescore(SHIPPED, answers, question.id, value)
            key = (question.id, value)
            assert key in tried, key
            assert tried[key].recommendation == brute.recommendation
            assert tried[key].scores == pytest.approx(brute.scores)
            assert tried[key].flips == (brute.recommendation != report.result.recommendation)


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_whatif_integer_candidates_cover_every_value_brute_force_finds(
    data: dict[str, Any],
) -> None:
    answers = check_answers(SHIPPED, data)
    report = what_if(SHIPPED, answers)
    for question in (q for q in SHIPPED.questions if q.type == "integer"):
        current = answers.values[question.id]
        if current is None:
            continue
        tests = _thresholds(SHIPPED, question.id)
        tried = {c.after: c for c in report.changes if c.question == question.id}
        covered = {_region(v, tests) for v in [*tried, current]}
        for value in range(question.min or 1, 80):
            assert _region(value, tests) in covered, value
            brute = _rescore(SHIPPED, answers, question.id, value)
            twin = next(v for v in [current, *tried] if _region(v, tests) == _region(value, tests))
            if twin != current:
                assert tried[twin].recommendation == brute.recommendation


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_whatif_flips_are_the_smallest_flipping_changes(data: dict[str, Any]) -> None:
    report = what_if(SHIPPED, check_answers(SHIPPED, data))
    flipping = [c for c in report.changes if c.flips]
    assert all(c.flips for c in report.flips)
    assert {c.question for c in flipping} == {c.question for c in report.flips}
    for change in flipping:
        if isinstance(change.after, bool) or not isinstance(change.after, int | tuple):
            assert change in report.flips


def test_integer_candidates_are_thresholds_plus_minus_one(pack: Pack) -> None:
    found = integer_candidates(pack, pack.question("team_size"))
    assert {4, 5, 6, 9, 10, 11, 29, 30, 31} <= found
    assert all(v >= 1 for v in found)


def test_whatif_of_the_shipped_pack_is_well_under_a_second(pack: Pack) -> None:
    import time

    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    start = time.perf_counter()
    what_if(pack, answers)
    assert time.perf_counter() - start < 0.5


# --- weight sensitivity ------------------------------------------------------------------


def _nudge(value: float) -> float:
    return 1e-5 * max(1.0, abs(value))


def _check_flip(pack: Pack, answers: Answers, weights: dict[str, float], flip: WeightFlip) -> None:
    winner = score(pack, answers, weights=weights).recommendation

    def at(x: float) -> str:
        return score(pack, answers, weights={**weights, flip.criterion: x}).recommendation

    if flip.below is not None:
        t = flip.below.weight
        assert 0 <= t <= flip.weight
        past = 0.0 if t <= _nudge(t) else t - _nudge(t)
        assert at(past) == flip.below.to
        if t + _nudge(t) < flip.weight:
            assert at(t + _nudge(t)) == winner
    if flip.above is not None:
        t = flip.above.weight
        assert t >= flip.weight
        assert at(t + _nudge(t)) == flip.above.to
        if t - _nudge(t) > flip.weight:
            assert at(t - _nudge(t)) == winner
    if flip.below is None:
        assert all(at(x) == winner for x in (0.0, flip.weight / 2))
    if flip.above is None:
        assert all(at(x) == winner for x in (flip.weight * 2, flip.weight + 1e3, 1e6))


weights_st = st.dictionaries(
    st.sampled_from([c.id for c in SHIPPED.criteria]),
    st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0, 4.5, 10.0]),
    max_size=4,
)


@SETTINGS
@given(data=answer_sets(SHIPPED), weights=weights_st)
def test_weight_thresholds_match_rescoring_just_before_and_past(
    data: dict[str, Any], weights: dict[str, float]
) -> None:
    answers = check_answers(SHIPPED, data)
    result = score(SHIPPED, answers, weights=weights)
    flips = weight_sensitivity(SHIPPED, answers.values, result.weights, result.recommendation)
    assert [f.criterion for f in flips] == [c.id for c in SHIPPED.criteria]
    for flip in flips:
        _check_flip(SHIPPED, answers, result.weights, flip)


THREE = """
pack: {name: three, version: "1"}
options:
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: c, name: C}
confidence: [{level: clear, min_margin: 10}, {level: close_call, min_margin: 0}]
questions:
  - {id: size, prompt: Size?, type: integer, min: 1, max: 50, default: 5}
  - {id: fast, prompt: Fast?, type: boolean, default: false}
  - id: kind
    prompt: Kind?
    type: choice
    default: x
    choices: [{value: x, label: X}, {value: y, label: Y}]
criteria:
  - id: big
    title: Big
    weight: 2
    section: S
    rules:
      - {when: {question: size, at_least: 20}, points: {a: 0.0, b: 1.0, c: 0.5}, why: big}
      - {points: {a: 1.0, b: 0.25, c: 0.5}, why: small}
  - id: speed
    title: Speed
    weight: 3
    section: S
    rules:
      - {when: {question: fast, equals: true}, points: {a: 0.25, b: 0.0, c: 1.0}, why: fast}
  - id: kind
    title: Kind
    weight: 1
    section: S
    rules:
      - {when: {question: kind, equals: y}, points: {b: 1.0}, why: y}
      - {points: {a: 0.5, b: 0.5, c: 0.5}, why: x}
"""


@settings(max_examples=80, deadline=None)
@given(
    size=st.integers(1, 50),
    fast=st.booleans(),
    kind=st.sampled_from(["x", "y"]),
    weights=st.dictionaries(
        st.sampled_from(["big", "speed", "kind"]), st.sampled_from([0.0, 0.5, 1.0, 2.0, 5.0])
    ),
)
def test_weight_thresholds_with_three_options(
    size: int, fast: bool, kind: str, weights: dict[str, float]
) -> None:
    pack = load_pack_three()
    answers = check_answers(pack, {"size": size, "fast": fast, "kind": kind})
    result = score(pack, answers, weights=weights)
    for flip in weight_sensitivity(pack, answers.values, result.weights, result.recommendation):
        _check_flip(pack, answers, result.weights, flip)


_THREE_CACHE: list[Pack] = []


def load_pack_three() -> Pack:
    """The three-option pack, loaded once (hypothesis cannot take a module fixture)."""
    if not _THREE_CACHE:
        import tempfile

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "pack.yaml"
            path.write_text(THREE)
            _THREE_CACHE.append(load_pack(path))
    return _THREE_CACHE[0]


def test_tie_goes_to_the_first_option_and_the_threshold_says_so() -> None:
    three = load_pack_three()
    weights = {"big": 2.0, "speed": 3.0, "kind": 1.0}
    small = check_answers(three, {"size": 5, "fast": False, "kind": "x"})
    # a 2.5, b 1.0, c 1.5: with "big" at 0, a and c tie at 0.5, and a is listed first: no flip
    flips = {f.criterion: f for f in weight_sensitivity(three, small.values, weights, "a")}
    assert flips["big"].below is None
    assert score(three, small, weights={"big": 0}).recommendation == "a"
    fast = check_answers(three, {"size": 5, "fast": True, "kind": "x"})
    # a 3.25, b 1.0, c 4.5 -> c; "speed" at 4/3 ties a with c, and the tie goes to a
    flip = weight_sensitivity(three, fast.values, weights, "c")[1]
    assert flip.below is not None
    assert flip.below.weight == pytest.approx(4 / 3)
    assert flip.below.inclusive and flip.below.to == "a"
    assert score(three, fast, weights={"speed": 4 / 3}).recommendation == "a"


def test_a_weight_no_value_can_move_is_never(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    flips = {f.criterion: f for f in what_if(pack, answers).weights}
    assert flips["team_skills"].never  # both languages: an even split, whatever its weight
    assert flips["jvm_estate"].below is not None and flips["jvm_estate"].below.to == "fastapi"


# --- explain ------------------------------------------------------------------------------


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_explain_steps_add_up_to_the_scores(data: dict[str, Any]) -> None:
    answers = check_answers(SHIPPED, data)
    explanation = explain(SHIPPED, answers)
    assert len(explanation.steps) == len(SHIPPED.criteria)
    for option, share in explanation.result.scores.items():
        if any(s.awarded[option] for s in explanation.steps) or share != 50:
            assert sum(s.awarded[option] for s in explanation.steps) == pytest.approx(share)
    fired = {r.criterion: r.rule for r in explanation.result.reasons}
    for step in explanation.steps:
        if step.criterion in fired:
            assert step.rule == fired[step.criterion]


def test_explain_marks_the_organisations_weights(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    explanation = explain(pack, answers, {"cold_start": 3.0})
    assert explanation.overrides == {"cold_start": (2.5, 3.0)}
    step = next(s for s in explanation.steps if s.criterion == "cold_start")
    assert (step.weight, step.pack_weight) == (3.0, 2.5)


def test_weight_overrides_are_worked_out_in_one_place(pack: Pack) -> None:
    from stackpick.render import explain as explain_view
    from stackpick.render import result as result_view

    # score's view once had its own copy of the overrides and of their line of text
    assert not hasattr(result_view, "overrides") and not hasattr(result_view, "overrides_line")
    assert explain_view.overrides_text is result_view.overrides_text
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    weights = {"cold_start": 3.0, "memory": 0.0, "ml_integration": 3.0}  # the last is unchanged
    result = score(pack, answers, weights=weights)
    assert weight_overrides(pack, result.weights) == {
        "cold_start": (2.5, 3.0),
        "memory": (1.5, 0.0),
    }
    assert result_view.to_data(result, pack)["weight_overrides"] == {
        "cold_start": {"pack": 2.5, "used": 3.0},
        "memory": {"pack": 1.5, "used": 0.0},
    }
    assert explain(pack, answers, weights).overrides == weight_overrides(pack, result.weights)


def test_close_call_in_a_large_polyglot_org_brings_the_polyglot_advice(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    result = explain(pack, answers).result
    assert result.confidence == "close_call"
    assert answers.values["team_language"] == "both" and answers.values["team_size"] >= 30
    advice = {a.id: a for a in result.advice}
    assert "polyglot" in advice
    assert "Spring Boot" in advice["polyglot"].text and "FastAPI" in advice["polyglot"].text


# --- diff --------------------------------------------------------------------------------


@SETTINGS
@given(before=answer_sets(SHIPPED), after=answer_sets(SHIPPED))
def test_diff_moves_add_up_to_the_whole_change(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    a, b = check_answers(SHIPPED, before), check_answers(SHIPPED, after)
    report = diff(SHIPPED, a, b)
    differing = [q.id for q in SHIPPED.questions if a.values[q.id] != b.values[q.id]]
    assert [m.question for m in report.moves] == differing
    for option in SHIPPED.option_ids:
        total = sum(m.moves[option] for m in report.moves)
        assert total == pytest.approx(report.after.scores[option] - report.before.scores[option])


def test_diff_of_the_same_answers_is_empty(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    assert diff(pack, answers, answers).moves == ()


# --- consensus ---------------------------------------------------------------------------


@SETTINGS
@given(room=st.lists(answer_sets(SHIPPED), min_size=2, max_size=4))
def test_consensus_against_scoring_everyone_by_hand(room: list[dict[str, Any]]) -> None:
    people = [(f"p{i}", check_answers(SHIPPED, data)) for i, data in enumerate(room)]
    report = consensus(SHIPPED, people)
    results = [score(SHIPPED, a) for _, a in people]
    for option in SHIPPED.option_ids:
        mean = sum(r.scores[option] for r in results) / len(results)
        assert report.combined.scores[option] == pytest.approx(mean)
    best = max(report.combined.scores.values())
    assert math.isclose(report.combined.scores[report.combined.recommendation], best)
    disputed = {
        q.id for q in SHIPPED.questions if len({a.values[q.id] for _, a in people} - {None}) > 1
    }
    assert {d.question for d in report.disputes} == disputed
    for dispute in report.disputes:
        for outcome in dispute.outcomes:
            settled = [_rescore(SHIPPED, a, dispute.question, outcome.value) for _, a in people]
            mean = {o: sum(r.scores[o] for r in settled) / len(settled) for o in SHIPPED.option_ids}
            assert outcome.scores == pytest.approx(mean)


def test_a_room_that_agrees_has_no_disputes(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    report = consensus(pack, [("ann", answers), ("ben", answers)])
    assert report.disputes == ()
    assert report.combined.recommendation == score(pack, answers).recommendation


@pytest.mark.parametrize(
    ("answers", "winner", "advice"),
    [
        (
            {
                "greenfield": False,
                "existing_stack": "jvm",
                "team_language": "python",
                "ml_integration": True,
                "jvm_estate": "none",
            },
            "fastapi",
            "migrate_to_fastapi",
        ),
        (
            {
                "greenfield": False,
                "existing_stack": "python",
                "team_language": "java",
                "jvm_estate": "primary",
                "team_size": 60,
            },
            "spring_boot",
            "migrate_to_spring",
        ),
    ],
)
def test_moving_an_existing_codebase_brings_migration_notes(
    pack: Pack, answers: dict[str, Any], winner: str, advice: str
) -> None:
    result = explain(pack, check_answers(pack, answers)).result
    assert result.recommendation == winner
    assert advice in [a.id for a in result.advice]


@pytest.mark.parametrize(
    ("weight", "inclusive", "side", "words"),
    [
        (1.38, True, "below", "at or below 1.38"),
        (1.38, False, "below", "below 1.38"),
        (1.3849, False, "below", "at or below 1.38"),
        (1.3801, False, "above", "at or above 1.39"),
        (15340.369999999999, False, "below", "at or below 15340.36"),  # a float a step under
        (15340.38, False, "above", "above 15340.38"),
        (1308644.2, True, "above", "at or above 1308644.2"),  # every digit, never 1.3e+06
        (4.0, True, "above", "at or above 4"),
    ],
)
def test_threshold_words_round_to_the_side_that_surely_flips(
    weight: float, inclusive: bool, side: str, words: str
) -> None:
    assert Threshold(weight, inclusive, "x").words(side) == words


@given(
    weight=st.floats(0, 1_000_000, allow_nan=False),
    inclusive=st.booleans(),
    side=st.sampled_from(["below", "above"]),
)
def test_the_number_in_threshold_words_typed_as_a_weight_flips(
    weight: float, inclusive: bool, side: str
) -> None:
    words = Threshold(weight, inclusive, "x").words(side)
    typed = float(words.rsplit(" ", 1)[1])  # what a person would pass to --weight
    past = typed < weight if side == "below" else typed > weight
    if words.startswith("at or"):
        assert past or (typed == weight and inclusive), words
    else:  # "below t": the threshold itself, which does not flip
        assert typed == weight and not inclusive, words
    assert abs(typed - weight) <= 0.01 + 1e-9 * weight, words


def test_no_weight_past_the_largest_allowed_is_suggested(pack: Pack) -> None:
    from stackpick.models import MAX_WEIGHT

    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    heavy = {**pack.weights, "team_skills": 123456.78, "jvm_estate": 654321.12}
    report = what_if(pack, answers, heavy)
    for flip in report.weights:
        for threshold in (flip.below, flip.above):
            assert threshold is None or 0 <= threshold.weight <= MAX_WEIGHT, flip.criterion
