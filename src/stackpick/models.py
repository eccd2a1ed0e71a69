"""Pydantic models of a criteria pack: the shape of the YAML in ``criteria/``.

Everything the engine knows about options, questions and criteria is data in these
models; nothing here names a particular framework. The models check shape and
local sense (types, ranges, one form per condition); cross-references (a condition
naming a known question with a value of its type) are checked in :mod:`stackpick.pack`,
where the line numbers are known.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

# Numbers in a pack are strict: YAML's `true` is not 1 and "3" is not 3 here.
StrictInt = Annotated[int, Field(strict=True)]
StrictFloat = Annotated[float, Field(strict=True)]
MAX_WEIGHT = 1_000_000.0


def weight_problem(weight: object) -> str | None:
    """Why ``weight`` cannot be a criterion's weight, or None when it can."""
    if isinstance(weight, bool) or not isinstance(weight, int | float):
        return "a weight must be a number"
    if not math.isfinite(weight) or not 0 <= weight <= MAX_WEIGHT:
        return f"a weight must be a finite number from 0 to {MAX_WEIGHT:,.0f}"
    return None


def weight_text(weight: float) -> str:
    """A weight as people type it: 3, 2.5, 123456.78 (two decimals at most, never 1e+06)."""
    text = f"{weight:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text  # -0 (and what rounds to it) is 0


Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Scalar = bool | int | str


def cap_text(level: str) -> str:
    """A confidence level after 'at most': 'a close call', 'lean'."""
    words = level.replace("_", " ")
    return f"a {words}" if level == "close_call" else words


def constraint_words(name: str, effect: str, why: str, *, leads: bool) -> str:
    """A constraint that holds, in words: 'Option A is ruled out: <why>'.

    A cap binds only the option that leads ('Option B can be at most lean: ...'); on one
    that does not, it says what it would do ('Option B, if it led, could be at most lean').
    """
    if effect == "rule_out":
        return f"{name} is ruled out: {why}"
    if leads:
        return f"{name} can be at most {cap_text(effect)}: {why}"
    return f"{name}, if it led, could be at most {cap_text(effect)}: {why}"


class _Model(BaseModel):
    # defer_build: a pack rebuilt from the cache (stackpick.packcache) is never validated,
    # so its models need no validators; a pack read from YAML builds them on first use.
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)


class Condition(_Model):
    """A test over the answers, in one of a few structured forms (never code).

    Combinators: ``all``, ``any``, ``not``. A test names a ``question`` and one of
    ``equals``, ``in``, ``at_least``, ``at_most`` or ``contains``. On a multi-choice
    question ``at_least``/``at_most`` count the chosen values.
    """

    all_: tuple[Condition, ...] | None = Field(None, alias="all")
    any_: tuple[Condition, ...] | None = Field(None, alias="any")
    not_: Condition | None = Field(None, alias="not")
    question: Identifier | None = None
    equals: Scalar | None = None
    in_: tuple[Scalar, ...] | None = Field(None, alias="in")
    at_least: StrictInt | None = None
    at_most: StrictInt | None = None
    contains: str | None = None

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        combinators = [n for n in ("all_", "any_", "not_") if getattr(self, n) is not None]
        tests = [n for n in TEST_FIELDS if getattr(self, n) is not None]
        if combinators:
            if len(combinators) > 1 or tests or self.question is not None:
                raise ValueError("a condition is exactly one of all, any, not or a question test")
            return self
        if self.question is None:
            raise ValueError("a condition needs all, any, not, or a question with a test")
        if len(tests) != 1:
            raise ValueError(
                "a question test needs exactly one of equals, in, at_least, at_most, contains"
            )
        return self

    @property
    def test(self) -> str:
        """The name of this condition's form, as written in YAML."""
        for name in (*TEST_FIELDS, "all_", "any_", "not_"):
            if getattr(self, name) is not None:
                return name.rstrip("_")
        raise AssertionError("unreachable: validated condition has a form")

    @cached_property
    def compiled(self) -> Callable[[Mapping[str, Any]], bool]:
        """This condition as a function of the answers, built once (scoring runs it a lot).

        An unanswered question (None) fails every test; equality is by value and type,
        so ``true`` never equals ``1``.
        """
        return _compile(self)

    def questions(self) -> set[str]:
        """Every question id this condition reads."""
        found = {self.question} if self.question else set()
        for child in self.children():
            found |= child.questions()
        return found

    def children(self) -> tuple[Condition, ...]:
        """The nested conditions of a combinator (empty for a test)."""
        if self.not_ is not None:
            return (self.not_,)
        return self.all_ or self.any_ or ()


TEST_FIELDS = ("equals", "in_", "at_least", "at_most", "contains")

Check = Callable[[Mapping[str, Any]], bool]


