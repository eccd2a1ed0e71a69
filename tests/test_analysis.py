"""The analyses against brute force: what-if, weight sensitivity, explain, diff, consensus."""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bruteforce
from bruteforce import key
from stackpick.analysis import (
    Threshold,
    WeightFlip,
    consensus,
    diff,
    explain,
    given_values,
    weight_sensitivity,
    what_if,
)
from stackpick.answers import Answers, check_answers, read_answers
from stackpick.engine import exact, score, weight_overrides
from stackpick.models import MAX_WEIGHT, Pack, Question
from stackpick.pack import load_pack

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SHIPPED = load_pack()
# Brute force tries every answer: measured for coverage it runs ~10x slower and adds
# nothing the other tests do not cover, so coverage is paused for it (pytest-cov).
BRUTE = pytest.mark.no_cover
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
    return score(pack, check_answers(pack, changed), weights=weights, robustness=False)


# --- what-if -----------------------------------------------------------------------------


@BRUTE
@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_whatif_flips_are_every_flipping_change_brute_force_finds(
    data: dict[str, Any],
) -> None:
    """CONTRACT 3a: every single change that flips, an integer's once per band (found by a
    review: only the nearest band on each side was listed), multi-choice the smallest sets;
    ``smallest`` (what an ADR lists) keeps only the nearest."""
    answers = check_answers(SHIPPED, data)
    report = what_if(SHIPPED, answers)
    asked = [q.id for q in SHIPPED.questions if answers.values[q.id] is not None]
    expected = bruteforce.flipping_changes(SHIPPED, answers, asked, every_band=True)
    assert {key(c.answers) for c in report.flips} == {key(s) for s in expected}
    nearest = bruteforce.flipping_changes(SHIPPED, answers, asked)
    assert {key(c.answers) for c in report.smallest} == {key(s) for s in nearest}


def test_whatif_lists_an_integers_flip_in_every_band_it_flips_in() -> None:
    answers = read_answers(SHIPPED, str(EXAMPLES / "polyglot-close-call.yaml"))
    report = what_if(SHIPPED, answers)
    sizes = [c.after for c in report.flips if c.question == "team_size"]
    assert sizes == [5, 10, 29]  # 150 now: each band below 30 gives FastAPI
    assert [c.after for c in report.smallest if c.question == "team_size"] == [29]


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_whatif_reports_every_change_as_rescoring_gives_it(data: dict[str, Any]) -> None:
    answers = check_answers(SHIPPED, data)
    report = what_if(SHIPPED, answers)
    base = bruteforce.verdict(SHIPPED, answers.values)
    for change in report.changes:
        changed = {
            **given_values(answers),
            **{q: list(v) if isinstance(v, tuple) else v for q, v in change.answers.items()},
        }
        book = bruteforce.verdict_of(SHIPPED, changed)
        assert change.recommendation == book.recommendation
        assert change.flips == book.flips(base)
        assert change.scores == {o: float(bruteforce.round2(s)) for o, s in book.scores.items()}


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_whatif_names_each_follow_up_a_change_opens_at_its_default(data: dict[str, Any]) -> None:
    """Found in review: 'ml_integration -> true' flipped only through ml_serving's default,
    which the change did not say. Every follow-up it opens is in `with` or `defaults`."""
    from stackpick.engine import model_of

    followups = model_of(SHIPPED).followups
    answers = check_answers(SHIPPED, data)
    given_now = given_values(answers)
    for change in what_if(SHIPPED, answers).changes:
        after = check_answers(SHIPPED, {**given_now, **change.answers}).values
        opened = {
            q
            for q in followups.get(change.question, ())
            if answers.values.get(q) is None and after.get(q) is not None
        }
        unanswered = {q for q in opened if q not in given_now and q not in change.with_}
        assert set(change.defaults) == unanswered
        assert all(after[q] == v for q, v in change.defaults.items())


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_whatif_never_lists_a_change_to_the_same_answer(data: dict[str, Any]) -> None:
    # a multi-choice answer is a set: [soap, jms] and [jms, soap] are one answer
    answers = check_answers(SHIPPED, data)
    report = what_if(SHIPPED, answers)
    for change in report.changes:
        before, after = change.before, change.after
        if isinstance(before, tuple) and isinstance(after, tuple):
            assert set(before) != set(after), change
        assert before != after, change
    for question in (q for q in SHIPPED.questions if q.type == "multi"):
        if answers.values[question.id] is not None:  # every other subset of its choices
            tried = [c for c in report.changes if c.question == question.id]
            assert len(tried) == 2 ** len(question.choice_values) - 1


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_whatif_tries_one_integer_per_band_the_rules_tell_apart(data: dict[str, Any]) -> None:
    answers = check_answers(SHIPPED, data)
    report = what_if(SHIPPED, answers)
    for question in (q for q in SHIPPED.questions if q.type == "integer"):
        current = answers.values[question.id]
        if current is None:
            continue
        tried = [c.after for c in report.changes if c.question == question.id]
        bands = {_band(question, v) for v in tried}
        assert len(bands) == len(tried) and _band(question, current) not in bands
        for value in range(question.min or 1, 120):  # every band is tried, or is today's
            assert _band(question, value) in bands | {_band(question, current)}, value


