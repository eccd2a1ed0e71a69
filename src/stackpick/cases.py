"""A pack's own test cases (``stackpick criteria test``), as ``opa test`` runs a policy's.

A case file holds ``cases:``, each a team written up as answers plus what the pack must
make of them::

    cases:
      - name: A small team in a hurry
        answers: {team_size: 4, deadline: tight}
        expect:
          recommendation: option_a
          confidence_at_least: lean      # or confidence:, confidence_at_most:
          mentions: [ships sooner]       # text the result must say (any view)
          omits: [rewrite]               # text it must not say
          hinges_on: [team_size]         # questions it must hinge on (or [] for none)

Files are read like every other: a mistake (an unknown question, a wrong value, an
option or level the pack does not have) is bad input, named at its file and line. A
case whose expectation fails is a failure, also at its line. Coverage says which rules,
constraints, trade-offs and advice no case reaches.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stackpick.answers import Answers, check_answers
from stackpick.engine import Result, model_of, score
from stackpick.errors import InputError, StackpickError, nearest, shorten
from stackpick.models import Pack
from stackpick.yamlfile import Document, load_file

CASE_KEYS = ("name", "why", "answers", "expect")
EXPECT_KEYS = (
    "recommendation",
    "confidence",
    "confidence_at_least",
    "confidence_at_most",
    "mentions",
    "omits",
    "hinges_on",
    "tie",
)


@dataclass(frozen=True)
class Case:
    """One team and what the pack must make of its answers."""

    name: str
    source: str
    line: int | None
    answers: Answers
    expect: Mapping[str, Any]


@dataclass(frozen=True)
class Outcome:
    """A case run: its result and every expectation it failed, in words."""

    case: Case
    result: Result
    failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Every expectation held."""
        return not self.failures


@dataclass(frozen=True)
class Coverage:
    """What the cases reached, and what no case did (as pack locations with a label)."""

    reached: int
    total: int
    missed: tuple[tuple[tuple[str | int, ...], str], ...]


@dataclass(frozen=True)
class Report:
    """Every case run, and the coverage of the pack."""

    outcomes: tuple[Outcome, ...]
    coverage: Coverage
    files: tuple[str, ...] = field(default_factory=tuple)

    @property
    def failed(self) -> tuple[Outcome, ...]:
        """The cases that did not pass."""
        return tuple(o for o in self.outcomes if not o.passed)


def case_files(path: Path) -> list[Path]:
    """The case files at ``path``: a file, or every .yaml in a folder."""
    if path.is_dir():
        found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
        if not found:
            raise InputError("holds no .yaml case files", source=str(path))
        return found
    if not path.exists():
        raise InputError("no such case file or folder", source=str(path))
    return [path]


def read_cases(pack: Pack, path: str) -> list[Case]:
    """The cases of one file, checked against the pack."""
    document = load_file(path)
    data = document.data
    if (
        not isinstance(data, dict)
        or set(data) - {"cases"}
        or not isinstance(data.get("cases"), list)
    ):
        raise InputError("must hold 'cases:', a list of cases", source=path, line=1)
    if not data["cases"]:  # a gate with nothing in it cannot fail
        raise InputError(
            "holds no cases; write at least one under 'cases:'",
            source=path,
            line=document.line(("cases",)),
        )
    return [_case(pack, document, index, item) for index, item in enumerate(data["cases"])]


def _case(pack: Pack, document: Document, index: int, item: object) -> Case:
    where: tuple[str | int, ...] = ("cases", index)

    def fail(message: str, *more: str | int) -> InputError:
        return InputError(message, source=document.source, line=document.line((*where, *more)))

    if not isinstance(item, dict):
        raise fail("a case is a mapping of name, answers and expect")
    for key in item:
        if key not in CASE_KEYS:
            hint = nearest(str(key), CASE_KEYS, aside=True)
            raise fail(
                f"unknown key '{shorten(key)}'{hint}; a case takes: " + ", ".join(CASE_KEYS), key
            )
    name = item.get("name")
    if not isinstance(name, str) or not name.strip():
        raise fail("a case needs a name")
    answers = item.get("answers", {})
    if not isinstance(answers, dict):
        raise fail("answers: a mapping of question id to answer", "answers")
    inner = Document(
        document.source,
        answers,
        {
            k[len(where) + 1 :]: v
            for k, v in document.lines.items()
            if k[: len(where) + 1] == (*where, "answers")
        },
    )
    try:
        checked = check_answers(pack, {}, inner)
    except StackpickError as exc:
        raise InputError(
            f"case '{shorten(name)}': {exc.message}", source=document.source, line=exc.line
        ) from None
    expect = item.get("expect")
    if not isinstance(expect, dict) or not expect:
        raise fail("a case needs expect: (recommendation, confidence, mentions, ...)", "expect")
    _check_expect(pack, expect, lambda message, key: fail(message, "expect", key))
    return Case(name, document.source, document.line(where), checked, expect)