def _compile(condition: Condition) -> Check:
    if condition.all_ is not None:
        parts = [c.compiled for c in condition.all_]
        return lambda values: all(part(values) for part in parts)
    if condition.any_ is not None:
        parts = [c.compiled for c in condition.any_]
        return lambda values: any(part(values) for part in parts)
    if condition.not_ is not None:
        inner = condition.not_.compiled
        return lambda values: not inner(values)
    return _compile_test(condition, condition.question or "")


def _compile_test(condition: Condition, question: str) -> Check:
    if condition.equals is not None or condition.in_ is not None:
        wanted = {(type(v), v) for v in (condition.in_ or (condition.equals,))}

        def matches(values: Mapping[str, Any]) -> bool:
            value = values.get(question)
            return value is not None and (type(value), value) in wanted

        return matches
    if condition.contains is not None:
        item = condition.contains
        return lambda values: isinstance(v := values.get(question), tuple) and item in v
    low = condition.at_least if condition.at_least is not None else -math.inf
    high = condition.at_most if condition.at_most is not None else math.inf

    def in_range(values: Mapping[str, Any]) -> bool:
        value = values.get(question)
        amount = len(value) if isinstance(value, tuple) else value
        if not isinstance(amount, int) or isinstance(amount, bool):
            return False
        return low <= amount <= high

    return in_range


# Every question may be answered ``unknown`` (CONTRACT.md), so no choice may take that name.
UNKNOWN = "unknown"


class Choice(_Model):
    """One allowed value of a choice or multi-choice question."""

    value: Identifier
    label: str

    @field_validator("value")
    @classmethod
    def _not_unknown(cls, value: str) -> str:
        if value == UNKNOWN:
            raise ValueError(
                f"a choice may not be called '{UNKNOWN}': every question takes"
                f" '{UNKNOWN}' already, for an answer nobody knows yet"
            )
        return value


QuestionType = Literal["integer", "boolean", "choice", "multi"]
# A fact is true or false of the organisation (find it out); a preference is the team's
# to weigh (agree on it). Consensus settles disputed facts before it averages anything.
QuestionKind = Literal["fact", "preference"]


class Question(_Model):
    """A question put to the team; its answer feeds the rules."""

    id: Identifier
    prompt: str = Field(min_length=1)
    help: str = ""
    type: QuestionType
    choices: tuple[Choice, ...] = ()
    min: StrictInt | None = None
    max: StrictInt | None = None
    default: Scalar | tuple[str, ...] | None = None
    when: Condition | None = None
    section: str = ""
    kind: QuestionKind = "fact"

    @model_validator(mode="after")
    def _fits_type(self) -> Question:
        has_choices = self.type in ("choice", "multi")
        if has_choices and not self.choices:
            raise ValueError(f"a {self.type} question needs choices")
        if not has_choices and self.choices:
            raise ValueError(f"a {self.type} question takes no choices")
        if self.type != "integer" and (self.min is not None or self.max is not None):
            raise ValueError("only integer questions take min and max")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        values = [c.value for c in self.choices]
        if len(set(values)) != len(values):
            raise ValueError("choice values must be unique")
        return self

    @cached_property
    def choice_values(self) -> tuple[str, ...]:
        """The allowed values, in the pack's order."""
        return tuple(c.value for c in self.choices)

    @cached_property
    def choice_set(self) -> frozenset[str]:
        """The allowed values, for fast membership tests."""
        return frozenset(self.choice_values)

    def held(self, value: Any) -> Any:
        """A checked answer as the engine holds it: a list becomes a tuple.

        A multi-choice answer is a set of choices, so it takes the pack's order of them
        whatever order it was written in: ``[soap, jms]`` and ``[jms, soap]`` are one
        answer, never a change from one to the other.
        """
        if not isinstance(value, list | tuple):
            return value
        if self.type == "multi":
            chosen = set(value)
            return tuple([c for c in self.choice_values if c in chosen])
        return tuple(value)


class Option(_Model):
    """One of the stacks being compared."""

    id: Identifier
    name: str = Field(min_length=1)
    summary: str = ""


# An option's value on a criterion: 0 is the worst, 1 the best (a value function of SMART).
Value = Annotated[float, Field(strict=True, ge=0.0, le=1.0, allow_inf_nan=False)]


class Rule(_Model):
    """When ``when`` holds (or always, without it), each option's value on the criterion.

    A value is from 0 (worst) to 1 (best) and every option is given one: an option the
    rule left out would score a silent zero.
    """

    when: Condition | None = None
    values: dict[Identifier, Value]
    why: str = Field(min_length=1)