def _band(question: Question, value: Any) -> tuple[bool, ...]:
    """Which of the pack's integer tests on ``question`` a value passes."""
    tests = bruteforce.integer_tests(SHIPPED, question)
    return tuple(value >= n if op == ">=" else value <= n for op, n in tests)


def test_whatif_tries_a_change_with_the_follow_up_it_opens(pack: Pack) -> None:
    # greenfield: false only flips a JVM-leaning result with existing_stack: python
    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    flips = what_if(pack, answers).flips
    opened = [c for c in flips if c.question == "greenfield"]
    assert opened and all(c.with_ == {"existing_stack": "python"} for c in opened)


def test_whatif_of_the_shipped_pack_is_well_under_a_second(pack: Pack) -> None:
    import time

    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    start = time.perf_counter()
    what_if(pack, answers)
    assert time.perf_counter() - start < 0.5


# --- weight sensitivity ------------------------------------------------------------------


def _check_flip(pack: Pack, answers: Answers, weights: dict[str, float], flip: WeightFlip) -> None:
    """Each threshold holds as stated when typed back in, and nothing flips before it."""
    winner = score(pack, answers, weights=weights, robustness=False).recommendation

    def at(x: float) -> str:
        moved = {**weights, flip.criterion: x}
        return score(pack, answers, weights=moved, robustness=False).recommendation

    def tied(x: float) -> bool:
        moved = {**weights, flip.criterion: x}
        return score(pack, answers, weights=moved, robustness=False).tie

    for threshold, direction in ((flip.below, -1), (flip.above, +1)):
        if threshold is None:
            # down to 0 with every other weight 0 is no weight set (refused): just above it
            alone = not any(w for c, w in weights.items() if c != flip.criterion)
            low = math.nextafter(0.0, 1.0) if alone and flip.weight > 0 else 0.0
            ends = [low, flip.weight / 2] if direction < 0 else [flip.weight * 2 + 1, MAX_WEIGHT]
            assert all(at(x) == winner for x in ends), (flip, ends)
            continue
        t = threshold.weight
        if exact(t) == threshold.exact:  # the crossing itself typed in: a tie exactly as said
            assert tied(t) == threshold.tie, threshold
        assert 0 <= t <= MAX_WEIGHT
        assert (t - flip.weight) * direction >= 0
        toward = math.inf if direction > 0 else -math.inf
        if threshold.inclusive:
            assert at(t) == threshold.to, threshold  # the weight itself gives it
        else:
            assert at(t) == winner and exact(t) == threshold.exact
            assert at(math.nextafter(t, toward)) == threshold.to  # just past it does
        between = float((exact(flip.weight) + threshold.exact) / 2)
        if (exact(between) - threshold.exact) * direction < 0:
            assert at(between) == winner  # nothing flips before the threshold
        typed = float(threshold.words("below" if direction < 0 else "above").rsplit(" ", 1)[1])
        if threshold.words("x").startswith("at or"):
            assert at(typed) == threshold.to  # the number a person reads flips it


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
      - {when: {question: size, at_least: 20}, values: {a: 0.0, b: 1.0, c: 0.5}, why: big}
      - {values: {a: 1.0, b: 0.25, c: 0.5}, why: small}
  - id: speed
    title: Speed
    weight: 3
    section: S
    rules:
      - {when: {question: fast, equals: true}, values: {a: 0.25, b: 0.0, c: 1.0}, why: fast}
  - id: kind
    title: Kind
    weight: 1
    section: S
    rules:
      - {when: {question: kind, equals: y}, values: {a: 0.0, b: 1.0, c: 0.0}, why: y}
      - {values: {a: 0.5, b: 0.5, c: 0.5}, why: x}
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


