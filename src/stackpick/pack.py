"""Find, read and check a criteria pack: YAML files -> a checked :class:`Pack`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from stackpick.errors import InputError, PackError, StackpickError, nearest
from stackpick.models import Advice, Condition, Constraint, Figures, Pack, Question, Tradeoff
from stackpick.yamlfile import Document, Path_, load_file, parse, read_text

if TYPE_CHECKING:
    from pydantic import BaseModel

M = TypeVar("M", bound="BaseModel")
Locate = Callable[[Path_], tuple[str | None, int | None]]

FIGURES_FILE = "figures.yaml"
FIGURES = "figures file"  # what --figures errors name, not "the criteria pack"
MAX_CONDITION_DEPTH = 8
MAX_PACK_FILES = 64
# Bounds on a pack, so that a hostile one cannot keep whatif, adr or consensus busy for
# minutes: each is many times what the shipped pack needs (2 options, 19 questions, 16
# criteria, at most 5 rules, 5 choices, 1 multi-choice question, 3 thresholds, 96 condition
# parts). At every limit at once, whatif takes a few seconds. README lists them.
LIMITS = {
    "options": 10,
    "questions": 100,
    "criteria": 100,
    "rules per criterion": 20,
    "choices per question": 30,
    "multi-choice questions": 10,  # what-if tries every set of their choices
    "choices per multi-choice question": 10,
    "thresholds per question": 20,  # distinct at_least/at_most numbers
    "condition parts": 1000,  # every test, all, any and not in the pack
}


def default_pack_path() -> Path:
    """The criteria pack shipped with stackpick (inside the wheel, or the source tree)."""
    here = Path(__file__).resolve().parent
    shipped = here / "criteria"
    if shipped.is_dir():
        return shipped
    return here.parent.parent / "criteria"  # running from a source checkout


def pack_files(path: Path) -> list[Path]:
    """The YAML files that make up the pack at ``path`` (a file, or a folder of them)."""
    if not path.exists():
        raise InputError("no such criteria file or folder", source=str(path))
    if not path.is_dir():
        return [path]
    try:
        files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(f"cannot list the criteria folder: {reason}", source=str(path)) from None
    if not files:
        raise InputError("holds no .yaml files; expected a criteria pack", source=str(path))
    if len(files) > MAX_PACK_FILES:
        raise InputError(f"holds more than {MAX_PACK_FILES} YAML files", source=str(path))
    return files


def load_pack(path: str | Path | None = None, *, cache: bool = False) -> Pack:
    """Load and check a criteria pack; the shipped one when ``path`` is None.

    With ``cache``, a pack whose files (and stackpick's pack code) are unchanged since a
    run that checked it is rebuilt from :mod:`stackpick.packcache` instead of checked again.
    """
    root = Path(path) if path is not None else default_pack_path()
    texts = [read_text(str(f)) for f in pack_files(root)]
    if cache:
        from stackpick import packcache

        entry = packcache.key(texts)
        cached = packcache.get(entry)
        if cached is not None:
            return cached
    merged, origin = _merge([parse(text, source) for source, text in texts])
    pack = _validate(merged, origin)
    problems = list(_cross_check(pack, origin))
    if problems:
        raise PackError(problems)
    if cache:
        packcache.put(entry, pack)
    return pack


def pack_locator(path: str | Path | None = None) -> Locate:
    """Where an item of the pack at ``path`` is written: a location -> (file, line)."""
    root = Path(path) if path is not None else default_pack_path()
    texts = [read_text(str(f)) for f in pack_files(root)]
    _, origin = _merge([parse(text, source) for source, text in texts])
    return lambda loc: _locate(origin, loc)


def _merge(documents: list[Document]) -> tuple[dict[str, Any], dict[str, Document]]:
    merged: dict[str, Any] = {}
    origin: dict[str, Document] = {}
    for doc in documents:
        if not isinstance(doc.data, dict):
            raise InputError(
                "must be a mapping of pack sections (pack, options, questions, criteria, ...)",
                source=doc.source,
                line=1,
            )
        for key, value in doc.data.items():
            if key in origin:
                raise InputError(
                    f"section '{key}' is also in {origin[key].source}; each section once",
                    source=doc.source,
                    line=doc.line((key,)),
                )
            merged[key] = value
            origin[key] = doc
    return merged, origin


def _locate(origin: dict[str, Document], loc: Path_) -> tuple[str | None, int | None]:
    if not loc or not isinstance(loc[0], str) or loc[0] not in origin:
        doc = next(iter(origin.values()), None)
        return (doc.source if doc else None), None
    doc = origin[loc[0]]
    return doc.source, doc.line(loc)


_FIELD_NAMES = {"all_": "all", "any_": "any", "not_": "not", "in_": "in"}


def _validate(merged: dict[str, Any], origin: dict[str, Document]) -> Pack:
    return validated(Pack, merged, lambda loc: _locate(origin, loc), "pack")


def validated(model: type[M], data: Any, locate: Locate, top: str) -> M:
    """``data`` as ``model``, or a PackError with every problem at its file and line.

    ``locate`` turns a location inside ``data`` into (file, line); ``top`` names ``data``
    itself when a problem has no narrower place.
    """
    from pydantic import ValidationError

    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems: list[StackpickError] = []
        errors = exc.errors(include_url=False, include_input=False, include_context=False)
        for error in errors:
            if _is_echo(error, errors):
                continue
            loc = tuple(_FIELD_NAMES.get(str(p), p) for p in error["loc"] if not _is_union_tag(p))
            source, line = locate(loc)
            where = ".".join(str(p) for p in loc) or top
            problems.append(InputError(f"{where}: {_friendly(error)}", source=source, line=line))
        raise PackError(problems) from None


def _is_echo(error: Any, errors: list[Any]) -> bool:
    # pydantic drops a tuple's invalid items, then also calls the tuple too short:
    # that second message only repeats the item problems already reported.
    loc = error["loc"]
    return error["type"] == "too_short" and any(
        len(other["loc"]) > len(loc) and other["loc"][: len(loc)] == loc for other in errors
    )


def _is_union_tag(part: object) -> bool:
    # pydantic adds the union member's type name to the location, like 'int' or 'tuple[...]'
    return isinstance(part, str) and (part in ("bool", "int", "str", "float") or "[" in part)


def _friendly(error: Any) -> str:
    if error["type"] == "extra_forbidden":
        return "is not a known field here"
    if error["type"] == "missing":
        return "is required"
    if error["type"] == "string_pattern_mismatch":
        return "must be an id: lower-case letters, digits and _, starting with a letter"
    message: str = error["msg"]
    if message.startswith("Input should be "):  # pydantic's words: "must be a valid number"
        return "must be " + message.removeprefix("Input should be ")
    return message.removeprefix("Value error, ")


def cross_check(pack: Pack) -> list[StackpickError]:
    """The problems the cheap checks find in a pack built without its files (from the cache)."""
    return list(_cross_check(pack, {}))


def _cross_check(pack: Pack, origin: dict[str, Document]) -> Iterator[StackpickError]:
    """Check what the models cannot: unique ids, known references, values of the right type."""

    def problem(loc: Path_, message: str) -> StackpickError:
        source, line = _locate(origin, loc)
        return InputError(message, source=source, line=line)

    yield from _limit_problems(pack, problem)
    yield from _duplicate_ids(pack, problem)
    yield from _confidence_problems(pack, problem)
    for index, question in enumerate(pack.questions):
        loc: Path_ = ("questions", index)
        yield from (problem(loc + ("default",), m) for m in _default_problems(question))
        if question.when is not None:
            earlier = {q.id: q for q in pack.questions[:index]}
            yield from _condition_problems(question.when, earlier, loc + ("when",), problem, 1)
    yield from _rule_problems(pack, problem)
    yield from _constraint_problems(pack, problem)
    yield from _note_problems(pack, problem)
    yield from _checklist_problems(pack, problem)
    if pack.figures is not None:
        yield from figures_problems(
            pack, pack.figures, lambda loc, message: problem(("figures", *loc), message)
        )


def _limit_problems(pack: Pack, problem: Any) -> Iterator[StackpickError]:
    """The pack within :data:`LIMITS`: each excess named at the first item over the limit."""

    def over(what: str, loc: Path_) -> StackpickError:
        found: StackpickError = problem(loc, f"more {what} than the {LIMITS[what]} a pack may have")
        return found

    for section, what, items in (
        ("options", "options", pack.options),
        ("questions", "questions", pack.questions),
        ("criteria", "criteria", pack.criteria),
    ):
        if len(items) > LIMITS[what]:
            yield over(what, (section, LIMITS[what]))
    for index, criterion in enumerate(pack.criteria):
        if len(criterion.rules) > LIMITS["rules per criterion"]:
            yield over(
                "rules per criterion", ("criteria", index, "rules", LIMITS["rules per criterion"])
            )
    multi = [i for i, q in enumerate(pack.questions) if q.type == "multi"]
    if len(multi) > LIMITS["multi-choice questions"]:
        yield over("multi-choice questions", ("questions", multi[LIMITS["multi-choice questions"]]))
    for index, question in enumerate(pack.questions):
        what = (
            "choices per multi-choice question"
            if question.type == "multi"
            else "choices per question"
        )
        if len(question.choices) > LIMITS[what]:
            yield over(what, ("questions", index, "choices", LIMITS[what]))
    thresholds: dict[str, set[int]] = {}
    for parts, (loc, condition) in enumerate(_every_condition(pack), start=1):
        if parts == LIMITS["condition parts"] + 1:
            yield over("condition parts", loc)
        numbers = thresholds.setdefault(condition.question or "", set())
        for test, number in (("at_least", condition.at_least), ("at_most", condition.at_most)):
            if number is not None and number not in numbers:
                numbers.add(number)
                if len(numbers) == LIMITS["thresholds per question"] + 1:
                    yield over("thresholds per question", (*loc, test))


def _every_condition(pack: Pack) -> Iterator[tuple[Path_, Condition]]:
    """Every condition in the pack and every part of one, with its place in the pack."""
    roots: list[tuple[Path_, Condition | None]] = [
        *((("questions", i, "when"), q.when) for i, q in enumerate(pack.questions)),
        *(
            (("criteria", i, "rules", r, "when"), rule.when)
            for i, c in enumerate(pack.criteria)
            for r, rule in enumerate(c.rules)
        ),
        *((("constraints", i, "when"), c.when) for i, c in enumerate(pack.constraints)),
        *((("tradeoffs", i, "when"), t.when) for i, t in enumerate(pack.tradeoffs)),
        *((("advice", i, "when"), a.when) for i, a in enumerate(pack.advice)),
        *((("checklist", i, "when"), c.when) for i, c in enumerate(pack.checklist)),
    ]
    if pack.figures is not None:
        variants = enumerate(pack.figures.variants)
        roots += [(("figures", "variants", i, "when"), v.when) for i, v in variants]
        cautions = enumerate(pack.figures.cautions)
        roots += [(("figures", "cautions", i, "when"), c.when) for i, c in cautions]
    stack = [(loc, c) for loc, c in reversed(roots) if c is not None]
    while stack:
        loc, condition = stack.pop()
        yield loc, condition
        name = condition.test
        children = condition.children()
        places = (
            [(*loc, name)] if name == "not" else [(*loc, name, i) for i in range(len(children))]
        )
        stack += reversed(list(zip(places, children, strict=True)))


def figures_problems(pack: Pack, figures: Figures, problem: Any) -> Iterator[StackpickError]:
    """Capacity figures name known options and questions, and answers their question takes.

    ``problem(loc, message)`` builds the error for a location inside the figures.
    """
    yield from _profile_problems(pack, figures, problem)
    for index, variant in enumerate(figures.variants):
        loc: Path_ = ("variants", index)
        if variant.option not in pack.option_ids:
            hint = nearest(variant.option, pack.option_ids)
            allowed = ", ".join(pack.option_ids)
            message = f"unknown option '{variant.option}'{hint}; options: {allowed}"
            yield problem(loc + ("option",), message)
        if variant.when is not None:
            yield from _condition_problems(
                variant.when, pack.question_map, loc + ("when",), problem, 1
            )
    for index, caution in enumerate(figures.cautions):
        where: Path_ = ("cautions", index, "when")
        yield from _condition_problems(caution.when, pack.question_map, where, problem, 1)


def _profile_problems(pack: Pack, figures: Figures, problem: Any) -> Iterator[StackpickError]:
    """The profile question is known, and each workload's profiles are answers it takes."""
    from stackpick.answers import check_known

    name = figures.profile_question
    if name is None:
        return
    question = pack.question_map.get(name)
    if question is None:
        hint = nearest(name, list(pack.question_map))
        yield problem(("profile_question",), f"unknown question '{name}'{hint}")
        return
    for index, workload in enumerate(figures.workloads):
        for p_index, value in enumerate(workload.profiles):
            message = check_known(question, value)
            if message:
                loc: Path_ = ("workloads", index, "profiles", p_index)
                yield problem(loc, f"profile of '{name}': {message}")


def _checklist_problems(pack: Pack, problem: Any) -> Iterator[StackpickError]:
    """Checklist items name a known option (or ``all``) and conditions over known questions."""
    stacks = ("all", *pack.option_ids)
    for index, item in enumerate(pack.checklist):
        loc: Path_ = ("checklist", index)
        if item.stack not in stacks:
            hint = nearest(item.stack, stacks)
            allowed = ", ".join(stacks)
            yield problem(
                loc + ("stack",), f"unknown stack '{item.stack}'{hint}; allowed: {allowed}"
            )
        if item.when is not None:
            yield from _condition_problems(
                item.when, pack.question_map, loc + ("when",), problem, 1
            )


def _duplicate_ids(pack: Pack, problem: Any) -> Iterator[StackpickError]:
    """Each id once within its section."""
    for section, ids in (
        ("options", pack.option_ids),
        ("questions", [q.id for q in pack.questions]),
        ("criteria", [c.id for c in pack.criteria]),
        ("constraints", [c.id for c in pack.constraints]),
        ("advice", [a.id for a in pack.advice]),
        ("checklist", [c.id for c in pack.checklist]),
    ):
        seen: set[str] = set()
        for index, item_id in enumerate(ids):
            if item_id in seen:
                yield problem((section, index, "id"), f"duplicate id '{item_id}' in {section}")
            seen.add(item_id)


def _rule_problems(pack: Pack, problem: Any) -> Iterator[StackpickError]:
    """Rules value every option, name known options and test known questions fittingly."""
    options = pack.option_ids
    for index, criterion in enumerate(pack.criteria):
        for r_index, rule in enumerate(criterion.rules):
            loc: Path_ = ("criteria", index, "rules", r_index)
            for option in rule.values:
                if option not in options:
                    msg = f"unknown option '{option}'{nearest(option, options)}; options: "
                    yield problem(loc + ("values", option), msg + ", ".join(options))
            left_out = [o for o in options if o not in rule.values]
            if left_out and rule.values.keys() <= set(options):  # a misspelt one is said above
                yield problem(
                    loc + ("values",),
                    "values must give every option a value from 0 to 1; missing: "
                    + ", ".join(left_out),
                )
            if rule.when is not None:
                yield from _condition_problems(
                    rule.when, pack.question_map, loc + ("when",), problem, 1
                )


def _constraint_problems(pack: Pack, problem: Any) -> Iterator[StackpickError]:
    """Constraints name a known option and level, and test known questions fittingly."""
    levels = [c.level for c in pack.confidence]
    for index, constraint in enumerate(pack.constraints):
        loc: Path_ = ("constraints", index)
        yield from _constraint_option_problems(pack, constraint, loc, problem)
        if constraint.cap is not None and constraint.cap not in levels:
            hint = nearest(constraint.cap, levels)
            yield problem(
                loc + ("cap",),
                f"unknown confidence level '{constraint.cap}'{hint}; levels: " + ", ".join(levels),
            )
        yield from _condition_problems(
            constraint.when, pack.question_map, loc + ("when",), problem, 1
        )


def _constraint_option_problems(
    pack: Pack, constraint: Constraint, loc: Path_, problem: Any
) -> Iterator[StackpickError]:
    if constraint.option not in pack.option_ids:
        hint = nearest(constraint.option, pack.option_ids)
        allowed = ", ".join(pack.option_ids)
        yield problem(
            loc + ("option",), f"unknown option '{constraint.option}'{hint}; options: {allowed}"
        )


def _note_problems(pack: Pack, problem: Any) -> Iterator[StackpickError]:
    """Trade-offs and advice name known options and levels, and test known questions."""
    levels = [c.level for c in pack.confidence]
    notes: list[tuple[str, int, Tradeoff | Advice]] = [
        *(("tradeoffs", i, t) for i, t in enumerate(pack.tradeoffs)),
        *(("advice", i, a) for i, a in enumerate(pack.advice)),
    ]
    for section, index, entry in notes:
        loc: Path_ = (section, index)
        if entry.option is not None and entry.option not in pack.option_ids:
            yield problem(loc + ("option",), f"unknown option '{entry.option}'")
        for level in getattr(entry, "confidence", ()):
            if level not in levels:
                yield problem(loc + ("confidence",), f"unknown confidence level '{level}'")
        if entry.when is not None:
            yield from _condition_problems(
                entry.when, pack.question_map, loc + ("when",), problem, 1
            )


def _confidence_problems(pack: Pack, problem: Any) -> Iterator[StackpickError]:
    """Level names once each, and one level for every margin down to 0 (the closest calls)."""
    seen: set[str] = set()
    for index, level in enumerate(pack.confidence):
        if level.level in seen:
            yield problem(("confidence", index, "level"), f"confidence level '{level.level}' twice")
        seen.add(level.level)
    if all(level.min_margin > 0 for level in pack.confidence):
        yield problem(
            ("confidence",),
            "confidence needs a level with min_margin: 0, for the closest calls (a tie included)",
        )


def _default_problems(question: Question) -> Iterator[str]:
    if question.default is None:
        return
    from stackpick.answers import check_known

    message = check_known(question, question.default)
    if message:
        yield f"default of '{question.id}': {message}"


def _condition_problems(
    condition: Condition,
    questions: dict[str, Question],
    loc: Path_,
    problem: Any,
    depth: int,
) -> Iterator[StackpickError]:
    if depth > MAX_CONDITION_DEPTH:
        yield problem(loc, f"conditions nest at most {MAX_CONDITION_DEPTH} levels deep")
        return
    if condition.question is None:
        name = condition.test
        for index, child in enumerate(condition.children()):
            child_loc = loc + ((name,) if name == "not" else (name, index))
            yield from _condition_problems(child, questions, child_loc, problem, depth + 1)
        return
    question = questions.get(condition.question)
    if question is None:
        known = list(questions)
        hint = nearest(condition.question, known)
        # a question's own condition sees only the questions before it, so say why there
        earlier = " asked before this one" if loc and loc[0] == "questions" else ""
        yield problem(
            loc + ("question",),
            f"condition names unknown question '{condition.question}'{hint}"
            f"; a condition may name only questions of the pack{earlier}",
        )
        return
    message = _test_problem(condition, question)
    if message:
        yield problem(loc + (condition.test,), message)


def _test_problem(condition: Condition, question: Question) -> str | None:
    from stackpick.answers import check_known, describe_allowed

    test = condition.test
    allowed = describe_allowed(question)
    if test in ("at_least", "at_most"):
        if question.type not in ("integer", "multi"):
            kind = question.type
            return f"'{test}' needs an integer or multi-choice question; '{question.id}' is {kind}"
        return None
    if test == "contains":
        if question.type != "multi":
            return f"'contains' needs a multi-choice question; '{question.id}' is {question.type}"
        if condition.contains not in question.choice_values:
            return f"'{condition.contains}' is not a choice of '{question.id}'; allowed: {allowed}"
        return None
    if question.type == "multi":
        return f"use 'contains' or a count with a multi-choice question like '{question.id}'"
    values = [condition.equals] if test == "equals" else list(condition.in_ or ())
    for value in values:
        message = check_known(question, value)
        if message:
            return f"{test} on '{question.id}': {message}"
    return None


def pack_figures(pack: Pack, path: Path | None = None) -> Figures:
    """The figures at ``path``, else the pack's own, else the shipped ones; checked."""
    if path is None and pack.figures is not None:
        return pack.figures  # checked with the pack
    return read_figures(str(path or default_pack_path() / FIGURES_FILE), pack)


def read_figures(path: str, pack: Pack) -> Figures:
    """A figures file (``figures:`` on top, or the mapping alone), checked as the pack's are.

    Raises:
        PackError: every problem found, each at its file and line.
    """
    from stackpick.yamlfile import section

    document = load_file(path)
    fields = Figures.model_fields
    data, base = section(document, "figures", fields, "capacity figures (label, workloads, ...)")

    def locate(loc: Path_) -> tuple[str, int]:
        return document.source, document.line((*base, *loc)) or 1

    def problem(loc: Path_, message: str) -> StackpickError:
        source, line = locate(loc)
        return InputError(message, source=source, line=line)

    try:
        figures = validated(Figures, data, locate, "figures")
    except PackError as exc:
        raise PackError(exc.problems, what=FIGURES) from None
    problems = list(figures_problems(pack, figures, problem))
    if problems:
        raise PackError(problems, what=FIGURES)
    return figures
