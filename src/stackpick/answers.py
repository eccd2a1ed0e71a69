"""Read and check answers: the one path shared by ``score``, ``ask`` and every other command."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from stackpick import yamlfile
from stackpick.errors import AnswersError, AnswersProblems, StackpickError, nearest, shorten
from stackpick.models import UNKNOWN, Condition, Pack, Question
from stackpick.yamlfile import Document, load_file, parse

Answer = bool | int | str | tuple[str, ...] | None


@dataclass(frozen=True)
class Answers:
    """A complete, checked answer set: one value per question (None when not asked).

    ``given`` holds what was answered (checked, lists as tuples), ``unknown`` and
    ``defaulted`` the questions asked but not answered, whose default stands in: the
    open questions. A given answer to a question not asked stays in ``given``: it is
    used as soon as a change of another answer puts that question.
    """

    values: Mapping[str, Answer]
    defaulted: tuple[str, ...] = ()
    not_asked: tuple[str, ...] = ()
    source: str | None = None
    meta: Mapping[str, Any] | None = None
    unknown: tuple[str, ...] = ()
    given: Mapping[str, Answer] = field(default_factory=dict)

    @property
    def open(self) -> tuple[str, ...]:
        """Questions asked but answered by nobody (unknown or left to the default)."""
        return tuple(q for q in self.values if q in self.unknown or q in self.defaulted)


def answer_text(value: Answer, labels: Mapping[str, str] | None = None) -> str:
    """An answer in words.

    Given its question's choice ``labels``, as a person reads it: the labels, yes or no,
    'none' for no choices, '-' when not asked. Without, as an answers file writes it:
    true, 12, python, [jms, soap], '(not asked)'.
    """
    if isinstance(value, bool):
        return ("yes" if value else "no") if labels is not None else str(value).lower()
    if value is None:
        return "-" if labels is not None else "(not asked)"
    if labels is None:
        return "[" + ", ".join(value) + "]" if isinstance(value, tuple) else str(value)
    if isinstance(value, tuple):
        return ", ".join(labels.get(v, v) for v in value) or "none"
    return labels.get(value, value) if isinstance(value, str) else str(value)


def choice_labels(question: Question) -> dict[str, str]:
    """A question's choices: value -> label."""
    return {c.value: c.label for c in question.choices}


def describe_allowed(question: Question) -> str:
    """What a question accepts, in words (every question also takes ``unknown``)."""
    return _allowed(question) + f"; or {UNKNOWN}"


def _allowed(question: Question) -> str:
    if question.type == "boolean":
        return "true or false"
    if question.type == "integer":
        low = question.min if question.min is not None else "any"
        high = question.max if question.max is not None else "any"
        return f"a whole number from {low} to {high}"
    listed = ", ".join(question.choice_values)
    if question.type == "multi":
        return f"a list of any of: {listed} (an empty list is allowed)"
    return f"one of: {listed}"


def check_value(question: Question, value: object) -> str | None:
    """Why ``value`` is not a valid answer to ``question``, or None when it is.

    ``unknown`` is a valid answer to every question (CONTRACT.md); see :func:`check_known`
    for places that need a real answer (a default, a condition's value).
    """
    if value == UNKNOWN:
        return None
    return check_known(question, value)


def check_known(question: Question, value: object) -> str | None:
    """Why ``value`` is not a real answer to ``question`` (``unknown`` is not), or None."""
    return None if accepts(question, value) else _why_not(question, value)


def accepts(question: Question, value: object) -> bool:
    """Whether ``value`` is a valid answer to ``question``: the fast path of ``check_value``."""
    kind = question.type
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "integer":
        return (
            isinstance(value, int)
            and not isinstance(value, bool)
            and (question.min is None or value >= question.min)
            and (question.max is None or value <= question.max)
        )
    allowed = question.choice_set
    if kind == "choice":
        return isinstance(value, str) and value in allowed
    return (
        isinstance(value, list | tuple)
        and all(isinstance(item, str) and item in allowed for item in value)
        and len(set(value)) == len(value)
    )


def _why_not(question: Question, value: object) -> str:
    allowed = describe_allowed(question)
    shown = shorten(value)
    if value is None:  # `team_size:` with nothing after it
        return f"has no value; expected {allowed}"
    quoted = _quoted_number_or_boolean(question, value)
    if quoted:
        return quoted
    if isinstance(value, str) and value != UNKNOWN and _near(value, UNKNOWN):
        return f"'{shown}' is not allowed; expected {allowed} (did you mean '{UNKNOWN}'?)"
    if question.type == "boolean":
        if isinstance(value, str) and value.lower() in ("yes", "no", "on", "off", "y", "n"):
            return f"'{shown}' is not a boolean here; write true or false"
        return f"'{shown}' is not allowed; expected {allowed}"
    if question.type == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            from stackpick.yamlfile import number_as_text

            hint = number_as_text(value, whole=True)
            return f"'{shown}' is not allowed; expected {allowed}{hint}"
        return f"{shown} is out of range; expected {allowed}"
    if question.type == "choice":
        hint = nearest(value, question.choice_values, aside=True) if isinstance(value, str) else ""
        if isinstance(value, bool) or (
            isinstance(value, str) and value.lower() in ("yes", "no", "on", "off")
        ):
            hint = " (a boolean is not a choice)"
        return f"'{shown}' is not allowed; expected {allowed}{hint}"
    return _check_multi(question, value, allowed)