def test_the_only_weight_above_0_has_no_threshold_at_0() -> None:
    """Found by the analyst: 'at or below 0 hands it to FastAPI (0 itself gives a tie)' for
    the only weight above 0, where 0 leaves no weight at all, which --weight refuses."""
    java = {
        "memory_constrained": True,
        "pod_memory_mb": 512,
        "native_image_ok": False,
        "team_size": 40,
        "team_language": "java",
        "jvm_estate": "primary",
    }
    answers = check_answers(SHIPPED, java)
    only = {c.id: 0.0 for c in SHIPPED.criteria} | {"team_scale": 2.0}
    result = score(SHIPPED, answers, weights=only)
    flips = weight_sensitivity(SHIPPED, answers.values, result.weights, result.recommendation)
    scale = next(f for f in flips if f.criterion == "team_scale")
    assert scale.below is None or scale.below.weight > 0


def test_tie_goes_to_the_first_option_and_the_threshold_says_so() -> None:
    three = load_pack_three()
    weights = {"big": 2.0, "speed": 3.0, "kind": 1.0}
    fast = check_answers(three, {"size": 5, "fast": True, "kind": "x"})
    # sums: a 2 + 0.75 + 0.5 = 3.25, c 1 + 3 + 0.5 = 4.5 -> c; "speed" at 4/3 ties a and c
    flip = weight_sensitivity(three, fast.values, weights, "c")[1]
    assert flip.below is not None
    assert flip.below.exact == Fraction(4, 3) and flip.below.to == "a"
    assert flip.below.inclusive  # 4/3 is no decimal: the weight given is the float past it
    assert flip.below.weight < 4 / 3 or exact(flip.below.weight) < Fraction(4, 3)
    tied = score(three, fast, weights={"speed": 4 / 3})
    assert tied.recommendation == "a"
    result = score(three, fast, weights={"speed": 1.5})  # 3.375 against 3.75 + 0.5
    assert result.recommendation == "c"


def test_an_exact_tie_is_reported_as_a_tie() -> None:
    three = load_pack_three()
    # a: 2*1 + 3*0.5 + 0.5 = 4, c: 2*0.5 + 3*0.5 + 0.5 = 3, with big at 1: a 3, c 2.5 ...
    small = check_answers(three, {"size": 5, "fast": False, "kind": "x"})
    result = score(three, small, weights={"big": 0})  # a and c: 0 + 1.5 + 0.5 each
    assert result.tie and result.recommendation == "a" and result.confidence == "close_call"
    assert result.margin == 0.0