class Criterion(_Model):
    """A weighted decision factor; the first rule whose condition holds gives the values.

    When no rule holds the criterion does not apply, and every option gets ``neutral``:
    equal values, so it moves no option against another.
    """

    id: Identifier
    title: str = Field(min_length=1)
    weight: StrictFloat
    section: str = Field(min_length=1)
    rules: tuple[Rule, ...] = Field(min_length=1)
    neutral: Value = 0.5
    why_weight: str = ""

    @field_validator("weight")
    @classmethod
    def _sensible_weight(cls, weight: float) -> float:
        problem = weight_problem(weight)
        if problem:
            raise ValueError(problem)
        return weight


ConstraintEffect = Literal["rule_out", "cap"]


class Constraint(_Model):
    """What no weight can outvote: under ``when``, ``option`` is ruled out or capped.

    ``rule_out`` takes the option out of the running (its score is 0, shown with the
    reason); ``cap`` keeps it in but limits its confidence, when it wins, to ``cap``.
    """

    id: Identifier
    option: Identifier
    effect: ConstraintEffect
    cap: Identifier | None = None
    when: Condition
    why: str = Field(min_length=1)
    section: str = ""

    @model_validator(mode="after")
    def _cap_level(self) -> Constraint:
        if self.effect == "cap" and self.cap is None:
            raise ValueError("a 'cap' constraint needs cap: the highest confidence level it allows")
        if self.effect == "rule_out" and self.cap is not None:
            raise ValueError("only a 'cap' constraint takes cap")
        return self


class Tradeoff(_Model):
    """What choosing an option costs, shown when it is recommended and ``when`` holds."""

    option: Identifier
    when: Condition | None = None
    text: str = Field(min_length=1)
    section: str = ""


class Advice(_Model):
    """Guidance shown beside a recommendation: how to run the winner, migration, polyglot."""

    id: Identifier
    title: str = Field(min_length=1)
    option: Identifier | None = None
    confidence: tuple[Identifier, ...] = ()
    when: Condition | None = None
    text: str = Field(min_length=1)
    section: str = ""


class ChecklistItem(_Model):
    """A production-readiness item for ``stack`` (an option id, or ``all``) when ``when`` holds."""

    id: Identifier
    category: str = Field(min_length=1)
    stack: Identifier = "all"
    when: Condition | None = None
    required: bool = True
    title: str = Field(min_length=1)
    why: str = Field(min_length=1)
    section: str = ""


class ConfidenceLevel(_Model):
    """A confidence label and the smallest margin (in score points) that earns it."""

    level: Identifier
    min_margin: StrictFloat = Field(ge=0)


class PackInfo(_Model):
    """Name, version and provenance of a criteria pack."""

    name: str = Field(min_length=1)
    version: str = Field(min_length=1)
    description: str = ""
    source: str = ""


class Workload(_Model):
    """A kind of request the capacity figures were measured on, and the answers it stands for."""

    id: Identifier
    title: str = Field(min_length=1)
    profiles: tuple[Scalar, ...] = ()


# Capacity figures as (lowest, highest, unit): outside them a plan means nothing, and
# its arithmetic would overflow (a pod count from a near-zero rps, say).
FIGURE_BOUNDS = {
    "rps": (0.001, 1e9, "requests per second"),
    "memory_mb": (0.001, 1e9, "MB"),
    "cold_start_ms": (0.001, 86_400_000.0, "ms (one day)"),
}