def _check_multi(question: Question, value: object, allowed: str) -> str:
    if not isinstance(value, list | tuple):
        return f"'{shown_or_type(value)}' is not a list; expected {allowed}"
    for item in value:
        if item == UNKNOWN:
            return f"'{UNKNOWN}' stands alone, not inside a list: write {question.id}: {UNKNOWN}"
        if not isinstance(item, str) or item not in question.choice_values:
            hint = (
                nearest(item, question.choice_values, aside=True) if isinstance(item, str) else ""
            )
            return f"'{shorten(item)}' is not allowed; expected {allowed}{hint}"
    return "lists each choice at most once"


def _quoted_number_or_boolean(question: Question, value: object) -> str | None:
    """Why a quoted 'true' or '12' is refused: quotes make it text, or None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    boolean = question.type == "boolean" and text in ("true", "false")
    if boolean or (question.type == "integer" and text.isascii() and text.isdigit()):
        return f"'{shorten(value)}' is text, in quotes; write {text} without them"
    return None


def _near(word: str, target: str) -> bool:
    """Whether ``word`` looks like a misspelt ``target`` (and is no allowed value)."""
    import difflib

    return difflib.SequenceMatcher(None, word.lower(), target).ratio() >= 0.75


def shown_or_type(value: object) -> str:
    """A value for an error message, or its type name when it is a container."""
    return type(value).__name__ if isinstance(value, dict | list) else shorten(value)


def holds(condition: Condition, values: Mapping[str, Answer]) -> bool:
    """Whether ``condition`` holds on the answers (an unanswered question fails every test)."""
    return condition.compiled(values)


def unwrap(pack: Pack, document: Document) -> tuple[dict[str, Any], tuple[str | int, ...], Any]:
    """The answers mapping of a document (flat, or under ``answers:``), its path, and ``meta``.

    Beside ``answers:`` only ``meta:`` (a mapping) may stand: nothing is silently ignored.
    """
    inside = pack.question_map
    holds = "question id to answer"
    given, base = yamlfile.section(document, "answers", inside, holds, AnswersError)
    return given, base, document.data.get("meta") if base else None


def check_answers(
    pack: Pack, given: Mapping[str, object], document: Document | None = None
) -> Answers:
    """Check a mapping of answers against the pack; fill defaults; drop questions not asked."""
    source = document.source if document else None
    base: tuple[str | int, ...] = ()
    meta = None
    if document is not None:
        given, base, meta = unwrap(pack, document)

    def fail(message: str, *where: str | int) -> AnswersError:
        line = document.line((*base, *where)) if document else None
        return AnswersError(message, source=source, line=line)

    checked = _unreported(given, base, document)
    problems = _check_given(pack, checked, fail)
    problems += [
        AnswersError(why, source=source, line=document.line(("meta", key)) if document else None)
        for key, why in meta_problems(meta)
    ]
    if document is not None and document.problems:
        problems = [*map(_as_answers_error, document.problems), *problems]
    problems.sort(key=_line)
    if problems:
        problems += _missing_besides(pack, given, checked, fail)
        raise problems[0] if len(problems) == 1 else AnswersProblems(list(problems))
    unknown = {q for q, v in given.items() if v == UNKNOWN}
    questions = pack.question_map
    known = {q: as_answer(questions[q], v) for q, v in given.items() if q not in unknown}
    values, defaulted, not_asked, missing = resolve(pack, known)
    if missing:
        unsure = [q for q in missing if q in unknown]
        if unsure:  # `unknown` lets the default stand in, and these have none
            raise fail(
                "answered unknown but no default can stand in (the pack gives none), so answer: "
                + ", ".join(unsure)
            )
        raise fail("no answer and no default for: " + ", ".join(missing))
    return Answers(
        values,
        tuple(q for q in defaulted if q not in unknown),
        not_asked,
        source,
        meta,
        tuple(q for q in values if q in unknown and values[q] is not None),
        known,
    )


# meta keys the tool writes or reads, each text (a date too, as written); `complete` is a boolean
META_TEXT = ("project", "date", "pack", "pack_version", "answered_by")


def meta_text(meta: object, key: str) -> str:
    """``meta[key]`` as text without its outer spaces; "" when there is no such text."""
    value = meta.get(key) if isinstance(meta, Mapping) else None
    return value.strip() if isinstance(value, str) else ""


def meta_problems(meta: object) -> list[tuple[str, str]]:
    """(key, why) for each key of ``meta`` the tool reads or writes that has the wrong type.

    ``complete`` decides whether a gate passes, so it is a real boolean: ``no``, ``false``
    in quotes or 0 would otherwise pass for finished (YAML 1.1 words are no booleans here).
    Text may be left empty (null); any other key is the user's own and free-form.
    """
    if not isinstance(meta, Mapping):
        return []
    found = []
    for key, value in meta.items():
        if key == "complete" and not isinstance(value, bool):
            why = f"'{shown_or_type(value)}' is not a boolean; write true or false"
        elif key in META_TEXT and not isinstance(value, str | None):
            why = f"'{shown_or_type(value)}' is not text; write it in quotes"
        elif (
            key == "date"
            and isinstance(value, str)
            and value.strip()
            and not _calendar_day(value.strip())
        ):
            why = f"'{shown_or_type(value)}' is not a calendar day; write YYYY-MM-DD, as 2026-05-26"
        else:
            continue
        found.append((key, f"meta.{key}: {why}"))
    return found


def _calendar_day(text: str) -> bool:
    """Whether ``text`` is a real day written YYYY-MM-DD (the date an ADR takes from it)."""
    import datetime

    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return text.replace("-", "").isdigit()


def _missing_besides(
    pack: Pack,
    given: Mapping[str, object],
    checked: Mapping[str, object],
    fail: Callable[..., AnswersError],
) -> list[AnswersError]:
    """Beside other problems, the questions nothing answers and no default fills, if any.

    Only the valid answers count (what they open is asked); an id given a wrong value
    is reported for that, not again as missing.
    """
    questions = pack.question_map
    valid = {
        k: as_answer(questions[k], v)
        for k, v in checked.items()
        if k in questions and v != UNKNOWN and check_value(questions[k], v) is None
    }
    missing = [q for q in resolve(pack, valid)[3] if q not in given]
    return [fail("no answer and no default for: " + ", ".join(missing))] if missing else []


def _unreported(
    given: Mapping[str, object], base: tuple[str | int, ...], document: Document | None
) -> Mapping[str, object]:
    """``given`` without the answers whose value the reading already refused (said once)."""
    if document is None or not document.reported:
        return given
    size = len(base)
    refused = {p[size] for p in document.reported if len(p) > size and p[:size] == base}
    return {k: v for k, v in given.items() if k not in refused}


def _as_answers_error(error: StackpickError) -> AnswersError:
    return AnswersError(error.message, source=error.source, line=error.line, column=error.column)


def _line(error: StackpickError) -> int:
    return error.line if error.line is not None else 0


def as_answer(question: Question, value: object) -> Answer:
    """A checked value as the engine holds it (see :meth:`Question.held`)."""
    if not isinstance(value, list | tuple):
        return value  # type: ignore[return-value]  # checked: a scalar answer
    return question.held(value)  # type: ignore[no-any-return]


def resolve(
    pack: Pack, given: Mapping[str, Answer]
) -> tuple[dict[str, Answer], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Every question's value from checked ``given`` answers, in the pack's order.

    A question whose ``when`` fails is not asked (None); one not given takes its
    default. Returns the values and the ids defaulted, not asked and missing (no
    answer and no default).
    """
    values: dict[str, Answer] = {}
    defaulted: list[str] = []
    not_asked: list[str] = []
    missing: list[str] = []
    for qid, when, default in pack.resolve_plan:
        if when is not None and not when(values):
            values[qid] = None
            not_asked.append(qid)
        elif qid in given:
            values[qid] = given[qid]
        elif default is not None:
            values[qid] = default
            defaulted.append(qid)
        else:
            missing.append(qid)
    return values, tuple(defaulted), tuple(not_asked), tuple(missing)