def _check_expect(pack: Pack, expect: Mapping[str, Any], fail: Any) -> None:
    levels = [c.level for c in pack.confidence]
    for key, value in expect.items():
        if key not in EXPECT_KEYS:
            hint = nearest(str(key), EXPECT_KEYS, aside=True)
            raise fail(
                f"unknown expectation '{shorten(key)}'{hint}; allowed: " + ", ".join(EXPECT_KEYS),
                key,
            )
        if key == "recommendation" and value not in pack.option_ids:
            hint = nearest(str(value), pack.option_ids, aside=True)
            raise fail(
                f"unknown option '{shorten(value)}'{hint}; options: " + ", ".join(pack.option_ids),
                key,
            )
        if key.startswith("confidence") and value not in levels:
            hint = nearest(str(value), levels, aside=True)
            raise fail(
                f"unknown confidence level '{shorten(value)}'{hint}; levels: " + ", ".join(levels),
                key,
            )
        if key in ("mentions", "omits") and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            must = "must say" if key == "mentions" else "must not say"
            raise fail(f"{key}: a list of texts the result {must}", key)
        questions = pack.question_map
        if key == "hinges_on" and (
            not isinstance(value, list) or any(v not in questions for v in value)
        ):
            raise fail("hinges_on: a list of question ids ([] for none)", key)
        if key == "tie" and not isinstance(value, bool):
            raise fail("tie: true or false", key)


def run_case(pack: Pack, case: Case) -> Outcome:
    """Score a case and check every expectation."""
    result = score(pack, case.answers)
    return Outcome(case, result, tuple(_failures(pack, case.expect, result)))


def _failures(pack: Pack, expect: Mapping[str, Any], result: Result) -> Iterator[str]:
    rank = {c.level: i for i, c in enumerate(pack.confidence_by_margin)}  # 0 is the highest
    got = result.confidence
    wanted = expect.get("recommendation")
    if wanted is not None and result.recommendation != wanted:
        yield f"recommends {result.recommendation} ({got}), not {wanted}"
    if "confidence" in expect and got != expect["confidence"]:
        yield f"confidence is {got}, not {expect['confidence']}"
    if "confidence_at_least" in expect and rank[got] > rank[expect["confidence_at_least"]]:
        yield f"confidence is {got}, below {expect['confidence_at_least']}"
    if "confidence_at_most" in expect and rank[got] < rank[expect["confidence_at_most"]]:
        yield f"confidence is {got}, above {expect['confidence_at_most']}"
    if "tie" in expect and result.tie != expect["tie"]:
        yield "is a tie" if result.tie else "is not a tie"
    said = _said(result).lower()
    for text in expect.get("mentions", ()):
        if text.lower() not in said:
            yield f"does not mention '{text}'"
    for text in expect.get("omits", ()):
        if text.lower() in said:
            yield f"mentions '{text}', which it must not"
    if "hinges_on" in expect:
        hinges = {c.question for c in result.hinges_on}
        wanted_hinges = set(expect["hinges_on"])
        if not wanted_hinges and hinges:
            yield "hinges on " + ", ".join(sorted(hinges)) + ", expected on nothing"
        for question in sorted(wanted_hinges - hinges):
            yield f"does not hinge on {question}"


def _said(result: Result) -> str:
    """Everything the result says in words: reasons, trade-offs, advice, constraints."""
    parts = [r.why for r in result.reasons] + [r.title for r in result.reasons]
    for note in (*result.tradeoffs, *result.advice, *result.constraints):
        parts += [note.title, note.text]
    return "\n".join(parts)


def run_cases(pack: Pack, paths: Sequence[Path]) -> Report:
    """Read every case file (all of them first, so bad input stops before any run)."""
    cases = [case for path in paths for case in read_cases(pack, str(path))]
    outcomes = tuple(run_case(pack, c) for c in cases)
    return Report(outcomes, coverage(pack, outcomes), tuple(str(p) for p in paths))


def coverage(pack: Pack, outcomes: Sequence[Outcome]) -> Coverage:
    """Which rules, constraints, trade-offs and advice some case reaches."""
    model = model_of(pack)
    reached: set[tuple[str | int, ...]] = set()
    for outcome in outcomes:
        values = outcome.result.answers
        state = model.evaluate(model.scale(outcome.result.weights), values)
        for index, (rule, _) in enumerate(state.rows):
            if rule >= 0:
                reached.add(("criteria", index, "rules", rule))
        reached |= {("constraints", i) for i, h in enumerate(state.holding) if h}
        reached |= _notes_reached(pack, outcome.result)
    every = list(_everything(pack))
    missed = tuple((loc, label) for loc, label in every if loc not in reached)
    return Coverage(len(every) - len(missed), len(every), missed)


def _notes_reached(pack: Pack, result: Result) -> set[tuple[str | int, ...]]:
    found: set[tuple[str | int, ...]] = set()
    values = result.answers
    for index, t in enumerate(pack.tradeoffs):
        if t.option == result.recommendation and (t.when is None or t.when.compiled(values)):
            found.add(("tradeoffs", index))
    shown = {a.id for a in result.advice}
    found |= {("advice", i) for i, a in enumerate(pack.advice) if a.id in shown}
    return found


def _everything(pack: Pack) -> Iterator[tuple[tuple[str | int, ...], str]]:
    for index, criterion in enumerate(pack.criteria):
        for r_index, _ in enumerate(criterion.rules):
            yield (
                ("criteria", index, "rules", r_index),
                f"rule {r_index + 1} of criterion {criterion.id}",
            )
    for index, constraint in enumerate(pack.constraints):
        yield ("constraints", index), f"constraint {constraint.id}"
    for index, tradeoff in enumerate(pack.tradeoffs):
        yield ("tradeoffs", index), f"trade-off {index + 1} of {tradeoff.option}"
    for index, advice in enumerate(pack.advice):
        yield ("advice", index), f"advice {advice.id}"