def test_a_weight_no_value_can_move_is_never(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    flips = {f.criterion: f for f in what_if(pack, answers).weights}
    assert flips["learning_hiring"].never  # seniors: an even split, whatever its weight
    ml = flips["ml_integration"]  # the one criterion for FastAPI: more weight hands it over
    assert ml.below is None and ml.above is not None and ml.above.to == "fastapi"


# --- explain ------------------------------------------------------------------------------


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_explain_steps_add_up_to_the_scores(data: dict[str, Any]) -> None:
    answers = check_answers(SHIPPED, data)
    explanation = explain(SHIPPED, answers)
    assert len(explanation.steps) == len(SHIPPED.criteria)
    for option, value_score in explanation.result.value_scores.items():
        total = sum(s.awarded[option] for s in explanation.steps)
        assert total == pytest.approx(value_score, abs=0.01 * len(explanation.steps))
    fired = {r.criterion: r.rule for r in explanation.result.reasons}
    for step in explanation.steps:
        if step.criterion in fired:
            assert step.rule == fired[step.criterion]
        if step.rule is None:  # does not apply: every option gets the same value
            assert len(set(step.values.values())) == 1 and step.favours is None


def test_explain_marks_the_organisations_weights(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    explanation = explain(pack, answers, {"footprint": 3.0})
    assert explanation.overrides == {"footprint": (2.5, 3.0)}
    step = next(s for s in explanation.steps if s.criterion == "footprint")
    assert (step.weight, step.pack_weight) == (3.0, 2.5)


def test_weight_overrides_are_worked_out_in_one_place(pack: Pack) -> None:
    from stackpick.render import common
    from stackpick.render import explain as explain_view
    from stackpick.render import result as result_view

    # score's view once had its own copy of the overrides and of their line of text
    assert not hasattr(result_view, "overrides") and not hasattr(result_view, "overrides_line")
    for view_module in (explain_view, result_view):
        assert vars(view_module)["overrides_text"] is common.overrides_text
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    weights = {"footprint": 3.0, "ecosystem": 0.0, "ml_integration": 3.0}  # the last is unchanged
    result = score(pack, answers, weights=weights)
    assert weight_overrides(pack, result.weights) == {
        "footprint": (2.5, 3.0),
        "ecosystem": (1.5, 0.0),
    }
    assert result_view.to_data(result, pack)["weight_overrides"] == {
        "footprint": {"pack": 2.5, "used": 3.0},
        "ecosystem": {"pack": 1.5, "used": 0.0},
    }
    assert explain(pack, answers, weights).overrides == weight_overrides(pack, result.weights)


def test_close_call_in_a_large_polyglot_org_brings_the_polyglot_advice(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    result = explain(pack, answers).result
    assert result.confidence == "close_call"
    size = answers.values["team_size"]
    assert answers.values["team_language"] == "both" and isinstance(size, int) and size >= 30
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
    start = bruteforce.value_scores(SHIPPED, a.values)
    end = bruteforce.value_scores(SHIPPED, b.values)
    for option in SHIPPED.option_ids:
        assert sum(m.exact_moves[option] for m in report.moves) == end[option] - start[option]


@settings(max_examples=40, deadline=None)
@BRUTE
@given(before=answer_sets(SHIPPED), after=answer_sets(SHIPPED))
def test_diff_moves_are_shapley_values_over_every_order(
    before: dict[str, Any], after: dict[str, Any]
) -> None:
    a, b = check_answers(SHIPPED, before), check_answers(SHIPPED, after)
    report = diff(SHIPPED, a, b)
    players = [m.question for m in report.moves]
    if len(players) > 5:
        return
    expected = bruteforce.shapley(SHIPPED, a, b, players)
    for move in report.moves:
        assert move.exact_moves == expected[move.question]
    back = {m.question: m.exact_moves for m in diff(SHIPPED, b, a).moves}
    for move in report.moves:  # undoing a change moves the scores back by as much
        assert back[move.question] == {o: -v for o, v in move.exact_moves.items()}


def test_diff_of_the_same_answers_is_empty(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "minimal.yaml"))
    assert diff(pack, answers, answers).moves == ()


def test_a_multi_choice_answer_is_the_same_in_any_order(pack: Pack) -> None:
    written = check_answers(pack, {"enterprise_integrations": ["soap", "jms"]})
    other = check_answers(pack, {"enterprise_integrations": ["jms", "soap"]})
    assert written.values == other.values  # held in the pack's order of the choices
    assert written.values["enterprise_integrations"] == ("jms", "soap")
    assert diff(pack, written, other).moves == ()


# --- consensus ---------------------------------------------------------------------------


@SETTINGS
@given(room=st.lists(answer_sets(SHIPPED), min_size=2, max_size=4))
def test_consensus_against_scoring_everyone_by_hand(room: list[dict[str, Any]]) -> None:
    people = [(f"p{i}", check_answers(SHIPPED, data)) for i, data in enumerate(room)]
    report = consensus(SHIPPED, people)
    verdicts = [bruteforce.verdict(SHIPPED, a.values) for _, a in people]
    means = {
        o: sum((v.scores[o] for v in verdicts), Fraction(0)) / len(verdicts)
        for o in SHIPPED.option_ids
    }
    assert report.combined.scores == {o: float(bruteforce.round2(m)) for o, m in means.items()}
    best = max(means.values())
    assert report.combined.recommendation == next(o for o in SHIPPED.option_ids if means[o] == best)
    assert report.combined.votes == {
        o: sum(v.recommendation == o and not v.tie for v in verdicts) for o in SHIPPED.option_ids
    }  # a person whose own result is a tie votes for neither
    disputed = {  # an answer left to the default is the default, as scoring reads it
        q.id for q in SHIPPED.questions if len({a.values[q.id] for _, a in people} - {None}) > 1
    }
    assert {d.question for d in report.disputes} == disputed
    deciding = [d.changes_outcome for d in report.disputes]
    assert deciding == sorted(deciding, reverse=True)  # the ones that decide it first
    if any(deciding):
        assert report.combined.confidence != "clear"
    pick = report.combined.recommendation
    for dispute in report.disputes:
        assert dispute.settle_first == (dispute.changes_outcome and dispute.kind == "fact")
        # it decides the outcome when some way of settling it leaves the room another pick,
        # or makes a tie of it, or (in a tied room) ends the tie
        tie = report.combined.tie
        assert dispute.changes_outcome == any(
            (o.recommendation, o.tie) != (pick, tie) for o in dispute.outcomes
        )
        for outcome in dispute.outcomes:
            settled = [_rescore(SHIPPED, a, dispute.question, outcome.value) for _, a in people]
            mean = {
                o: sum((r.exact_scores[o] for r in settled), Fraction(0)) / len(settled)
                for o in SHIPPED.option_ids
            }
            assert outcome.scores == {o: float(bruteforce.round2(m)) for o, m in mean.items()}


@SETTINGS
@given(data=answer_sets(SHIPPED))
def test_a_room_of_one_mind_is_as_confident_as_each_of_them(data: dict[str, Any]) -> None:
    answers = check_answers(SHIPPED, data)
    alone = score(SHIPPED, answers)
    report = consensus(SHIPPED, [("ann", answers), ("ben", answers)])
    assert report.combined.recommendation == alone.recommendation
    assert report.combined.confidence == alone.confidence


@BRUTE
@SETTINGS
@given(room=st.lists(answer_sets(SHIPPED), min_size=2, max_size=3))
def test_a_clear_room_survives_any_one_answer_the_whole_room_changes(
    room: list[dict[str, Any]],
) -> None:
    people = [check_answers(SHIPPED, data) for data in room]
    report = consensus(SHIPPED, [(f"p{i}", a) for i, a in enumerate(people)])
    if report.combined.confidence != "clear":
        return
    winner = report.combined.recommendation
    for question in SHIPPED.questions:
        for value in bruteforce.domain(SHIPPED, question):
            verdicts = [
                bruteforce.verdict_of(SHIPPED, {**given_values(a), question.id: value})
                for a in people
            ]
            means = {o: sum(v.scores[o] for v in verdicts) for o in SHIPPED.option_ids}
            best = max(means.values())
            assert [o for o in SHIPPED.option_ids if means[o] == best] == [winner], (
                question.id,
                value,
            )


def test_a_room_is_capped_as_anyone_in_it_is(pack: Pack) -> None:
    # JCA caps FastAPI at a close call: two people who both need it are a close call too
    erin = {
        "team_size": 4,
        "team_language": "python",
        "jvm_estate": "none",
        "greenfield": True,
        "ml_integration": True,
        "cold_start_critical": True,
        "memory_constrained": True,
        "fast_iteration": True,
        "enterprise_integrations": ["jca"],
    }
    answers = check_answers(pack, erin)
    assert score(pack, answers).confidence == "close_call"
    report = consensus(pack, [("erin", answers), ("frank", answers)])
    assert report.combined.recommendation == "fastapi"
    assert report.combined.confidence == "close_call"


def test_a_fact_every_answer_to_which_overturns_the_room_decides_it(pack: Pack) -> None:
    # the room's mean picks FastAPI, yet greenfield settled either way gives Spring Boot
    # (settled false, ben's codebase is the JVM one he named; found by a random search)
    ann = {
        "team_size": 40,
        "greenfield": False,
        "existing_stack": "python",
        "cpu_work": "native_libraries",
    }
    ben = {"existing_stack": "jvm", "team_experience": "senior", "team_size": 8}
    people = [("ann", check_answers(pack, ann)), ("ben", check_answers(pack, ben))]
    report = consensus(pack, people)
    assert report.combined.recommendation == "fastapi"
    greenfield = next(d for d in report.disputes if d.question == "greenfield")
    assert {o.recommendation for o in greenfield.outcomes} == {"spring_boot"}
    assert greenfield.changes_outcome and "greenfield" in report.settle_first


def test_an_answer_beside_a_default_is_a_disagreement(pack: Pack) -> None:
    carol = {"team_language": "java", "jvm_estate": "primary", "ml_integration": True}
    dan = dict(carol)
    carol |= {"cold_start_critical": True, "memory_constrained": True}
    people = [("carol", check_answers(pack, carol)), ("dan", check_answers(pack, dan))]
    report = consensus(pack, people)
    cold = next(d for d in report.disputes if d.question == "cold_start_critical")
    held = {o.value: (o.held_by, o.by_default) for o in cold.outcomes}
    assert held == {True: (("carol",), ()), False: ((), ("dan",))}


def test_a_disputed_fact_that_decides_is_settled_first_not_averaged(pack: Pack) -> None:
    base = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    ann = check_answers(pack, {**given_values(base), "jvm_estate": "primary"})
    ben = check_answers(pack, {**given_values(base), "jvm_estate": "none"})
    report = consensus(pack, [("ann", ann), ("ben", ben)])
    assert report.settle_first == ("jvm_estate",)
    assert report.disputes[0].question == "jvm_estate"
    assert report.combined.confidence != "clear"


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
    assert Threshold(weight, inclusive, "x", exact(weight)).words(side) == words


@given(
    weight=st.floats(0, 1_000_000, allow_nan=False),
    inclusive=st.booleans(),
    side=st.sampled_from(["below", "above"]),
)
def test_the_number_in_threshold_words_typed_as_a_weight_flips(
    weight: float, inclusive: bool, side: str
) -> None:
    words = Threshold(weight, inclusive, "x", exact(weight)).words(side)
    typed = float(words.rsplit(" ", 1)[1])  # what a person would pass to --weight
    past = typed < weight if side == "below" else typed > weight
    if words.startswith("at or"):
        assert past or (typed == weight and inclusive), words
    else:  # "below t": the threshold itself, which does not flip
        assert typed == weight and not inclusive, words
    assert abs(typed - weight) <= 0.01 + 1e-9 * weight, words


def test_no_weight_past_the_largest_allowed_is_suggested(pack: Pack) -> None:
    answers = read_answers(pack, str(EXAMPLES / "polyglot-close-call.yaml"))
    heavy = {**pack.weights, "platform_fit": 123456.78, "ml_integration": 654321.12}
    report = what_if(pack, answers, heavy)
    for flip in report.weights:
        for threshold in (flip.below, flip.above):
            assert threshold is None or 0 <= threshold.weight <= MAX_WEIGHT, flip.criterion


# --- from the third outside review --------------------------------------------------------


def _room(pack: Pack, *people: dict[str, Any]) -> Any:
    return consensus(pack, [(f"p{i}", check_answers(pack, p)) for i, p in enumerate(people)])


def test_in_a_tied_room_a_dispute_that_changes_nothing_decides_nothing(pack: Pack) -> None:
    ann = {
        "jvm_estate": "some",
        "team_size": 6,
        "memory_constrained": False,
        "typing_priority": True,
        "stateful_service": True,
        "workload_profile": "io_bound",
    }
    ben = {"memory_constrained": True, "regulated_industry": False}  # team_size: the default
    report = _room(pack, ann, ben)
    assert report.combined.tie
    size = next(d for d in report.disputes if d.question == "team_size")
    assert all(o.tie and o.recommendation == report.combined.recommendation for o in size.outcomes)
    assert not size.changes_outcome and "team_size" not in report.settle_first


def test_a_settled_tie_is_worded_as_a_tie(pack: Pack) -> None:
    from stackpick.render.consensus import effect_text

    # found by a random search: team_growth settled yes gives an exact tie
    common = {
        "fast_iteration": True,
        "greenfield": True,
        "regulated_industry": False,
        "ml_integration": True,
        "memory_constrained": False,
        "workload_profile": "cpu_bound",
    }
    report = _room(pack, common | {"team_growth": False}, common | {"team_growth": True})
    dispute = next(d for d in report.disputes if d.question == "team_growth")
    assert any(o.tie for o in dispute.outcomes)
    assert "yes gives a tie (FastAPI listed first)" in effect_text(dispute, pack)


def test_answers_that_give_the_same_outcome_are_worded_together(pack: Pack) -> None:
    """'4, 6, 8 or 18 give X; 45 or 150 give Y', numbers in order; labels that hold an
    'and', a comma or an 'or' (and several choices) each on their own, so no two run
    into one."""
    from stackpick.render.consensus import effect_text

    files = sorted(EXAMPLES.glob("*.yaml"))
    report = consensus(pack, [(f.stem, read_answers(pack, str(f))) for f in files])
    disputes = {d.question: d for d in report.disputes}
    assert (
        "Settling it decides the outcome: 4, 6, 8 or 18 give FastAPI; 45 or 150 give"
        " Spring Boot." in effect_text(disputes["team_size"], pack)
    )
    for question in ("team_language", "enterprise_integrations"):
        text = effect_text(disputes[question], pack)
        assert " give " not in text and text.count(" gives ") == len(disputes[question].outcomes), (
            text
        )


def test_a_room_whose_option_is_ruled_out_for_someone_is_not_clear(pack: Pack) -> None:
    """Found by a brute-force review: a cap that holds for anyone caps the room, yet a
    rule-out (stronger) neither showed nor kept the room from clear."""
    bob = {
        "team_size": 40, "team_growth": True, "team_language": "java",
        "team_experience": "senior", "jvm_estate": "primary", "greenfield": True,
        "workload_profile": "cpu_bound", "cpu_work": "python_code", "ml_integration": False,
        "cold_start_critical": False, "memory_constrained": False, "pod_memory_mb": 512,
        "enterprise_integrations": ["soap"], "regulated_industry": True,
        "typing_priority": True, "fast_iteration": False, "ecosystem_needs": "broad",
        "stateful_service": True,
    }  # fmt: skip
    alice = bob | {"memory_constrained": True, "pod_memory_mb": 200, "native_image_ok": False}
    report = _room(pack, alice, bob, bob)
    assert report.combined.recommendation == "spring_boot" and report.combined.margin >= 15
    assert [(n, c.id) for n, c in report.ruled_out_for] == [("p0", "jvm_pod_does_not_fit")]
    assert report.combined.confidence != "clear"
    assert _room(pack, bob, bob).combined.confidence == "clear"  # without her: clear


def test_an_answer_of_not_sure_is_worded_apart_from_one_left_out(pack: Pack) -> None:
    from stackpick.render.consensus import held_text

    report = _room(
        pack, {"team_size": 40}, {"team_size": "unknown"}, {}, {"team_size": 8}
    )  # the default is 8
    dispute = next(d for d in report.disputes if d.question == "team_size")
    assert (
        held_text(dispute, pack)
        == "40 (p0); 8 (p3, and p2 by default, and p1 not sure, so the default)"
    )
    eight = next(o for o in dispute.outcomes if o.value == 8)
    assert (eight.held_by, eight.by_default, eight.unsure) == (("p3",), ("p1", "p2"), ("p1",))


def test_a_person_whose_own_result_is_a_tie_votes_for_neither(pack: Pack) -> None:
    p1 = {
        "cold_start_critical": "unknown", "cpu_work": "native_libraries",
        "ecosystem_needs": "modern", "enterprise_integrations": [], "existing_stack": "other",
        "fast_iteration": False, "greenfield": True, "jvm_estate": "primary",
        "memory_constrained": True, "ml_integration": False, "native_image_ok": False,
        "pod_memory_mb": 512, "regulated_industry": False, "slow_downstream": True,
        "stateful_service": False, "team_experience": "mixed", "team_growth": False,
        "team_language": "both", "team_size": 1, "typing_priority": False,
        "workload_profile": "io_bound",
    }  # fmt: skip
    p0 = p1 | {"typing_priority": True}
    report = _room(pack, p0, p1)
    assert report.people[0].result.tie and not report.people[1].result.tie
    assert report.combined.votes == {"fastapi": 1, "spring_boot": 0}
    from stackpick.render.consensus import summary, votes_text

    assert votes_text(report, pack) == "Votes: FastAPI 1, Spring Boot 0; 1 tied, for neither"
    assert summary(report, pack).startswith("The 2 people do not get the same")


def test_open_answers_that_flip_no_one_can_still_flip_the_room(pack: Pack) -> None:
    """Found by a brute-force review: raj's open answers, filled in, lift the rule-out of
    Spring Boot and push raj's own lead (FastAPI) down without flipping it, but maria's
    Spring Boot is far enough ahead on her own that the room flips. Each person's own
    open flips miss that: the room adds up what everyone's open answers can do."""
    maria = {
        "cold_start_critical": True, "cpu_work": "native_libraries", "ecosystem_needs": "modern",
        "enterprise_integrations": [], "existing_stack": "python", "fast_iteration": False,
        "greenfield": False, "jvm_estate": "primary", "memory_constrained": True,
        "ml_integration": False, "native_image_ok": True, "pod_memory_mb": 251,
        "regulated_industry": True, "slow_downstream": False, "stateful_service": True,
        "team_experience": "junior", "team_growth": True, "team_language": "java",
        "team_size": 106, "typing_priority": True, "workload_profile": "mixed",
    }  # fmt: skip
    raj = {
        "cold_start_critical": "unknown", "cpu_work": "native_libraries",
        "ecosystem_needs": "unknown", "enterprise_integrations": [], "existing_stack": "jvm",
        "fast_iteration": True, "greenfield": True, "jvm_estate": "none",
        "memory_constrained": True, "pod_memory_mb": 178, "regulated_industry": False,
        "slow_downstream": False, "team_growth": True, "team_language": "python",
        "team_size": "unknown", "typing_priority": False,
    }  # fmt: skip
    report = _room(pack, maria, raj)
    assert report.combined.recommendation == "fastapi" and report.combined.margin >= 15
    assert not any(p.result.open_flips for p in report.people)  # no one's own result flips
    found_out = raj | {
        "native_image_ok": True,
        "stateful_service": True,
        "ecosystem_needs": "broad",
    }
    assert _room(pack, maria, found_out).combined.recommendation == "spring_boot"
    assert report.combined.confidence != "clear"


def test_a_room_is_not_clear_while_open_answers_can_flip_someone_in_it(pack: Pack) -> None:
    # filling in five answers both left open flips the room; neither listed that set
    alice = {
        "jvm_estate": "primary",
        "workload_profile": "io_bound",
        "ml_integration": False,
        "native_image_ok": True,
        "enterprise_integrations": ["jms", "jca"],
        "fast_iteration": False,
        "stateful_service": True,
    }
    bob = {
        "cold_start_critical": False,
        "native_image_ok": True,
        "enterprise_integrations": ["jms", "jca"],
        "stateful_service": True,
    }
    assert _room(pack, alice, bob).combined.confidence != "clear"
    fill = {
        "team_experience": "junior",
        "greenfield": False,
        "existing_stack": "python",
        "slow_downstream": True,
        "memory_constrained": True,
    }
    assert _room(pack, alice | fill, bob | fill).combined.recommendation == "fastapi"