def _check_given(
    pack: Pack, given: Mapping[str, object], fail: Callable[..., AnswersError]
) -> list[AnswersError]:
    """Every given id known and every given value valid, asked or not: nothing is ignored.

    Returns every problem, in the file's order, so that one run names them all.
    """
    questions = pack.question_map
    problems: list[AnswersError] = []
    for key, value in given.items():
        question = questions.get(key)
        if question is None:
            hint = nearest(key, list(questions)) if isinstance(key, str) else ""
            listed = " (`stackpick criteria show` lists them)"
            problems.append(fail(f"unknown question id '{shorten(key)}'{hint}{listed}", key))
            continue
        if value == UNKNOWN or accepts(question, value):  # the common case, at once
            continue
        message = _why_not(question, value)
        problems.append(fail(f"{key}: {message}", key, *_bad_item(question, value)))
    return problems


def _bad_item(question: Question, value: object) -> tuple[int, ...]:
    """The index of the first unacceptable item of a multi-choice list, to name its line."""
    if question.type != "multi" or not isinstance(value, list | tuple):
        return ()
    allowed = question.choice_set
    for index, item in enumerate(value):
        if not isinstance(item, str) or item not in allowed:
            return (index,)
    return ()


def read_answers(pack: Pack, path: str) -> Answers:
    """Read an answers file (or ``-``) and check it against the pack."""
    try:
        document = load_file(path, every=True)
    except StackpickError as exc:
        raise AnswersError(
            exc.message, source=exc.source, line=exc.line, column=exc.column
        ) from None
    return check_answers(pack, {}, document)


def parse_answers(pack: Pack, text: str, source: str = "<answers>") -> Answers:
    """Check answers given as YAML text."""
    return check_answers(pack, {}, parse(text, source, every=True))