class Variant(_Model):
    """Indicative figures for one way of running an option (per box of ``Figures.box``)."""

    id: Identifier
    option: Identifier
    name: str = Field(min_length=1)
    when: Condition | None = None
    # None (rps too): the source gives no figure for this variant; capacity says to measure it
    rps: dict[Identifier, float] | None = None
    memory_mb: tuple[float, float] | None = None
    cold_start_ms: float | None = None

    @field_validator("rps", "memory_mb", "cold_start_ms")
    @classmethod
    def _bounded(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:
            return value
        low, high, unit = FIGURE_BOUNDS[info.field_name or ""]
        if isinstance(value, dict):
            numbers = list(value.values())
        else:
            numbers = list(value) if isinstance(value, tuple) else [value]
        if not all(math.isfinite(n) and low <= n <= high for n in numbers):
            raise ValueError(f"must be a number of at least {low:g} and at most {high:,.0f} {unit}")
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Variant:
        if self.memory_mb is not None and self.memory_mb[0] > self.memory_mb[1]:
            raise ValueError("memory_mb is [low, high]; low is greater than high")
        return self


class Caution(_Model):
    """Where the answers say the figures fit this service less well: said under the plan."""

    when: Condition
    text: str = Field(min_length=1)
    section: str = ""
    workloads: tuple[Identifier, ...] = ()  # the rows it is about (none: any plan)


class Figures(_Model):
    """Throughput, memory and cold-start figures that ``capacity`` plans with."""

    label: str = Field(min_length=1)
    box: str = Field(min_length=1)
    section: str = ""
    profile_question: Identifier | None = None
    workloads: tuple[Workload, ...] = Field(min_length=1)
    variants: tuple[Variant, ...] = Field(min_length=1)
    cautions: tuple[Caution, ...] = ()

    @model_validator(mode="after")
    def _complete(self) -> Figures:
        known = [w.id for w in self.workloads]
        for variant in self.variants:
            if variant.rps is not None and sorted(variant.rps) != sorted(known):
                listed = ", ".join(known)
                raise ValueError(f"variant '{variant.id}' needs rps for exactly: {listed}")
        for caution in self.cautions:
            unknown = [w for w in caution.workloads if w not in known]
            if unknown:
                listed = ", ".join(known)
                raise ValueError(
                    f"a caution names workload '{unknown[0]}'; the workloads: {listed}"
                )
        return self


class Pack(_Model):
    """A whole criteria pack, checked."""

    pack: PackInfo
    options: tuple[Option, ...] = Field(min_length=2)
    questions: tuple[Question, ...] = Field(min_length=1)
    criteria: tuple[Criterion, ...] = Field(min_length=1)
    constraints: tuple[Constraint, ...] = ()
    tradeoffs: tuple[Tradeoff, ...] = ()
    advice: tuple[Advice, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    confidence: tuple[ConfidenceLevel, ...] = Field(min_length=1)
    figures: Figures | None = None

    def question(self, question_id: str) -> Question:
        """The question with this id (KeyError when unknown)."""
        return self.question_map[question_id]

    @cached_property
    def question_map(self) -> dict[str, Question]:
        """Questions by id."""
        return {q.id: q for q in self.questions}

    @cached_property
    def resolve_plan(self) -> tuple[tuple[str, Check | None, Any], ...]:
        """Each question's id, compiled condition and default (as Question.held holds it)."""
        return tuple(
            (
                q.id,
                q.when.compiled if q.when is not None else None,
                q.held(q.default),
            )
            for q in self.questions
        )

    @cached_property
    def weights(self) -> dict[str, float]:
        """The pack's own weight of each criterion (copy before changing)."""
        return {c.id: c.weight for c in self.criteria}

    @cached_property
    def confidence_by_margin(self) -> tuple[ConfidenceLevel, ...]:
        """Confidence levels, the one needing the largest margin first."""
        return tuple(sorted(self.confidence, key=lambda c: c.min_margin, reverse=True))

    @cached_property
    def option_ids(self) -> tuple[str, ...]:
        """Option ids in the pack's order."""
        return tuple(o.id for o in self.options)

    def option_name(self, option_id: str) -> str:
        """The display name of an option."""
        return next((o.name for o in self.options if o.id == option_id), option_id)


def plain(value: Any) -> Any:
    """A model value as JSON-ready data."""
    if isinstance(value, BaseModel):
        return value.model_dump(by_alias=True, exclude_none=True)
    return value


def condition_text(condition: Condition | None) -> str:
    """A condition in words: 'greenfield = false', 'any of (...)'."""
    if condition is None:
        return ""
    if condition.all_ is not None:
        return "(" + " and ".join(condition_text(c) for c in condition.all_) + ")"
    if condition.any_ is not None:
        return "(" + " or ".join(condition_text(c) for c in condition.any_) + ")"
    if condition.not_ is not None:
        return "not " + condition_text(condition.not_)
    test = condition.test
    value = getattr(condition, "in_" if test == "in" else test)
    if isinstance(value, bool):
        value = str(value).lower()
    elif isinstance(value, tuple):
        value = "[" + ", ".join(str(v) for v in value) + "]"
    symbol = {"equals": "=", "at_least": ">=", "at_most": "<="}.get(test, test)
    return f"{condition.question} {symbol} {value}"


def rests_on(pack: Pack, criterion: str, rule: int, open_ids: Sequence[str]) -> list[str]:
    """The open questions (unknown or defaulted) that the reason's rule reads, in pack order."""
    found = next((c for c in pack.criteria if c.id == criterion), None)
    when = found.rules[rule].when if found is not None and 0 <= rule < len(found.rules) else None
    if when is None:
        return []
    reads = when.questions()
    return [q.id for q in pack.questions if q.id in reads and q.id in open_ids]


def why_resting(why: str, resting: Sequence[str], unknown: Sequence[str]) -> str:
    """A reason's words, saying which of the answers it rests on nobody gave."""
    if not resting:
        return why
    said = [
        f"{q} {'answered not sure' if q in unknown else 'left to the default'}" for q in resting
    ]
    return f"{why} (this rests on {', '.join(said)})"
