"""Lint a checked pack for what loads but cannot work.

That is: rules that never fire, and questions no rule reads.

A rule never fires when, in every answer state where its condition holds, an earlier
rule of the same criterion holds too (it is shadowed), or when its condition can never
hold. Found by trying every joint answer to the questions the criterion reads (integers
once per band, follow-ups also unasked), up to :data:`MAX_STATES`; a criterion with
more is reported as not checked, never guessed at.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from stackpick.answers import Answer
from stackpick.engine import model_of
from stackpick.models import Pack
from stackpick.robustness import alternatives

MAX_STATES = 50_000


@dataclass(frozen=True)
class Finding:
    """Something a pack author should look at; ``where`` is the pack location it is about."""

    where: tuple[str | int, ...]
    message: str


def lint(pack: Pack) -> list[Finding]:
    """Every rule that never fires, and every question nothing that scores reads.

    What scores: rules, constraints and the conditions that ask other questions.
    """
    return [*_never_fire(pack), *_unread(pack)]


def _domain(pack: Pack, question_id: str) -> list[Answer]:
    """Every answer the pack's conditions tell apart, plus 'not asked' for a follow-up."""
    model = model_of(pack)
    question = pack.question(question_id)
    default: Any = question.default
    start: Answer = tuple(default) if isinstance(default, list | tuple) else default
    values = [start, *alternatives(model, question_id, start)]
    return [*values, None] if question.when is not None else values


def _never_fire(pack: Pack) -> Iterator[Finding]:
    model = model_of(pack)
    for index, table in enumerate(model.criteria):
        domains = [_domain(pack, q) for q in table.reads]
        size = 1
        for domain in domains:
            size *= len(domain)
        if size > MAX_STATES:
            yield Finding(
                ("criteria", index),
                f"criterion '{table.criterion.id}': its rules read {size:,} answer states,"
                f" more than the {MAX_STATES:,} checked for rules that never fire",
            )
            continue
        fired: set[int] = set()
        for combination in itertools.product(*domains):
            values = dict(zip(table.reads, combination, strict=True))
            for r_index, (check, _) in enumerate(table.rules):
                if check is None or check(values):
                    fired.add(r_index)
                    break
        for r_index, _rule in enumerate(table.rules):
            if r_index not in fired:
                yield Finding(
                    ("criteria", index, "rules", r_index),
                    f"criterion '{table.criterion.id}': rule {r_index + 1} never fires (its"
                    " condition cannot hold, or an earlier rule always holds when it does)",
                )


def _unread(pack: Pack) -> Iterator[Finding]:
    model = model_of(pack)
    scored = set(model.readers) | set(model.constraint_readers) | set(model.followups)
    whens = [
        *(t.when for t in pack.tradeoffs),
        *(a.when for a in pack.advice),
        *(c.when for c in pack.checklist),
    ]
    for index, question in enumerate(pack.questions):
        if question.id in scored:
            continue
        shown = any(w is not None and question.id in w.questions() for w in whens)
        tail = (
            "only trade-offs, advice or checklist items read it, so it never moves a score"
            if shown
            else "nothing in the pack reads it"
        )
        yield Finding(("questions", index), f"question '{question.id}': {tail}")
